// The transform job: new documents, images or matrix rows → their coefficients with the model's H
// fixed, loaded with the model's own settings. What is minimized comes from the model; how long and
// where it runs (the device included) from the options. --stream writes rows to a sink as they are solved.
import { optionsOfRole, pickOptions, transform, usageError } from '../../core/index.js';
import type { Model } from '../../exporters/index.js';
import {
  coefficientRows,
  groupsTable,
  readModel,
  tableChunks,
  transformWriter,
  topicLabels,
} from '../../exporters/index.js';
import type { GroupArgs } from '../groups.js';
import { groupPlan, groupsOf, sourceSpec, withLabelFile } from '../groups.js';
import { loadLike } from '../load-like.js';
import type { RunArgs } from '../options.js';
import type { Ui } from '../progress.js';
import type { StreamSink } from '../stdout.js';
import type { StreamTransformArgs } from '../stream-transform.js';
import { streamTransform } from '../stream-transform.js';
import { tableFormatOf } from '../table-format.js';
import { reportSkipped } from '../training.js';
import type { JobFile, JobResult } from './job.js';

export interface TransformOptions extends StreamTransformArgs, GroupArgs, RunArgs {
  stream?: boolean;
  quiet?: boolean;
}

/** Words per topic and group in the --groups table. */
const TOP_WORDS = 10;

/** Groups are of documents, and not yet of a stream. */
function checkGroups(o: TransformOptions, model: Model): void {
  const flag = o.classColumn !== undefined ? '--class-column' : '--time-column';
  if (model.kind !== 'text')
    throw usageError(`${flag} applies to documents, but ${o.model} is a model of ${model.kind}`);
  if (o.stream) throw usageError(`${flag} is not built for --stream yet: leave --stream out`);
}

/** `stream` takes the rows of --stream as they are solved; otherwise the table is the document. */
export async function transformJob(o: TransformOptions, ui: Ui, stream: StreamSink): Promise<JobResult> {
  const groups = groupPlan(o, null);
  const model = await readModel(o.model);
  if (groups.wanted) checkGroups(o, model);
  if (o.stream) {
    await streamTransform(o, model, ui, stream);
    return { files: null, document: '' };
  }
  const data = await withLabelFile(await loadLike(model, sourceSpec(o)), o, ui);
  reportSkipped(data, ui);
  const result = await transform(data.X, model.H, {
    ...pickOptions(model.options, optionsOfRole('model')),
    ...pickOptions(o, optionsOfRole('run')),
  });
  ui.detail(
    `transformed ${data.X.rows} rows on ${result.device} in ${result.seconds.toFixed(2)} s: ` +
      `F ${result.objective.toPrecision(6)}, ${result.iterations} iterations, ` +
      (result.converged ? 'converged' : 'not converged'),
  );
  // the writer --stream uses, given every row at once: the same bytes for the same rows
  const labels = model.kind === 'text' ? topicLabels(model.H, model.loader.terms) : undefined;
  const table = coefficientRows(result.W, model.H, data.rows, model.kind, o.raw, labels);
  const out = transformWriter(table.columns, o.format, o.model, o.raw);
  let files: JobFile[] | null = null;
  if (groups.wanted && o.groups) {
    const tables = groupsOf(data, result.W, model.H, groups.bins, TOP_WORDS, o.source || 'stdin');
    files = [{ path: o.groups, content: tableChunks(groupsTable(tables), tableFormatOf(o.groups)) }];
  }
  return { files, document: out.rows(table) + out.end(result) };
}
