// Counting a corpus on every core: the reading thread hands batches of documents to worker threads
// (count-worker.ts), which tokenize and count them in vocabularies of their own, and merges the counted
// batches into the builder in document order. A corpus of fewer than PARALLEL_AFTER documents is
// counted in this thread alone, as starting threads would cost more than they save; so is one of
// n-grams, whose distinct terms are nearly as many as its tokens: every thread would hold a vocabulary
// of millions, and merging them costs more than counting in one thread (49 s against 70 s for 100,000
// documents with bigrams).
import { Worker } from 'node:worker_threads';
import type { CountedBatch, LocalSurfaces } from './count-batch.js';
import type { CorpusBuilder, LocalTerms } from './vectorize.js';
import { localTerms } from './vectorize.js';

export type CountingRequest = { kind: 'batch'; seq: number; texts: string[] } | { kind: 'end' };
export type CountingReply =
  | { kind: 'batch'; seq: number; batch: CountedBatch }
  | { kind: 'surfaces'; surfaces: LocalSurfaces }
  | { kind: 'error'; message: string };

/** Documents counted in this thread before threads start. */
export const PARALLEL_AFTER = 20_000;
/** Documents per batch handed to a thread. */
const BATCH = 512;
/** Batches handed out and not yet merged, per thread, at most: reading waits beyond it, so that the
 *  texts in flight stay a few batches whatever the corpus's size. */
const IN_FLIGHT = 4;

/** Takes the documents of a corpus in order; `finish` once they are all given. */
export interface CorpusCounter {
  add(id: string, text: string): void | Promise<void>;
  finish(): Promise<void>;
  /** Stops the threads (after a failure elsewhere); finish does it otherwise. */
  close(): void;
}

/** When threads start and what each is handed at a time. */
export interface Pace {
  /** Documents counted in this thread first (PARALLEL_AFTER). */
  after?: number;
  /** Documents per batch (BATCH). */
  batch?: number;
}

/** Whether counting in threads gives this builder what counting here does: not for n-grams (above), nor
 *  for a counting builder under stemming, whose surface words are forgotten with the terms it prunes. */
const parallelizes = (builder: CorpusBuilder): boolean =>
  builder.tokenOptions.ngrams === 1 && !(builder.pruneAt !== null && builder.tokenOptions.stem);

/** A counter over `threads` worker threads once `after` documents have been counted here; with fewer
 *  than two threads, this thread alone. */
export function corpusCounter(
  builder: CorpusBuilder,
  threads: number,
  { after = PARALLEL_AFTER, batch = BATCH }: Pace = {},
): CorpusCounter {
  let parallel: CountingThreads | null = null;
  let seen = 0;
  return {
    add(id, text) {
      if (parallel) return parallel.add(id, text);
      if (threads >= 2 && seen >= after && parallelizes(builder)) {
        parallel = new CountingThreads(builder, threads, batch);
        return parallel.add(id, text);
      }
      seen++;
      builder.add(id, text);
    },
    finish: async () => parallel?.finish(),
    close: () => parallel?.close(),
  };
}

interface Handed {
  ids: string[];
  texts: string[];
  thread: number;
}

class CountingThreads {
  private readonly workers: Worker[];
  /** Per thread, its term numbers in the builder's. */
  private readonly local: LocalTerms[];
  private readonly handed = new Map<number, Handed>();
  private readonly arrived = new Map<number, CountedBatch>();
  private readonly surfaces: (LocalSurfaces | null)[];
  private nextSeq = 0;
  private merged = 0;
  private ids: string[] = [];
  private texts: string[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly builder: CorpusBuilder,
    threads: number,
    private readonly batch: number,
  ) {
    const workerData = { tokens: builder.tokenOptions, keepTokens: builder.keepsTokens, forgetAbove: builder.pruneAt };
    this.workers = Array.from({ length: threads }, (_, i) => {
      const w = new Worker(new URL('./count-worker.js', import.meta.url), { workerData });
      w.on('message', (m: CountingReply) => this.receive(i, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a counting thread stopped (exit code ${code})`));
      });
      return w;
    });
    this.local = this.workers.map(() => localTerms());
    this.surfaces = this.workers.map(() => null);
  }

  add(id: string, text: string): void | Promise<void> {
    if (this.failure) throw this.failure;
    this.ids.push(id);
    this.texts.push(text);
    if (this.texts.length < this.batch) return;
    this.hand();
    const most = IN_FLIGHT * this.workers.length;
    if (this.handed.size >= most) return this.until(() => this.handed.size < most);
  }

  async finish(): Promise<void> {
    try {
      if (this.texts.length) this.hand();
      await this.until(() => this.handed.size === 0);
      for (const w of this.workers) w.postMessage({ kind: 'end' } satisfies CountingRequest);
      await this.until(() => this.surfaces.every((s) => s !== null));
      this.surfaces.forEach((s, i) => this.builder.addSurfaces(s!, this.local[i]));
    } finally {
      this.close();
    }
  }

  close(): void {
    for (const w of this.workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }

  /** The batch gathered so far to the thread with the fewest batches in hand. */
  private hand(): void {
    const seq = this.nextSeq++;
    const load = this.workers.map(() => 0);
    for (const h of this.handed.values()) load[h.thread]++;
    const thread = load.indexOf(Math.min(...load));
    this.handed.set(seq, { ids: this.ids, texts: this.texts, thread });
    this.workers[thread].postMessage({ kind: 'batch', seq, texts: this.texts } satisfies CountingRequest);
    this.ids = [];
    this.texts = [];
  }

  private receive(thread: number, m: CountingReply): void {
    if (m.kind === 'error') this.fail(new Error(m.message));
    else if (m.kind === 'surfaces') this.surfaces[thread] = m.surfaces;
    else {
      this.arrived.set(m.seq, m.batch);
      // batches are merged in the order they were handed out, which is the documents' order
      for (let b = this.arrived.get(this.merged); b; b = this.arrived.get(this.merged)) {
        const h = this.handed.get(this.merged)!;
        this.builder.addCounted(b, h.ids, h.texts, this.local[h.thread]);
        this.arrived.delete(this.merged);
        this.handed.delete(this.merged);
        this.merged++;
      }
    }
    this.wake?.();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done()) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    if (this.failure) throw this.failure;
  }
}
