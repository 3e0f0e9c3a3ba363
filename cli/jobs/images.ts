// The images job: an image folder → basis images, a montage, coefficients and optional
// reconstructions, with a summary as the document.
import { join } from 'node:path';
import type { Dataset } from '../../loaders/index.js';
import { loadImages } from '../../loaders/index.js';
import type { Dense, Fit } from '../../core/index.js';
import type { ImageShape, TableFormat } from '../../exporters/index.js';
import {
  basisPng,
  coefficientRows,
  comparisonPng,
  factorShares,
  formatTable,
  html,
  imagesBody,
  montagePng,
  reconstruction,
  reportPage,
  tableChunks,
} from '../../exporters/index.js';
import type { FactorizationArgs } from '../options.js';
import type { ImageArgs } from '../image-options.js';
import { imageOptions } from '../image-options.js';
import type { Ui } from '../progress.js';
import { loadingReporter } from '../progress.js';
import { fitDataset, runRecord, runSummary, saveModel, seconds, storageFor } from '../training.js';
import type { JobResult } from './job.js';
import { JobFiles, later } from './job.js';

export interface ImagesOptions extends FactorizationArgs, ImageArgs {
  folder: string;
  outDir: string;
  /** coefficients.csv holds W itself, not each image's proportions. */
  raw: boolean;
  /** Original|reconstruction PNGs for the first so many images. */
  reconstructions: number;
  format: TableFormat;
  report?: string;
}

/** What the fit made, for the files and the document. */
interface Made {
  data: Dataset;
  fit: Fit;
  /** X, dense as the images loader returns it. */
  pixels: Dense;
  shape: ImageShape;
  /** The basis images' file names, in order. */
  names: string[];
  /** The reconstructions' file names under the output folder. */
  rebuilt: string[];
  shares: number[];
}

const described = (m: Made) =>
  `${m.fit.W.cols} basis images of ${m.data.X.rows} images ` +
  `(${m.shape.width}×${m.shape.height}${m.shape.channels === 3 ? ', color' : ''})`;

async function writeImages(files: JobFiles, m: Made, o: ImagesOptions): Promise<void> {
  const { data, fit, shape } = m;
  for (let t = 0; t < m.names.length; t++)
    await files.write(
      join(o.outDir, m.names[t]),
      later(() => basisPng(fit.H, t, shape)),
    );
  await files.write(
    join(o.outDir, 'montage.png'),
    later(() => montagePng(fit.H, shape)),
  );
  const coefficients = () => tableChunks(coefficientRows(fit.W, fit.H, data.rows, 'images', o.raw), 'csv');
  await files.write(join(o.outDir, 'coefficients.csv'), later(coefficients));
  const X = m.pixels;
  for (let i = 0; i < Math.min(o.reconstructions, X.rows); i++) {
    const name = join('reconstructions', `${String(i + 1).padStart(String(o.reconstructions).length, '0')}.png`);
    const original = X.data.subarray(i * X.cols, (i + 1) * X.cols);
    await files.write(
      join(o.outDir, name),
      later(() => comparisonPng(original, reconstruction(fit.W, fit.H, i), shape)),
    );
    m.rebuilt.push(name);
  }
}

async function report(m: Made, o: ImagesOptions): Promise<string> {
  const { data, fit } = m;
  const body = await imagesBody({
    W: fit.W,
    H: fit.H,
    X: m.pixels,
    rows: data.rows,
    shape: m.shape,
    shares: m.shares,
    reconstructions: o.reconstructions,
  });
  return reportPage(`Basis images of ${o.folder}`, html`${described(m)}`, body, runRecord(fit, data));
}

function document(m: Made, o: ImagesOptions): string {
  const { data, fit, shape } = m;
  const table = {
    columns: ['component', 'share', 'file'],
    rows: m.names.map((n, t) => [t + 1, m.shares[t], join(o.outDir, n)]),
  };
  if (o.format === 'json')
    return (
      JSON.stringify(
        {
          command: 'images',
          images: data.X.rows,
          width: shape.width,
          height: shape.height,
          channels: shape.channels,
          outDir: o.outDir,
          ...runSummary(fit),
          components: table.rows.map(([component, share, file]) => ({ component, share, file })),
          montage: join(o.outDir, 'montage.png'),
          coefficients: join(o.outDir, 'coefficients.csv'),
          reconstructions: m.rebuilt.map((r) => join(o.outDir, r)),
        },
        null,
        2,
      ) + '\n'
    );
  if (o.format !== 'text') return formatTable(table, o.format);
  const run =
    `F ${fit.objective.toPrecision(6)}, ${fit.iterations} iterations` + (fit.converged ? '' : ' (not converged)');
  return `${described(m)} in ${o.outDir}: ${run}\n` + formatTable(table, 'text');
}

export async function imagesJob(o: ImagesOptions, ui: Ui): Promise<JobResult> {
  const options = imageOptions(o);
  const start = performance.now();
  const loading = loadingReporter(ui.progress);
  const data = await loadImages(
    o.folder,
    { ...options, storage: await storageFor(o.device) },
    { progress: loading.progress },
  ).finally(loading.end);
  const fit = await fitDataset(data, o, ui, seconds(start));
  if (data.columns.kind !== 'images' || data.X.kind !== 'dense')
    throw new Error('the images loader returns dense pixels and their shape');
  const k = fit.W.cols;
  const digits = String(k).length;
  const names = Array.from({ length: k }, (_, t) => `basis-${String(t + 1).padStart(digits, '0')}.png`);
  const shares = factorShares(fit.W, fit.H);
  const made: Made = { data, fit, pixels: data.X, shape: data.columns, names, rebuilt: [], shares };
  const files = new JobFiles();
  await writeImages(files, made, o);
  await saveModel(files, o.model, fit, data);
  if (o.report)
    await files.write(
      o.report,
      later(() => report(made, o)),
    );
  return { files: files.list, document: document(made, o) };
}
