// A text source → a tf-idf (or count) documents × terms matrix.
import type { DenseStorage } from '../../core/index.js';
import { dataError } from '../../core/index.js';
import type { Dataset, DocumentLabels, LoaderEvents, TextModel } from '../dataset.js';
import { nothingIn, recordingSkips } from '../dataset.js';
import type { Document, DocumentSink, TextSource } from './sources.js';
import { forEachDocument } from './sources.js';
import type { CorpusKeep, VectorizeOptions } from './vectorize.js';
import { CorpusBuilder } from './vectorize.js';
import { vectorizeWith } from './vectorize-with.js';
import { budgetedSink } from './stream-budget.js';
import { corpusCounter } from './counting-threads.js';
import { availableParallelism } from 'node:os';

export * from './sources.js';
export * from './tokenize.js';
export * from './vectorize.js';
export { tokenStreamsWith, vectorizeWith } from './vectorize-with.js';
export * from './markup.js';
export { labelsFromFile } from './label-file.js';
export { SEGMENTATIONS, type Segmentation } from './segment.js';
export * from './token-streams.js';
export * from './int-blocks.js';
export { ENGLISH_STOP_WORDS } from './stop-words.js';
export * from './stream-budget.js';

const nameOf = (source: TextSource): string => (source.kind === 'stream' ? source.name : source.path);

/** A sink for every document of the source: a folder's files are counted by the folder's walk; other
 *  sources, one of which may be a never-ending stream, by their documents, within a stream's budget. */
const counted = (source: TextSource, sink: DocumentSink, events: LoaderEvents): DocumentSink =>
  source.kind === 'folder' || source.kind === 'files' ? sink : budgetedSink(nameOf(source), sink, events.progress);

/** Gathers the documents' labels, a row each, for the columns the source carries. */
function labelCollector(source: TextSource): { take(doc: Document): void; labels(): DocumentLabels[] | undefined } {
  const columns = 'labels' in source ? (source.labels ?? []) : [];
  const values = columns.map(() => [] as string[]);
  return {
    take: (doc) => {
      for (let c = 0; c < columns.length; c++) values[c].push(doc.labels?.[c] ?? '');
    },
    labels: () => (columns.length ? columns.map((c, i) => ({ ...c, values: values[i] })) : undefined),
  };
}

/** `keep` asks for each document's word sequence (coherence) and first characters (showing documents).
 *  Past its first 20,000 documents a corpus is counted on `threads` worker threads (counting-threads.ts;
 *  the cores by default, fewer than 2 for this thread alone): the same dataset either way. */
export async function loadText(
  source: TextSource,
  options: VectorizeOptions = {},
  events: LoaderEvents = {},
  keep: CorpusKeep = {},
  storage?: DenseStorage,
  threads = availableParallelism(),
): Promise<Dataset> {
  const builder = new CorpusBuilder(options, keep);
  const { skipped, events: recording } = recordingSkips(events);
  const labels = labelCollector(source);
  const counter = corpusCounter(builder, threads);
  try {
    await forEachDocument(
      source,
      counted(
        source,
        (doc) => {
          labels.take(doc);
          return counter.add(doc.id, doc.text);
        },
        recording,
      ),
      recording,
    );
    await counter.finish();
  } finally {
    counter.close();
  }
  const name = nameOf(source);
  if (builder.documents === 0) throw dataError(nothingIn(`${name}: no documents in it`, skipped));
  const { X, model, corpus } = builder.finish(storage);
  if (X.cols === 0)
    throw dataError(
      `${name}: no term is left after tokenizing and pruning ${builder.documents} documents; lower --min-df ` +
        `or raise --max-df`,
    );
  return {
    X,
    rows: builder.documentIds,
    columns: { kind: 'text', terms: model.terms, model, ...corpus },
    skipped,
    labels: labels.labels(),
  };
}

/** Load new documents the way a trained model's corpus was loaded: its tokens, vocabulary and idf. */
export async function loadTextLike(source: TextSource, model: TextModel, events: LoaderEvents = {}): Promise<Dataset> {
  const ids: string[] = [],
    texts: string[] = [];
  const { skipped, events: recording } = recordingSkips(events);
  const labels = labelCollector(source);
  await forEachDocument(
    source,
    counted(
      source,
      (doc) => {
        ids.push(doc.id);
        texts.push(doc.text);
        labels.take(doc);
      },
      recording,
    ),
    recording,
  );
  if (ids.length === 0) throw dataError(nothingIn(`${nameOf(source)}: no documents in it`, skipped));
  return {
    X: vectorizeWith(model, texts),
    rows: ids,
    columns: { kind: 'text', terms: model.terms, model },
    skipped,
    labels: labels.labels(),
  };
}
export * from './stream.js';
export { removeSpills } from './spill.js';
export * from './estimate.js';
export * from './share.js';
