// latent images FOLDER --out-dir DIR: an image folder → basis images, a montage, coefficients and
// optional reconstructions, with a summary on stdout.
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { usageError } from '../../core/index.js';
import type { ImageShape } from '../../exporters/index.js';
import {
  basisPng,
  coefficientRows,
  comparisonPng,
  factorShares,
  formatTable,
  html,
  imagesBody,
  montagePng,
  OutputBatch,
  reconstruction,
  reportPage,
  tableChunks,
} from '../../exporters/index.js';
import { loadImages } from '../../loaders/index.js';
import type { ArgsOf } from '../options.js';
import {
  imageOptions,
  withExamples,
  withFactorization,
  withImageOptions,
  withReport,
  withTableFormat,
} from '../options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { loadingReporter, makeUi } from '../progress.js';
import { fitDataset, runRecord, runSummary, saveModel, seconds, storageFor } from '../training.js';

const builder = (y: Argv) =>
  withExamples(
    withReport(
      withTableFormat(
        withFactorization(
          withImageOptions(
            y.positional('folder', {
              type: 'string',
              demandOption: true,
              describe: 'a folder of images (searched recursively)',
            }),
          ),
          'components',
          16,
        ),
      ),
    )
      .option('out-dir', {
        type: 'string',
        demandOption: true,
        describe: 'where the PNGs and coefficients.csv go',
        group: 'Output:',
      })
      .option('raw', {
        type: 'boolean',
        default: false,
        describe: "coefficients.csv holds W itself instead of each image's proportions",
        group: 'Output:',
      })
      .option(
        'reconstructions',
        ruleFlag('reconstructions', COMMAND_RULES.reconstructions, {
          default: 0,
          describe: 'also write original|reconstruction PNGs for the first N images',
          group: 'Output:',
        }),
      ),
    [
      ['$0 images fixtures/digits --out-dir out -k 16', 'sixteen basis images of the shipped digits'],
      ['$0 images photos --size 64x64 --color --out-dir bases --reconstructions 5', 'color photos resized to 64×64'],
    ],
  );

export const imagesCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'images <folder>',
  describe: 'find basis images in a folder of images',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    const options = imageOptions(a);
    const start = performance.now();
    const loading = loadingReporter(ui.progress);
    const data = await loadImages(
      a.folder,
      { ...options, storage: await storageFor(a.device) },
      { progress: loading.progress },
    ).finally(loading.end);
    const fit = await fitDataset(data, a, ui, seconds(start));
    if (data.columns.kind !== 'images' || data.X.kind !== 'dense')
      throw new Error('the images loader returns dense pixels and their shape');
    const shape: ImageShape = data.columns;
    const k = fit.W.cols;
    const digits = String(k).length;
    const names = Array.from({ length: k }, (_, t) => `basis-${String(t + 1).padStart(digits, '0')}.png`);
    const batch = new OutputBatch();
    for (let t = 0; t < k; t++) await batch.write(join(a.outDir, names[t]), await basisPng(fit.H, t, shape));
    await batch.write(join(a.outDir, 'montage.png'), await montagePng(fit.H, shape));
    await batch.write(
      join(a.outDir, 'coefficients.csv'),
      tableChunks(coefficientRows(fit.W, fit.H, data.rows, 'images', a.raw), 'csv'),
    );
    const rebuilt: string[] = [];
    for (let i = 0; i < Math.min(a.reconstructions, data.X.rows); i++) {
      const name = join('reconstructions', `${String(i + 1).padStart(String(a.reconstructions).length, '0')}.png`);
      const original = data.X.data.subarray(i * data.X.cols, (i + 1) * data.X.cols);
      await batch.write(join(a.outDir, name), await comparisonPng(original, reconstruction(fit.W, fit.H, i), shape));
      rebuilt.push(name);
    }
    await saveModel(batch, a.model, fit, data);
    const shares = factorShares(fit.W, fit.H);
    if (a.report) {
      const body = await imagesBody({
        W: fit.W,
        H: fit.H,
        X: data.X,
        rows: data.rows,
        shape,
        shares,
        reconstructions: a.reconstructions,
      });
      await batch.write(
        a.report,
        reportPage(
          `Basis images of ${a.folder}`,
          html`${k} basis images of ${data.X.rows} images (${shape.width}×${shape.height}${shape.channels === 3 ? ', color' : ''})`,
          body,
          runRecord(fit, data),
        ),
      );
    }
    await batch.commit();
    const table = {
      columns: ['component', 'share', 'file'],
      rows: names.map((n, t) => [t + 1, shares[t], join(a.outDir, n)]),
    };
    if (a.format === 'json') {
      process.stdout.write(
        JSON.stringify(
          {
            command: 'images',
            images: data.X.rows,
            width: shape.width,
            height: shape.height,
            channels: shape.channels,
            outDir: a.outDir,
            ...runSummary(fit),
            components: table.rows.map(([component, share, file]) => ({ component, share, file })),
            montage: join(a.outDir, 'montage.png'),
            coefficients: join(a.outDir, 'coefficients.csv'),
            reconstructions: rebuilt.map((r) => join(a.outDir, r)),
          },
          null,
          2,
        ) + '\n',
      );
    } else if (a.format === 'text') {
      process.stdout.write(
        `${k} basis images of ${data.X.rows} images (${shape.width}×${shape.height}${shape.channels === 3 ? ', color' : ''}) in ${a.outDir}: F ${fit.objective.toPrecision(6)}, ${fit.iterations} iterations${fit.converged ? '' : ' (not converged)'}\n`,
      );
      process.stdout.write(formatTable(table, 'text'));
    } else {
      process.stdout.write(formatTable(table, a.format));
    }
  },
};
