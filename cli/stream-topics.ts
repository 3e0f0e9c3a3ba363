// `latent topics --stream`: the corpus read pass after pass, never held — a counting pass for the
// vocabulary (unless --vocab gives one), the online fit's epochs, and a final pass whose rows go
// straight to --doc-topics. Coherence is measured on a seeded sample of the documents, and says so.
import type { Csr, StreamFit, StreamState } from '../core/index.js';
import type { TimeBins } from '../evaluate/index.js';
import { dense, factorizeStream, pickOptions, OPTION_NAMES, optionsOfRole, usageError } from '../core/index.js';
import type { Fingerprint } from './checkpoint.js';
import { readCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { OutputFile, TableFormat, Topic } from '../exporters/index.js';
import {
  coefficientRows,
  coherence,
  formatTable,
  groupsTable,
  groupsText,
  OutputBatch,
  rowsOf,
  readModel,
  tableChunks,
  tableWriter,
  topicsOf,
  topicsTable,
  topicsText,
  withCoherence,
  topicLabels,
} from '../exporters/index.js';
import { streamGroups } from './groups.js';
import { tableFormatOf } from './table-format.js';
import type { TextBatches, TextModel, TextSource, VectorizeOptions } from '../loaders/index.js';
import { countVocabulary, textBatches, tokenStreamsWith, vectorizeWith } from '../loaders/index.js';
import type { Ui } from './progress.js';
import { loadingReporter, streamReporter } from './progress.js';
import { topicTextOptions } from './options.js';
import { saveStreamedModel } from './training.js';
import { pendingOutputs } from './pending-outputs.js';

/** Documents kept aside for coherence: enough for stable NPMI of the top words, small beside any corpus. */
export const COHERENCE_SAMPLE = 20_000;

export interface StreamTopicsArgs {
  source: string;
  k: number;
  seed?: number;
  top: number;
  format: TableFormat;
  coherence: boolean;
  raw: boolean;
  docTopics?: string;
  model?: string;
  weights?: boolean;
  batchSize: number;
  epochs: number;
  forget: number;
  sweeps: number;
  vocab?: string;
  checkpoint?: string;
  resume: boolean;
  /** Where the per-class and per-period table goes (--groups FILE), when there is one. */
  groups?: string;
}

/** What the final pass sums per class and period, when the source has label columns. */
export type StreamGroupsPlan = { bins: TimeBins } | null;

/** The settings a checkpoint must share with the run resuming it: all but the number of epochs and
 *  where and how long it runs. */
const fingerprintOf = (a: StreamTopicsArgs, options: VectorizeOptions): Fingerprint => ({
  source: a.source,
  ...pickOptions(a, optionsOfRole('shape')),
  ...pickOptions(a, optionsOfRole('model')),
  batchSize: a.batchSize,
  forget: a.forget,
  sweeps: a.sweeps,
  vocab: a.vocab ?? null,
  tokens: options,
  coherence: a.coherence,
});

/** The vocabulary to vectorize with: a saved model's, or the corpus's own from a counting pass. */
async function vocabularyOf(
  a: StreamTopicsArgs,
  source: TextSource,
  options: VectorizeOptions,
  ui: Ui,
): Promise<{ model: TextModel; documents: number | null }> {
  if (a.vocab) {
    const saved = await readModel(a.vocab);
    if (saved.kind !== 'text') throw usageError(`--vocab ${a.vocab}: it is a model of ${saved.kind}, not of text`);
    return { model: saved.loader, documents: null };
  }
  const loading = loadingReporter(ui.progress);
  const began = performance.now();
  const counted = await countVocabulary(source, options, { progress: loading.progress }).finally(loading.end);
  ui.detail(
    `counted ${counted.documents} documents, ${counted.model.keys.length} terms kept, in ` +
      `${((performance.now() - began) / 1000).toFixed(2)} s`,
  );
  return counted;
}

export async function streamTopics(
  a: StreamTopicsArgs,
  source: TextSource,
  options: VectorizeOptions,
  ui: Ui,
  docTopicsFormat: TableFormat | null,
  grouping: StreamGroupsPlan = null,
): Promise<string> {
  if (source.kind === 'stream')
    throw usageError('--stream reads its source once per pass: give a file or folder, not stdin');
  if (docTopicsFormat === 'text')
    throw usageError(
      `--doc-topics ${a.docTopics}: with --stream the table is written as its rows are solved; name a .csv, .tsv ` +
        `or .json file`,
    );
  if (a.resume && !a.checkpoint) throw usageError('--resume continues from --checkpoint DIR: name the folder');
  const fingerprint = fingerprintOf(a, options);
  const resumed = a.resume ? readCheckpoint(a.checkpoint!, fingerprint) : null;
  const batch = new OutputBatch(pendingOutputs);
  try {
    const { model, documents } = resumed ?? (await vocabularyOf(a, source, options, ui));
    const batches = textBatches(
      source,
      model,
      a.batchSize,
      documents,
      a.coherence && !resumed ? COHERENCE_SAMPLE : 0,
      a.seed ?? 0,
    );
    if (resumed) batches.sample.push(...resumed.sample);
    const save = a.checkpoint
      ? (state: StreamState) =>
          saveCheckpoint(a.checkpoint!, fingerprint, { state, model, documents, sample: batches.sample })
      : undefined;
    try {
      const groups =
        grouping && 'labels' in source && source.labels?.length
          ? streamGroups(source.labels, grouping.bins, a.source)
          : null;
      return await fitAndWrite(a, batch, batches, model, ui, docTopicsFormat, save, resumed?.state, groups);
    } finally {
      batches.close();
    }
  } catch (e) {
    await batch.abort();
    throw e;
  }
}

/** The fit and what it writes: --doc-topics as the final pass goes, then the topics and the model. */
async function fitAndWrite(
  a: StreamTopicsArgs,
  batch: OutputBatch,
  batches: TextBatches,
  model: TextModel,
  ui: Ui,
  docTopicsFormat: TableFormat | null,
  onEpoch?: (state: StreamState) => void,
  resume?: StreamState,
  groups: ReturnType<typeof streamGroups> | null = null,
): Promise<string> {
  const out: OutputFile | null = a.docTopics ? await batch.open(a.docTopics) : null;
  const columns = coefficientRows(dense(0, a.k), dense(a.k, 1), [], 'text', false, []).columns;
  // each topic's label for the table, from the final H the last pass writes rows with
  let labels: string[] | undefined;
  const writer = out && docTopicsFormat ? tableWriter(columns, docTopicsFormat as Exclude<TableFormat, 'text'>) : null;
  const progress = streamReporter(ui.progress, a.epochs + 1 + (a.vocab ? 0 : 1), a.vocab ? 0 : 1);
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
        onEpoch,
        async onRows({ W, X, H }) {
          groups?.add(W, X as Csr, H, batches.labelsOf(X), batches.idsOf(X));
          if (!out || !writer) return;
          const rows = coefficientRows(W, H, batches.idsOf(X), 'text', a.raw, (labels ??= topicLabels(H, model.terms)));
          await out.write(writer.rows(rowsOf(rows)));
        },
      },
      resume,
    );
  } finally {
    progress.end();
  }
  if (out && writer) {
    await out.write(writer.end());
    await out.close();
  }
  ui.detail(
    `streamed ${fit.rows} documents in ${fit.batches} batches over ${fit.epochs} epochs on ` +
      `${fit.deviceDescription} in ${fit.seconds.toFixed(2)} s: F ${fit.objective.toPrecision(6)} (online estimate ` +
      `${fit.onlineObjective.toPrecision(6)})`,
  );
  // factor shares need only W's column sums, which the final pass summed
  let topics: Topic[] = topicsOf(dense(1, a.k, Float32Array.from(fit.columnSums)), fit.H, model.terms, a.top);
  let scores: ReturnType<typeof coherence> | undefined;
  if (a.coherence && batches.sample.length > 0) {
    const texts = batches.sample.map((d) => d.text);
    scores = coherence(fit.H, vectorizeWith(model, texts), tokenStreamsWith(model, texts), a.top);
    topics = withCoherence(topics, scores.topics);
    ui.detail(`coherence over a seeded sample of ${texts.length} of ${fit.rows} documents`);
  }
  await saveStreamedModel(batch, a.model, fit, { kind: 'text', terms: model.terms, model }, scores);
  const summary = scores ? { ...scores.summary, sample: batches.sample.length } : undefined;
  const tables = groups?.tables(model.terms, a.top);
  if (tables && a.groups) await batch.write(a.groups, tableChunks(groupsTable(tables), tableFormatOf(a.groups)));
  const inline = tables && !a.groups ? tables : undefined;
  const text =
    a.format === 'text'
      ? topicsText(topics, scores?.summary, topicTextOptions(a)) + (inline ? `\n${groupsText(inline)}` : '')
      : a.format === 'json'
        ? JSON.stringify(
            {
              command: 'topics',
              documents: fit.rows,
              terms: model.keys.length,
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
              coherence: summary,
              topics,
              groups: inline,
            },
            null,
            2,
          ) + '\n'
        : formatTable(topicsTable(topics), a.format);
  await batch.commit();
  return text;
}
