// latent transform --model FILE SOURCE: new documents, images or matrix rows → their coefficients with
// the model's H fixed, loaded with the model's own settings.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { transform } from '../../core/index.js';
import type { Model, TableFormat } from '../../exporters/index.js';
import { coefficientsTable, formatTable, readModel } from '../../exporters/index.js';
import type { Dataset, InputFormat, MatrixFormat } from '../../loaders/index.js';
import { loadImagesLike, loadMatrix, loadTextLike } from '../../loaders/index.js';
import type { CommonArgs } from '../options.js';
import { withTableFormat } from '../options.js';
import { makeUi } from '../progress.js';
import { textSource, withTextSource } from './topics.js';

type Args = CommonArgs & { model: string; source: string; textColumn?: string; idColumn?: string; inputFormat?: InputFormat; maxIter: number; raw: boolean; format: TableFormat };

/** New data loaded with the model's own loader settings. */
async function loadLike(model: Model, a: Args): Promise<Dataset> {
  switch (model.kind) {
    case 'text': return loadTextLike(await textSource(a), model.loader);
    case 'images': return loadImagesLike(a.source, model.loader);
    case 'matrix': return loadMatrix(a.source, { format: model.loader.format as MatrixFormat });
  }
}

export const transformCommand: CommandModule<object, Args> = {
  command: 'transform <source>',
  describe: 'coefficients of new documents, images or rows with a saved model\'s H fixed',
  builder: (y) => withTableFormat(withTextSource(y))
    .option('model', { type: 'string', demandOption: true, describe: 'a model file written by --model', group: 'Input:' })
    .option('max-iter', { type: 'number', default: 200, describe: 'iterations at most', group: 'Factorization:' })
    .option('raw', { type: 'boolean', default: false, describe: 'write W itself instead of each row\'s proportions', group: 'Output:' })
    .example('$0 topics fixtures/emails --model emails.model && $0 transform --model emails.model new-mail/', 'topic weights of new emails') as unknown as Argv<Args>,
  handler: async (a: ArgumentsCamelCase<Args>) => {
    makeUi(a);
    const model = await readModel(a.model);
    const { X, rows } = await loadLike(model, a);
    const o = model.options;
    const result = await transform(X, model.H, {
      method: o.method, loss: o.loss, maxIter: a.maxIter, tol: o.tol, l1W: o.l1W, l2W: o.l2W, lr: o.lr, lrDecay: o.lrDecay, nonnegative: o.nonnegative, device: o.device,
    });
    const table = coefficientsTable(result.W, model.H, rows, model.kind, a.raw);
    process.stdout.write(a.format === 'json'
      ? JSON.stringify({ command: 'transform', model: a.model, objective: result.objective, iterations: result.iterations, converged: result.converged, device: result.device, values: a.raw ? 'raw' : 'proportions', columns: table.columns.slice(2), rows: table.rows.map(([id, heaviest, ...w]) => ({ id, heaviest, weights: w })) }, null, 2) + '\n'
      : formatTable(table, a.format));
  },
};
