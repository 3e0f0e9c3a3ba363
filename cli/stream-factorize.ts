// factorize --stream: a matrix file read a block of rows at a time on every pass (loaders' matrixBatches),
// fitted by online NMF (core's factorizeStream) in memory bounded by one block. W is never held: its
// rows go to PREFIX.W.csv|tsv as the final pass solves them, H is written at the end; without -o,
// stdout's JSON holds H and the run, not W. A file is read once per pass, so stdin is refused.
import type { StreamFit } from '../core/index.js';
import { factorizeStream, OPTION_NAMES, pickOptions, usageError } from '../core/index.js';
import type { FactorFormat, OutputFile } from '../exporters/index.js';
import {
  columnNames,
  delimitedHeader,
  delimitedRows,
  factorNames,
  formatFactor,
  matrixRows,
  OutputBatch,
} from '../exporters/index.js';
import type { MatrixFormat } from '../loaders/index.js';
import { matrixBatches } from '../loaders/index.js';
import type { FactorizationArgs } from './options.js';
import type { Ui } from './progress.js';
import { streamReporter } from './progress.js';
import { saveStreamedModel } from './training.js';
import { pendingOutputs } from './pending-outputs.js';

export interface StreamFactorizeArgs extends FactorizationArgs {
  matrix: string;
  inputFormat?: MatrixFormat;
  labels?: string;
  header?: boolean;
  rowLabels?: boolean;
  missing: boolean;
  completed?: string;
  report?: string;
  batchSize: number;
  epochs: number;
  forget: number;
  sweeps: number;
}

/** What --stream cannot do, as the line that says so; null when the request can stream. */
function refusal(a: StreamFactorizeArgs, format: FactorFormat, prefix: string | undefined): string | null {
  if (a.matrix === '-' || a.matrix === '') return '--stream reads the matrix once per pass: give a file, not stdin';
  if (a.missing || a.completed)
    return (
      `${a.missing ? '--missing' : '--completed'} masks entries, which the online fit does not: leave it out with ` +
      `--stream`
    );
  if (a.report) return "--report needs every row's coefficients at once: leave it out with --stream";
  if (prefix && format !== 'csv' && format !== 'tsv')
    return (
      `--format ${format}: with --stream W is written as its rows are solved, to a CSV or TSV file: give --format ` +
      `csv or tsv with -o`
    );
  return null;
}

/** Run it; `prefix` is -o's, resolved. Returns the JSON document for stdout when there is no -o. */
export async function streamFactorize(
  a: StreamFactorizeArgs,
  format: FactorFormat,
  prefix: string | undefined,
  ui: Ui,
): Promise<string | null> {
  const refused = refusal(a, format, prefix);
  if (refused) throw usageError(refused);
  const batches = await matrixBatches(
    a.matrix,
    { format: a.inputFormat, labels: a.labels, header: a.header, rowLabels: a.rowLabels },
    a.batchSize,
  );
  const batch = new OutputBatch(pendingOutputs);
  try {
    const delimiter = format === 'tsv' ? '\t' : ',',
      ext = format === 'tsv' ? 'tsv' : 'csv';
    const components = factorNames(a.k, 'matrix');
    const W: OutputFile | null = prefix ? await batch.open(`${prefix}.W.${ext}`) : null;
    // W's rows are labelled as batch mode labels them: by the file's row labels, else row numbers
    await W?.write(delimitedHeader(true, components, delimiter));
    const progress = streamReporter(ui.progress, a.epochs + 1, 0);
    let fit: StreamFit;
    try {
      fit = await factorizeStream(
        batches,
        {
          ...pickOptions(a, OPTION_NAMES),
          k: a.k,
          batchSize: a.batchSize,
          epochs: a.epochs,
          forget: a.forget,
          sweeps: a.sweeps,
        },
        {
          onProgress: progress.onProgress,
          onRows: async ({ W: rows, X }) => {
            await W?.write(delimitedRows(rows, batches.idsOf(X), delimiter));
          },
        },
      );
    } finally {
      progress.end();
    }
    await W?.close();
    const labels = batches.labels;
    if (prefix)
      await batch.write(
        `${prefix}.H.${ext}`,
        formatFactor(
          fit.H,
          format as 'csv' | 'tsv',
          components,
          columnNames(labels, fit.H.cols),
          `H of ${a.matrix}: components × columns`,
        ),
      );
    await saveStreamedModel(batch, a.model, fit, { kind: 'matrix', labels, format: batches.format });
    await batch.commit();
    const summary =
      `streamed ${fit.rows} rows in ${fit.batches} batches over ${fit.epochs} epochs on ${fit.deviceDescription} ` +
      `in ${fit.seconds.toFixed(2)} s: F ${fit.objective.toPrecision(6)} (online estimate ` +
      `${fit.onlineObjective.toPrecision(6)})`;
    if (prefix) {
      ui.note(`${summary}; wrote ${prefix}.{W,H}.${ext}`);
      return null;
    }
    ui.detail(summary);
    return (
      JSON.stringify({
        command: 'factorize',
        rows: fit.rows,
        cols: fit.H.cols,
        options: fit.options,
        stream: fit.stream,
        objective: fit.objective,
        onlineObjective: fit.onlineObjective,
        epochs: fit.epochs,
        batches: fit.batches,
        device: fit.device,
        seconds: fit.seconds,
        best: fit.best + 1,
        restarts: fit.restarts,
        columnLabels: labels,
        H: matrixRows(fit.H),
      }) + '\n'
    );
  } catch (e) {
    await batch.abort();
    throw e;
  }
}
