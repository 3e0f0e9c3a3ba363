// A corpus read as a stream, for fits that never hold it whole: a first pass counts the vocabulary in
// bounded memory (CorpusBuilder counting, the rarer half forgotten past a budget of distinct terms),
// then every later pass hands out batches of documents vectorized with that vocabulary, each with its
// rows' ids. Documents are read again from the source on each pass; nothing of them is kept but one
// batch and, when asked, a seeded sample (reservoir sampling) for measures that need texts.
import type { BatchSource, Csr, Matrix } from '../../core/index.js';
import { dataError, Random } from '../../core/index.js';
import type { LoaderEvents, TextModel } from '../dataset.js';
import { nothingIn, recordingSkips } from '../dataset.js';
import type { Document, TextSource } from './sources.js';
import { forEachDocument } from './sources.js';
import type { VectorizeOptions } from './vectorize.js';
import { CorpusBuilder } from './vectorize.js';
import { vectorizeWith } from './vectorize-with.js';
import { BatchSpill } from './spill.js';
import type { Pace } from './counting-threads.js';
import { corpusCounter } from './counting-threads.js';
import { availableParallelism } from 'node:os';

/** Distinct terms held while counting before the rarer half is forgotten (gensim's prune_at). */
export const PRUNE_AT = 2_000_000;

const nameOf = (source: TextSource) => (source.kind === 'stream' ? source.name : source.path);

/** The first pass: the vocabulary and idf of the whole corpus, and how many documents it has; counted on
 *  `threads` worker threads past the first documents, with the numbers one thread gives. */
export async function countVocabulary(
  source: TextSource,
  options: VectorizeOptions,
  events: LoaderEvents = {},
  pruneAt = PRUNE_AT,
  threads = availableParallelism(),
  pace: Pace = {},
): Promise<{ model: TextModel; documents: number }> {
  const builder = new CorpusBuilder(options, {}, { pruneAt });
  const { skipped, events: recording } = recordingSkips(events);
  const counter = corpusCounter(builder, threads, pace);
  try {
    // a folder reports its files as it goes; one file or a stream, its documents
    let read = 0;
    const each =
      source.kind === 'folder'
        ? (doc: Document) => counter.add(doc.id, doc.text)
        : (doc: Document) => {
            events.progress?.(++read);
            return counter.add(doc.id, doc.text);
          };
    await forEachDocument(source, each, recording);
    await counter.finish();
  } finally {
    counter.close();
  }
  if (builder.documents === 0) throw dataError(nothingIn(`${nameOf(source)}: no documents in it`, skipped));
  const { model } = builder.vocabulary();
  if (model.keys.length === 0)
    throw dataError(
      `${nameOf(source)}: no term is left after tokenizing and pruning ${builder.documents} documents; lower ` +
        `--min-df or raise --max-df`,
    );
  return { model, documents: builder.documents };
}

/** Batches of a text source, and what a streaming command needs beside them. */
export interface TextBatches extends BatchSource {
  /** The ids of a batch's rows, for a batch this source handed out. */
  idsOf(X: Matrix): string[];
  /** The labels of a batch's rows (a row's values of the source's label columns), when it has some. */
  labelsOf(X: Matrix): string[][] | undefined;
  /** The sampled documents, filled during the first pass. */
  readonly sample: Document[];
  /** Remove the scratch file of vectorized batches. */
  close(): void;
}

/** Every pass reads the source again and hands out `batchSize` documents at a time as tf-idf rows of
 *  `model`; pass 0 also keeps a seeded uniform sample of `sampleSize` documents. `spill`: the first
 *  pass's batches are kept on disk for the later ones (not for a single pass, such as transform's). */
export function textBatches(
  source: TextSource,
  model: TextModel,
  batchSize: number,
  documents: number | null,
  sampleSize = 0,
  seed = 0,
  events: LoaderEvents = {},
  spilled = true,
): TextBatches {
  const ids = new WeakMap<Matrix, string[]>();
  const labels = new WeakMap<Matrix, string[][]>();
  const labelled = 'labels' in source && (source.labels?.length ?? 0) > 0;
  const sample: Document[] = [];
  const rng = new Random(seed ^ 0x5a3b1e);
  const spill = new BatchSpill();
  return {
    cols: model.keys.length,
    rows: documents,
    sample,
    idsOf: (X) => ids.get(X) ?? [],
    labelsOf: (X) => labels.get(X),
    close: () => spill.remove(),
    async *pass(epoch) {
      if (spill.usable) {
        for await (const batch of spill.read(model.keys.length)) {
          ids.set(batch.X, batch.ids);
          if (batch.labels) labels.set(batch.X, batch.labels);
          yield batch.X;
        }
        return;
      }
      let seen = 0;
      // the first pass that runs writes the scratch file (a resumed run's first is not pass 0)
      const spilling = spilled && !spill.started;
      spill.started = true;
      const keep = (doc: Document) => {
        // reservoir sampling (Vitter's algorithm R): each document kept with probability size/seen
        seen++;
        if (sample.length < sampleSize) sample.push(doc);
        else {
          const at = Math.floor(rng.uniform() * seen);
          if (at < sampleSize) sample[at] = doc;
        }
      };
      for await (const docs of documentBatches(source, batchSize, events)) {
        if (epoch === 0 && sampleSize > 0) docs.forEach(keep);
        const X: Csr = vectorizeWith(
          model,
          docs.map((d) => d.text),
        );
        const batchIds = docs.map((d) => d.id);
        ids.set(X, batchIds);
        const batchLabels = labelled ? docs.map((d) => d.labels ?? []) : undefined;
        if (batchLabels) labels.set(X, batchLabels);
        if (spilling) await spill.append(X, batchIds, batchLabels);
        yield X;
      }
      if (spilling) await spill.finishPass();
    },
  };
}

const STOPPED = new Error("the batches' consumer stopped");

/** The source's documents `size` at a time, read only as fast as they are taken: the reader's sink
 *  waits on a hand-over of one batch to this generator's consumer. */
async function* documentBatches(source: TextSource, size: number, events: LoaderEvents): AsyncGenerator<Document[]> {
  let batch: Document[] = [];
  let handOver: { docs: Document[] | null; taken: () => void } | null = null;
  let wake: (() => void) | null = null;
  let failure: unknown = null,
    done = false,
    stopped = false;
  const give = (docs: Document[] | null) =>
    stopped
      ? Promise.reject(STOPPED)
      : new Promise<void>((taken) => {
          handOver = { docs, taken };
          wake?.();
        });
  const reading = forEachDocument(
    source,
    (doc) => {
      batch.push(doc);
      if (batch.length < size) return;
      const full = batch;
      batch = [];
      return give(full);
    },
    events,
  ).then(
    async () => {
      if (batch.length) await give(batch);
      done = true;
      wake?.();
    },
    (e) => {
      failure = e;
      done = true;
      wake?.();
    },
  );
  try {
    while (true) {
      if (!handOver && !done)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      wake = null;
      if (failure) throw failure;
      const h = handOver as { docs: Document[] | null; taken: () => void } | null;
      if (h) {
        handOver = null;
        if (h.docs) yield h.docs;
        h.taken();
        continue;
      }
      if (done) break;
    }
  } finally {
    // a consumer that stops early (an error downstream) stops the reader at its next batch
    stopped = true;
    const h = handOver as { taken: () => void } | null;
    h?.taken();
    await reading.catch(() => undefined);
  }
}
