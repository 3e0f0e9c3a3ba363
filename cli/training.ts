// What every training command does between loading and exporting: report the data, fit with progress,
// describe the run and save the model.
import type { DenseStorage, DeviceChoice, Fit, StreamFit } from '../core/index.js';
import { dense, denseStorage, factorize, nnz } from '../core/index.js';
import type { Columns, Dataset } from '../loaders/index.js';
import type { ModelCoherence, OutputBatch, RunRecord } from '../exporters/index.js';
import { modelJson } from '../exporters/index.js';
import type { FactorizationArgs } from './options.js';
import type { Ui } from './progress.js';
import { progressReporter } from './progress.js';
import { VERSION } from './version.js';

/** Tell about skipped inputs: the count and the first few names, and under --verbose every one; and
 *  about images read as nothing (blankImages). */
export function reportSkipped(data: Pick<Dataset, 'skipped'> & Partial<Pick<Dataset, 'X' | 'columns'>>, ui: Ui): void {
  const blank = blankImages(data);
  if (blank) ui.note(blank);
  if (data.skipped.length === 0) return;
  const first = data.skipped
    .slice(0, 3)
    .map((s) => `${s.item} (${s.reason})`)
    .join('; ');
  ui.note(
    `latent: skipped ${data.skipped.length} input${data.skipped.length === 1 ? '' : 's'}: ` +
      `${first}${data.skipped.length > 3 ? '; … (--verbose lists them all)' : ''}`,
  );
  if (data.skipped.length > 3) for (const s of data.skipped) ui.detail(`skipped ${s.item}: ${s.reason}`);
}

/** A warning when more than a tenth of the images are all zero: transparency flattened onto black makes
 *  a symbolic icon (a glyph drawn on nothing) a black square, a row that adds nothing to the fit. */
export function blankImages(data: Partial<Pick<Dataset, 'X' | 'columns'>>): string | null {
  const { X, columns } = data;
  if (!X || X.kind !== 'dense' || columns?.kind !== 'images') return null;
  let blank = 0;
  for (let r = 0; r < X.rows; r++) {
    const row = X.data.subarray(r * X.cols, (r + 1) * X.cols);
    if (row.every((v) => v === 0)) blank++;
  }
  if (blank * 10 <= X.rows) return null;
  const s = columns.settings;
  const advice =
    s.alpha === 'intensity' || s.invert
      ? 'they add nothing to the fit'
      : `is their picture in their transparency? --alpha intensity takes opacity as the value (or --background ` +
        `'#ffffff' --invert)`;
  return (
    `latent: ${blank} of ${X.rows} images are all zero ` +
    `(black)${s.alpha === 'intensity' ? '' : ` once transparency is flattened onto ${s.background}`}: ${advice}`
  );
}

/** Where a loader puts a dense X: the memory of the device the fit may run on, where it has such memory
 *  (core's denseStorage), so that the fit reads X in place instead of holding a copy beside the loader's. */
export async function storageFor(device: DeviceChoice | undefined): Promise<DenseStorage | undefined> {
  return denseStorage(device);
}

/** What X's rows and columns are called, by kind of data. */
export const AXIS_NAMES = {
  text: ['documents', 'terms kept'],
  images: ['images', 'pixel values'],
  matrix: ['rows', 'columns'],
} as const;

export async function fitDataset(data: Dataset, args: FactorizationArgs, ui: Ui, loadSeconds: number): Promise<Fit> {
  reportSkipped(data, ui);
  const { X } = data;
  const [rowsAre, colsAre] = AXIS_NAMES[data.columns.kind];
  ui.detail(
    `loaded ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}, ${nnz(X)} nonzeros (${X.kind}), ` +
      `${data.missing ? `${data.missing.rows.length} missing, ` : ''}${data.skipped.length} skipped, in ` +
      `${loadSeconds.toFixed(2)} s`,
  );
  const progress = progressReporter(ui.progress);
  let fit: Fit;
  try {
    // a file's missing entries (--missing) are left out of the fit
    fit = await factorize(X, args, {
      onProgress: progress.onProgress,
      mask: data.missing ? { missing: data.missing } : undefined,
    });
  } finally {
    progress.end();
  }
  ui.detail(
    `factorized on ${fit.deviceDescription} in ${fit.seconds.toFixed(2)} s: F ${fit.objective.toPrecision(6)}, ` +
      `${fit.iterations} iterations, ${fit.converged ? 'converged' : 'not converged'}`,
  );
  if (!fit.converged) ui.note(notConverged(fit));
  return fit;
}

/** The run as JSON output documents report it. */
export function runSummary(fit: Fit) {
  return {
    options: fit.options,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
    device: fit.device,
    transfers: fit.transfers,
    seconds: fit.seconds,
    best: fit.best + 1,
    restarts: fit.restarts,
  };
}

export async function saveModel(
  batch: Pick<OutputBatch, 'write'>,
  path: string | undefined,
  fit: Fit,
  data: { columns: Columns; rows: string[] },
  coherence?: ModelCoherence,
): Promise<void> {
  if (path) await batch.write(path, modelJson(fit, data.columns, data.rows, VERSION, coherence));
}

/** A streamed fit's model: H and the loader, W's column sums in W's place (see exporters/model.ts). */
export async function saveStreamedModel(
  batch: OutputBatch,
  path: string | undefined,
  fit: StreamFit,
  columns: Columns,
  coherence?: ModelCoherence,
): Promise<void> {
  if (!path) return;
  const k = fit.H.rows;
  const like = {
    ...fit,
    W: dense(1, k, Float32Array.from(fit.columnSums)),
    iterations: fit.epochs,
    converged: fit.restarts[fit.best].converged,
  };
  await batch.write(path, modelJson(like, columns, [], VERSION, coherence, { rows: fit.rows }));
}

/** An argument as a shell would need it typed. */
const quoted = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** The command line that ran, as typed: for reports. */
export const commandLine = (): string => ['latent', ...process.argv.slice(2).map(quoted)].join(' ');

/** The run as a report records it. */
export function runRecord(fit: Fit, data: Dataset): RunRecord {
  const { X } = data,
    [rowsAre, colsAre] = AXIS_NAMES[data.columns.kind];
  return {
    command: commandLine(),
    options: fit.options,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
    device: fit.deviceDescription,
    seconds: fit.seconds,
    restarts: fit.restarts,
    best: fit.best,
    data: { rows: X.rows, cols: X.cols, nonzeros: nnz(X), rowsAre, colsAre },
    latent: VERSION,
    created: new Date().toISOString(),
  };
}

export const seconds = (start: number): number => (performance.now() - start) / 1000;

/** The line a fit that stopped before converging earns: where it stopped and what to give for more. */
export function notConverged(fit: Pick<Fit, 'iterations' | 'objective' | 'options'>): string {
  const byTime = fit.iterations < fit.options.maxIter;
  return (
    `latent: not converged: stopped at ` +
    `${byTime ? `--time-limit ${fit.options.timeLimit} s` : `--max-iter ${fit.options.maxIter}`} (iteration ` +
    `${fit.iterations}, F ${fit.objective.toPrecision(6)}); give a larger ` +
    `${byTime ? '--time-limit' : '--max-iter'} or --tol to let it converge`
  );
}
