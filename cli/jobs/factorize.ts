// The factorize job: a matrix file → W and H, as files (-o PREFIX) or one document (JSON, or a summary
// to read); --stream fits online, --distributed as one rank of an MPI job.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Fit } from '../../core/index.js';
import { usageError } from '../../core/index.js';
import type { FactorFormat } from '../../exporters/index.js';
import {
  columnNames,
  completedMatrix,
  COMPONENT_COLUMNS,
  factorNames,
  formatFactor,
  html,
  matrixFormatOf,
  matrixRows,
  reportPage,
  topicsBody,
  topicsOf,
} from '../../exporters/index.js';
import type { Dataset, MatrixFormat } from '../../loaders/index.js';
import { loadMatrix } from '../../loaders/index.js';
import type { DistributedFactorizeArgs } from '../distributed/factorize.js';
import { distributedFactorize } from '../distributed/factorize.js';
import { runAsRank } from '../distributed/job.js';
import { factorSummary } from '../factor-summary.js';
import { topicTextOptions } from '../options.js';
import type { Ui } from '../progress.js';
import type { StreamSink } from '../stdout.js';
import type { StreamFactorizeArgs } from '../stream-factorize.js';
import { streamFactorize } from '../stream-factorize.js';
import { fitDataset, runRecord, runSummary, saveModel, seconds, storageFor } from '../training.js';
import type { JobResult } from './job.js';
import { JobFiles, later } from './job.js';

export interface FactorizeOptions extends StreamFactorizeArgs, DistributedFactorizeArgs {
  inputFormat?: MatrixFormat;
  /** -o PREFIX (a folder: files named after the matrix). */
  output?: string;
  /** The factor files' format, or the document's: json, or text (a summary, on stdout alone). */
  format: FactorFormat | 'text';
  stream: boolean;
  distributed?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

const EXTENSIONS: Record<Exclude<FactorFormat, 'json'>, string> = { csv: 'csv', tsv: 'tsv', matrixmarket: 'mtx' };

/** -o PREFIX; a folder (out/, or one that exists) gets files named after the matrix: out/small.W.csv. */
function prefixOf(output: string, matrix: string): string {
  const folder = output.endsWith('/') || (existsSync(output) && statSync(output).isDirectory());
  return folder ? join(output, basename(matrix).replace(/\.[^.]*$/, '')) : output;
}

/** What the options cannot do together, as one line. */
function checkOptions(o: FactorizeOptions): void {
  if (o.format === 'text' && o.output)
    throw usageError(
      '--format text is a summary to read on stdout: leave out -o, ' +
        'or give -o with --format csv, tsv, matrixmarket or json',
    );
  if (o.format === 'text' && o.stream)
    throw usageError('--format text: with --stream, factorize writes JSON (or -o files); leave --format out');
  if (!o.output && o.format !== 'json' && o.format !== 'text')
    throw usageError(`--format ${o.format} writes two files: give -o PREFIX, or leave --format out for JSON on stdout`);
  if (o.resume && !o.checkpoint) throw usageError('--resume continues from --checkpoint DIR: name the folder');
  if (o.distributed && (o.stream || o.report || o.completed))
    throw usageError(
      `${o.stream ? '--stream' : o.report ? '--report' : '--completed'} is not available with --distributed: ` +
        `leave it out`,
    );
  if (!o.distributed && o.checkpoint)
    throw usageError("--checkpoint saves a --distributed fit's state: add --distributed (topics --stream has its own)");
}

/** The factors as one JSON document (stdout, or PREFIX.json). */
const factorsJson = (data: Dataset, fit: Fit, labels: string[] | null) =>
  JSON.stringify({
    command: 'factorize',
    rows: data.X.rows,
    cols: data.X.cols,
    ...runSummary(fit),
    rowIds: data.rows,
    columnLabels: labels,
    W: matrixRows(fit.W),
    H: matrixRows(fit.H),
  }) + '\n';

/** Every file the fit in memory makes: the factors, the model, the completed matrix, the report. */
async function factorFiles(
  o: FactorizeOptions,
  format: FactorFormat,
  prefix: string | undefined,
  data: Dataset,
  fit: Fit,
) {
  const files = new JobFiles();
  const labels = data.columns.kind === 'matrix' ? data.columns.labels : null;
  const components = factorNames(fit.W.cols, 'matrix');
  if (prefix && format === 'json')
    await files.write(
      `${prefix}.json`,
      later(() => factorsJson(data, fit, labels)),
    );
  else if (prefix && format !== 'json') {
    const what = (factor: string, shape: string) => `${factor} of ${o.matrix}: ${shape}`;
    await files.write(
      `${prefix}.W.${EXTENSIONS[format]}`,
      later(() => formatFactor(fit.W, format, data.rows, components, what('W', 'rows × components'))),
    );
    const columns = columnNames(labels, fit.H.cols);
    await files.write(
      `${prefix}.H.${EXTENSIONS[format]}`,
      later(() => formatFactor(fit.H, format, components, columns, what('H', 'components × columns'))),
    );
  }
  await saveModel(files, o.model, fit, data);
  if (o.completed) {
    const completedAs = matrixFormatOf(o.completed);
    // row labels as the input had them: none where its rows were only numbered
    const numbered = data.rows.every((id, i) => id === String(i + 1));
    const filled = `${o.matrix} with its ${data.missing?.rows.length ?? 0} missing entries filled by W·H`;
    await files.write(
      o.completed,
      later(() =>
        formatFactor(
          completedMatrix(data.X, data.missing, fit.W, fit.H),
          completedAs,
          numbered ? null : data.rows,
          columnNames(labels, fit.H.cols),
          filled,
        ),
      ),
    );
  }
  if (o.report) {
    const topics = topicsOf(fit.W, fit.H, columnNames(labels, fit.H.cols), 10);
    const summary = html`${fit.W.cols} components of a ${data.X.rows} × ${data.X.cols} matrix`;
    const body = topicsBody(topics, fit.H, COMPONENT_COLUMNS);
    await files.write(
      o.report,
      later(() => reportPage(`Components of ${o.matrix}`, summary, body, runRecord(fit, data))),
    );
  }
  return files.list;
}

/** `stream` takes rank 0's document under --distributed. */
export async function factorizeJob(o: FactorizeOptions, ui: Ui, stream: StreamSink): Promise<JobResult> {
  const prefix = o.output === undefined ? undefined : prefixOf(o.output, o.matrix);
  checkOptions(o);
  // the summary is for stdout alone; the JSON it stands in for is what -o PREFIX.json would hold
  const format: FactorFormat = o.format === 'text' ? 'json' : o.format;
  if (o.distributed) {
    const flags = { quiet: o.quiet, verbose: o.verbose };
    await runAsRank(flags, (job) => distributedFactorize(o, format, prefix, job), stream);
    return { files: null, document: '' };
  }
  if (o.stream) return { files: null, document: (await streamFactorize(o, format, prefix, ui)) ?? '' };
  const start = performance.now();
  const data = await loadMatrix(o.matrix, {
    format: o.inputFormat,
    labels: o.labels,
    header: o.header,
    rowLabels: o.rowLabels,
    missing: o.missing,
    storage: await storageFor(o.device),
  });
  const fit = await fitDataset(data, o, ui, seconds(start));
  const files = await factorFiles(o, format, prefix, data, fit);
  const labels = data.columns.kind === 'matrix' ? data.columns.labels : null;
  if (prefix) {
    const wrote = `${prefix}.${format === 'json' ? 'json' : `{W,H}.${EXTENSIONS[format]}`}`;
    const text = `F ${fit.objective.toPrecision(6)} after ${fit.iterations} iterations; wrote ${wrote}`;
    return { files, document: '', messages: [{ text }] };
  }
  const document =
    o.format === 'text'
      ? factorSummary(o.matrix, data.X, fit, labels, topicTextOptions({}))
      : factorsJson(data, fit, labels);
  return { files, document };
}
