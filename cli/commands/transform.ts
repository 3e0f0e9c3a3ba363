// latent transform --model FILE SOURCE: new documents, images or matrix rows → their coefficients with
// the model's H fixed, loaded with the model's own settings.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Matrix } from '../../core/index.js';
import { dataError, transform } from '../../core/index.js';
import type { TableFormat } from '../../exporters/index.js';
import { formatTable, matrixTable, readModel } from '../../exporters/index.js';
import { forEachDocument, listFiles, loadImagesLike, loadMatrix, vectorizeWith } from '../../loaders/index.js';
import type { CommonArgs } from '../options.js';
import { withTableFormat } from '../options.js';
import { makeUi } from '../progress.js';
import { textSource, withTextSource } from './topics.js';
import { stat } from 'node:fs/promises';

type Args = CommonArgs & { model: string; source: string; textColumn?: string; idColumn?: string; maxIter: number; format: TableFormat };

async function loadLike(model: Awaited<ReturnType<typeof readModel>>, a: Args): Promise<{ X: Matrix; rows: string[] }> {
  if (model.kind === 'text') {
    const ids: string[] = [], texts: string[] = [];
    await forEachDocument(await textSource(a), (d) => { ids.push(d.id); texts.push(d.text); });
    if (ids.length === 0) throw dataError(`${a.source}: no documents in it`);
    return { X: vectorizeWith(model.loader, texts), rows: ids };
  }
  if (model.kind === 'images') {
    const info = await stat(a.source).catch(() => null);
    const files = info?.isDirectory() ? await listFiles(a.source) : [a.source];
    const d = await loadImagesLike(files, model.loader);
    return { X: d.X, rows: d.rows };
  }
  const d = await loadMatrix(a.source, { format: model.loader.format as never });
  return { X: d.X, rows: d.rows };
}

export const transformCommand: CommandModule<object, Args> = {
  command: 'transform <source>',
  describe: 'coefficients of new documents, images or rows with a saved model\'s H fixed',
  builder: (y) => withTableFormat(withTextSource(y))
    .option('model', { type: 'string', demandOption: true, describe: 'a model file written by --model', group: 'Input:' })
    .option('max-iter', { type: 'number', default: 200, describe: 'iterations at most', group: 'Factorization:' })
    .example('$0 topics fixtures/emails --model emails.model && $0 transform --model emails.model new-mail/', 'topic weights of new emails') as unknown as Argv<Args>,
  handler: async (a: ArgumentsCamelCase<Args>) => {
    makeUi(a);
    const model = await readModel(a.model);
    const { X, rows } = await loadLike(model, a);
    const o = model.options;
    const result = await transform(X, model.H, {
      method: o.method, loss: o.loss, maxIter: a.maxIter, tol: o.tol, l1W: o.l1W, l2W: o.l2W, lr: o.lr, lrDecay: o.lrDecay, nonnegative: o.nonnegative, device: o.device,
    });
    const k = model.H.rows;
    const table = matrixTable(result.W, rows, Array.from({ length: k }, (_, t) => `component${t + 1}`));
    process.stdout.write(a.format === 'json'
      ? JSON.stringify({ command: 'transform', model: a.model, objective: result.objective, iterations: result.iterations, converged: result.converged, device: result.device, rows: table.rows.map(([id, ...w]) => ({ id, weights: w })) }, null, 2) + '\n'
      : formatTable(table, a.format));
  },
};
