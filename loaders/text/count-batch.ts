// A batch of documents counted apart from the corpus's builder (in a worker thread): terms numbered in
// a vocabulary local to the counter, which sends each term's key once, the first time a batch uses it.
// The builder maps those numbers onto its own (CorpusBuilder.addCounted); since the kept vocabulary is
// sorted by key, the matrix is the same bytes whichever thread counted which document.
import type { ResolvedTokenOptions, Terms } from './tokenize.js';
import { makeTokenizer } from './tokenize.js';
import { Int32Blocks } from './int-blocks.js';

/** What one batch's documents hold, in the counter's term numbers. */
export interface CountedBatch {
  /** The counter's numbers start again at 0 with this batch (its vocabulary outgrew its budget). */
  fresh: boolean;
  /** Keys of the terms this batch numbered first, numbered on from the counter's previous batches. */
  newKeys: string[];
  /** Per document, how many distinct terms (entries) and how many unigram tokens it has. */
  entries: Int32Array;
  tokens: Int32Array;
  /** Entries end to end: term number and count. */
  entryTerms: Int32Array;
  entryCounts: Int32Array;
  /** Unigram tokens in text order, end to end (empty unless tokens are kept). */
  tokenTerms: Int32Array;
}

/** Under stemming, each term's surface words and their counts, in the counter's term numbers. */
export type LocalSurfaces = [number, [string, number][]][];

/** Counts batches of documents in a vocabulary of its own. */
export class BatchCounter {
  private readonly tokenize: (text: string) => Terms;
  private readonly ids = new Map<string, number>();
  private scratch = new Int32Array(1024);
  private readonly surfaces = new Map<number, Map<string, number>>();

  /** `forgetAbove`: past so many distinct terms the vocabulary starts afresh at the next batch, which
   *  keeps a counting pass's memory bounded in every thread (the builder prunes its own). */
  constructor(
    private readonly tokens: ResolvedTokenOptions,
    private readonly keepTokens: boolean,
    private readonly forgetAbove = Infinity,
  ) {
    this.tokenize = makeTokenizer(tokens);
  }

  count(texts: string[]): CountedBatch {
    const fresh = this.ids.size > this.forgetAbove;
    if (fresh) this.ids.clear();
    const newKeys: string[] = [];
    const entries = new Int32Array(texts.length),
      tokens = new Int32Array(texts.length);
    const entryTerms = new Int32Blocks(),
      entryCounts = new Int32Blocks(),
      tokenTerms = new Int32Blocks();
    const touched: number[] = [];
    for (let d = 0; d < texts.length; d++) {
      const { keys, surfaces, unigrams } = this.tokenize(texts[d]);
      for (let q = 0; q < keys.length; q++) {
        let t = this.ids.get(keys[q]);
        if (t === undefined) {
          t = this.ids.size;
          this.ids.set(keys[q], t);
          newKeys.push(keys[q]);
          if (t === this.scratch.length) {
            const grown = new Int32Array(2 * t);
            grown.set(this.scratch);
            this.scratch = grown;
          }
        }
        if (this.scratch[t]++ === 0) touched.push(t);
        if (q < unigrams && this.keepTokens) tokenTerms.push(t);
        if (this.tokens.stem) this.countSurface(t, surfaces[q]);
      }
      for (const t of touched) {
        entryTerms.push(t);
        entryCounts.push(this.scratch[t]);
        this.scratch[t] = 0;
      }
      entries[d] = touched.length;
      tokens[d] = this.keepTokens ? unigrams : 0;
      touched.length = 0;
    }
    return {
      fresh,
      newKeys,
      entries,
      tokens,
      entryTerms: entryTerms.take(),
      entryCounts: entryCounts.take(),
      tokenTerms: tokenTerms.take(),
    };
  }

  private countSurface(t: number, word: string): void {
    let s = this.surfaces.get(t);
    if (!s) {
      s = new Map();
      this.surfaces.set(t, s);
    }
    s.set(word, (s.get(word) ?? 0) + 1);
  }

  /** Every surface word counted so far (empty unless stemming). */
  surfaceCounts(): LocalSurfaces {
    return Array.from(this.surfaces, ([t, s]) => [t, Array.from(s)]);
  }
}
