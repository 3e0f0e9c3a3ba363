// transform --stream: new rows read a batch at a time, each batch's W solved with the model's H fixed
// (core's transformStream) and its rows written to stdout before the next batch is read; nothing of
// the table is held. One pass over the source, so a text model reads stdin as well as a file.
import type { BatchSource, Matrix } from '../core/index.js';
import { dense, optionsOfRole, pickOptions, transformStream, usageError } from '../core/index.js';
import type { Model, TableFormat } from '../exporters/index.js';
import { coefficientRows, transformWriter, topicLabels } from '../exporters/index.js';
import type { LoaderEvents, TextSourceSpec } from '../loaders/index.js';
import { matrixBatches, recordingSkips, textBatches } from '../loaders/index.js';
import { textSource } from './text-options.js';
import type { Ui } from './progress.js';
import type { StreamSink } from './stdout.js';
import { reportSkipped } from './training.js';

export interface StreamTransformArgs extends TextSourceSpec {
  source: string;
  model: string;
  format: TableFormat;
  raw: boolean;
  batchSize: number;
}

/** The new rows in batches, read as the model's loader read its training rows. */
async function batchesLike(
  model: Model,
  a: StreamTransformArgs,
  events: LoaderEvents,
): Promise<BatchSource & { idsOf(X: Matrix): string[] }> {
  switch (model.kind) {
    case 'text':
      return textBatches(await textSource(a), model.loader, a.batchSize, null, 0, 0, events, false);
    case 'matrix':
      return matrixBatches(a.source, { format: model.loader.format }, a.batchSize);
    default:
      throw usageError(
        '--stream reads documents and matrix rows a batch at a time; images are read whole: leave out --stream',
      );
  }
}

/** Each batch's rows go to `write` as they are solved. */
export async function streamTransform(a: StreamTransformArgs, model: Model, ui: Ui, write: StreamSink): Promise<void> {
  const { skipped, events } = recordingSkips({});
  const batches = await batchesLike(model, a, events);
  const labels = model.kind === 'text' ? topicLabels(model.H, model.loader.terms) : undefined;
  const columns = coefficientRows(dense(0, model.H.rows), model.H, [], model.kind, false, labels).columns;
  const out = transformWriter(columns, a.format, a.model, a.raw);
  const result = await transformStream(
    batches,
    model.H,
    { ...pickOptions(model.options, optionsOfRole('model')), ...pickOptions(a, optionsOfRole('run')) },
    ({ W, X }) => write(out.rows(coefficientRows(W, model.H, batches.idsOf(X), model.kind, a.raw, labels))),
  );
  await write(out.end(result));
  reportSkipped({ skipped }, ui);
  ui.detail(
    `transformed ${result.rows} rows in ${result.batches} batches on ${result.device} in ` +
      `${result.seconds.toFixed(2)} s: F ${result.objective.toPrecision(6)}, at most ${result.iterations} ` +
      `iterations a batch, ${result.converged ? 'every batch converged' : 'not every batch converged'}`,
  );
}
