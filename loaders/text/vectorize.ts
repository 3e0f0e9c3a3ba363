// Documents → a sparse documents × terms matrix: counting, pruning by document frequency, weighting.
// tf-idf follows scikit-learn's TfidfVectorizer defaults: idf = ln((1 + n) / (1 + df)) + 1, rows
// l2-normalized; the kept terms are sorted alphabetically, like its vocabulary.
import type { Csr, DenseStorage } from '../../core/index.js';
import type { Rule } from '../../core/index.js';
import { checkRule, kebabName } from '../../core/index.js';
import type { TextModel, Weighting } from '../dataset.js';
import type { ResolvedTokenOptions, Terms, TokenOptions } from './tokenize.js';
import { makeTokenizer, resolveTokenOptions } from './tokenize.js';
import { withoutMarkup } from './markup.js';
import type { TokenStreams } from './token-streams.js';
import { TokenStreamBuilder } from './token-streams.js';
import { Int32Blocks } from './int-blocks.js';
import { buildMatrix } from './count-matrix.js';
import type { CountRow } from './count-matrix.js';
import type { CountedBatch, LocalSurfaces } from './count-batch.js';

export const WEIGHTINGS: readonly Weighting[] = ['tfidf', 'count', 'binary'];

export interface VectorizeOptions extends TokenOptions {
  /** Keep terms in at least this many documents (a whole number), or this share of them (below 1). Default 1. */
  minDf?: number;
  /** Drop terms in more than this share of the documents (≤ 1), or this many (a whole number > 1). Default 1. */
  maxDf?: number;
  /** Keep at most this many terms, the most frequent over the corpus. */
  maxTerms?: number;
  /** tf-idf (default), raw counts (for the KL loss), or 0/1. */
  weighting?: Weighting;
  /** tf → 1 + ln(tf). */
  sublinearTf?: boolean;
}

/** What the builder keeps of the documents themselves, beyond the matrix, when asked. */
export interface CorpusKeep {
  /** Each document's word sequence (for coherence). */
  tokens?: boolean;
  /** Each document's first characters, this many (for showing documents). */
  snippets?: number;
}

/** The kept sequences and snippets; null where not asked for. */
export interface KeptCorpus {
  tokens: TokenStreams | null;
  snippets: string[] | null;
}

/** --ngrams' rule, which saved models are checked by too: 1 to MAX_NGRAMS (longer n-grams multiply the
 *  vocabulary for nothing a topic can show). */
export const MAX_NGRAMS = 5;

/** The vectorizer's rules: its flags are checked by them (in this order), and a saved model's
 *  loader.tokens and loader fields by the same entries (saved-settings.ts). */
/** The longest --min-length (or a model's loader.tokens.minLength). */
const MAX_MIN_LENGTH = 1000;

export const VECTORIZE_RULES = {
  minDf: { type: 'integer', min: 0, orFraction: { below: 1 }, unit: 'documents' },
  maxDf: { type: 'integer', above: 0, orFraction: { max: 1 }, unit: 'documents' },
  maxTerms: { type: 'integer', min: 1 },
  ngrams: { type: 'integer', min: 1, max: MAX_NGRAMS },
  // no word is longer (a line is at most 64 MiB, a URL is stripped): past this, every word is dropped
  minLength: { type: 'integer', min: 1, max: MAX_MIN_LENGTH, unit: 'characters' },
  weighting: { type: 'choice', choices: WEIGHTINGS },
} as const satisfies Record<string, Rule>;

function checkOptions(o: VectorizeOptions): void {
  const given = o as Partial<Record<keyof typeof VECTORIZE_RULES, unknown>>;
  for (const [name, rule] of Object.entries(VECTORIZE_RULES)) {
    const value = given[name as keyof typeof VECTORIZE_RULES];
    if (value !== undefined) checkRule(kebabName(name), rule, value);
  }
}

/** Counts terms document by document; `finish` prunes, weights and builds the matrix. */
/** A counting builder's counts, as JSON can carry them between processes. */
export interface TermCounts {
  documents: number;
  keys: string[];
  df: number[];
  total: number[];
  /** Per term index: its surface words and their counts (under stemming). */
  surfaces: [number, [string, number][]][];
}

/** A counter's term numbers (count-batch.ts) in a builder's: `map[u]` for u < size. */
export interface LocalTerms {
  map: Int32Array;
  size: number;
  /** A counting builder's: each local term's key, and the builder's prunes when `map` was last valid. */
  keys: string[];
  prunes: number;
}

export const localTerms = (): LocalTerms => ({ map: new Int32Array(1024), size: 0, keys: [], prunes: 0 });

export class CorpusBuilder {
  private readonly tokenize: (text: string) => Terms;
  private ids = new Map<string, number>();
  private keys: string[] = [];
  private df = new Int32Array(1024);
  private total = new Float64Array(1024);
  /** Per term, this document's count so far (zero between documents): cheaper than a Map per document. */
  private scratch = new Int32Array(1024);
  private surfaces = new Map<number, Map<string, number>>();
  /** Documents counted (countsOnly keeps nothing else of them). */
  private counted = 0;
  /** Times the rarer half was forgotten: counters' maps into the numbers are stale past one. */
  private prunes = 0;
  /** Every document's (term, count) pairs, sorted by term, end to end; document d's end is ends[d]. */
  private readonly entryTerms = new Int32Blocks();
  private readonly entryCounts = new Int32Blocks();
  private readonly ends = new Int32Blocks();
  readonly documentIds: string[] = [];
  private readonly tokens: ResolvedTokenOptions;
  private readonly stream: TokenStreamBuilder | null;
  private readonly snippets: string[] = [];

  /** `counting`: count terms only (a streaming fit's first pass keeps no document), holding at most
   *  `pruneAt` distinct terms — past it the rarer half is forgotten, as gensim's Dictionary does. */
  constructor(
    private readonly options: VectorizeOptions = {},
    private readonly keep: CorpusKeep = {},
    private readonly counting: { pruneAt: number } | null = null,
  ) {
    checkOptions(options);
    this.stream = keep.tokens ? new TokenStreamBuilder() : null;
    this.tokens = resolveTokenOptions(options);
    this.tokenize = makeTokenizer(this.tokens);
  }

  get documents(): number {
    return this.counted;
  }

  /** The tokenizer's settings, for counters in other threads. */
  get tokenOptions(): ResolvedTokenOptions {
    return this.tokens;
  }

  /** A counting builder's budget of distinct terms (null for one that builds X). */
  get pruneAt(): number | null {
    return this.counting?.pruneAt ?? null;
  }

  /** Whether each document's word sequence is kept. */
  get keepsTokens(): boolean {
    return this.stream !== null;
  }

  private newTerm(key: string): number {
    const t = this.keys.length;
    if (t === this.df.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(2 * a.length);
        b.set(a);
        return b;
      };
      this.df = grow(this.df);
      this.total = grow(this.total);
      this.scratch = grow(this.scratch);
    }
    this.ids.set(key, t);
    this.keys.push(key);
    return t;
  }

  add(id: string, text: string): void {
    const { keys, surfaces, unigrams } = this.tokenize(text);
    const touched: number[] = [];
    for (let q = 0; q < keys.length; q++) {
      const key = keys[q];
      const t = this.ids.get(key) ?? this.newTerm(key);
      if (this.scratch[t]++ === 0) touched.push(t);
      this.total[t]++;
      if (q < unigrams) this.stream?.push(t);
      // under stemming every surface word counts, the stem's own spelling included, so that the
      // label is the commonest word (font: 3,930, fonts: 3 → font)
      if (this.tokens.stem) {
        let s = this.surfaces.get(t);
        if (!s) {
          s = new Map();
          this.surfaces.set(t, s);
        }
        s.set(surfaces[q], (s.get(surfaces[q]) ?? 0) + 1);
      }
    }
    this.counted++;
    if (this.counting) {
      for (const t of touched) {
        this.scratch[t] = 0;
        this.df[t]++;
      }
      if (this.keys.length > this.counting.pruneAt) this.pruneRarer();
      return;
    }
    this.stream?.endDocument();
    if (this.keep.snippets) this.snippets.push(snippetOf(text, this.keep.snippets, this.tokens));
    const terms = Int32Array.from(touched).sort();
    for (let q = 0; q < terms.length; q++) {
      const t = terms[q];
      this.entryTerms.push(t);
      this.entryCounts.push(this.scratch[t]);
      this.scratch[t] = 0;
      this.df[t]++;
    }
    this.ends.push(this.entryTerms.length);
    this.documentIds.push(id);
  }

  /** Documents counted elsewhere (a BatchCounter, in another thread), in order, as `add` would have
   *  counted them: `local` maps the counter's term numbers to this builder's and takes its new keys. */
  addCounted(b: CountedBatch, ids: string[], texts: string[], local: LocalTerms): void {
    if (b.fresh) local.size = 0;
    // a counting builder numbers a term where a document first uses it and renumbers at every prune, so
    // its map is filled as documents use it (-1: not yet) and emptied at each prune: `add`'s numbers
    const lazy = this.counting !== null;
    if (lazy && local.prunes !== this.prunes) {
      local.map.fill(-1, 0, local.size);
      local.prunes = this.prunes;
    }
    for (const key of b.newKeys) {
      if (local.size === local.map.length) {
        const grown = new Int32Array(2 * local.size);
        grown.set(local.map);
        local.map = grown;
      }
      if (lazy) local.keys[local.size] = key;
      local.map[local.size++] = lazy ? -1 : (this.ids.get(key) ?? this.newTerm(key));
    }
    const m = local.map;
    let e = 0,
      k = 0;
    for (let d = 0; d < ids.length; d++) {
      for (const end = e + b.entries[d]; e < end; e++) {
        const u = b.entryTerms[e],
          c = b.entryCounts[e];
        let t = m[u];
        if (t < 0) t = m[u] = this.ids.get(local.keys[u]) ?? this.newTerm(local.keys[u]);
        if (lazy) {
          this.df[t]++;
          this.total[t] += c;
          continue;
        }
        this.entryTerms.push(t);
        this.entryCounts.push(c);
        this.df[t]++;
        this.total[t] += c;
      }
      if (lazy) {
        this.counted++;
        if (this.keys.length > this.counting!.pruneAt) {
          this.pruneRarer();
          m.fill(-1, 0, local.size);
          local.prunes = this.prunes;
        }
        continue;
      }
      this.ends.push(this.entryTerms.length);
      if (this.stream) {
        for (const end = k + b.tokens[d]; k < end; k++) this.stream.push(m[b.tokenTerms[k]]);
        this.stream.endDocument();
      }
      if (this.keep.snippets) this.snippets.push(snippetOf(texts[d], this.keep.snippets, this.tokens));
      this.documentIds.push(ids[d]);
      this.counted++;
    }
  }

  /** A counter's surface words (under stemming), added to this builder's. */
  addSurfaces(surfaces: LocalSurfaces, local: LocalTerms): void {
    for (const [u, words] of surfaces) this.addSurfaceCounts(local.map[u], words);
  }

  private addSurfaceCounts(t: number, words: [string, number][]): void {
    let s = this.surfaces.get(t);
    if (!s) {
      s = new Map();
      this.surfaces.set(t, s);
    }
    for (const [w, n] of words) s.set(w, (s.get(w) ?? 0) + n);
  }

  /** Forget the rarer half of the terms (by documents holding them, ties by the later term): only
   *  while counting, where no document refers to term numbers. */
  private pruneRarer(): void {
    this.prunes++;
    const order = this.keys.map((_, t) => t).sort((a, b) => this.df[b] - this.df[a] || a - b);
    const keep = order.slice(0, Math.floor(order.length / 2)).sort((a, b) => a - b);
    const { keys, df, total, surfaces } = this;
    this.ids = new Map();
    this.keys = [];
    this.surfaces = new Map();
    this.df = new Int32Array(df.length);
    this.total = new Float64Array(df.length);
    keep.forEach((t, u) => {
      this.ids.set(keys[t], u);
      this.keys.push(keys[t]);
      this.df[u] = df[t];
      this.total[u] = total[t];
      const s = surfaces.get(t);
      if (s) this.surfaces.set(u, s);
    });
  }

  /** What a counting builder has counted, to be added to another's: a corpus counted in parts (the
   *  ranks of a fit across machines), then its vocabulary chosen once from the sums. */
  termCounts(): TermCounts {
    const n = this.keys.length;
    return {
      documents: this.counted,
      keys: this.keys.slice(),
      df: Array.from(this.df.subarray(0, n)),
      total: Array.from(this.total.subarray(0, n)),
      surfaces: Array.from(this.surfaces, ([t, s]) => [t, Array.from(s)] as [number, [string, number][]]),
    };
  }

  /** Add another part's counts (termCounts of a builder with the same options). */
  addTermCounts(c: TermCounts): void {
    if (!this.counting) throw new Error('only a counting builder adds counts');
    c.keys.forEach((key, u) => {
      const t = this.ids.get(key) ?? this.newTerm(key);
      this.df[t] += c.df[u];
      this.total[t] += c.total[u];
    });
    for (const [u, words] of c.surfaces) this.addSurfaceCounts(this.ids.get(c.keys[u])!, words);
    this.counted += c.documents;
    if (this.keys.length > this.counting.pruneAt) this.pruneRarer();
  }

  /** The most frequent surface word of term t (ties: the alphabetically first); the key itself unstemmed. */
  private display(t: number): string {
    const s = this.surfaces.get(t);
    if (!s) return this.keys[t];
    let best = this.keys[t],
      n = 0;
    for (const [w, c] of s)
      if (c > n || (c === n && w < best)) {
        best = w;
        n = c;
      }
    return best;
  }

  /** The vocabulary: terms kept by document frequency and --max-terms, in alphabetical order, with their
   *  weights; `column[term]` is each counted term's column or −1. */
  vocabulary(): { model: TextModel; column: Int32Array } {
    const o = this.options;
    const n = this.documents;
    const minDf = o.minDf === undefined ? 1 : o.minDf < 1 ? Math.ceil(o.minDf * n) : o.minDf;
    const maxDf = o.maxDf === undefined ? n : o.maxDf <= 1 ? Math.floor(o.maxDf * n) : o.maxDf;
    let kept = this.keys.map((_, t) => t).filter((t) => this.df[t] >= minDf && this.df[t] <= maxDf);
    if (o.maxTerms !== undefined && kept.length > o.maxTerms) {
      kept.sort((a, b) => this.total[b] - this.total[a] || (this.keys[a] < this.keys[b] ? -1 : 1));
      kept = kept.slice(0, o.maxTerms);
    }
    kept.sort((a, b) => (this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0));
    const column = new Int32Array(this.keys.length).fill(-1);
    kept.forEach((t, j) => {
      column[t] = j;
    });
    const weighting = o.weighting ?? 'tfidf';
    const idf = weighting === 'tfidf' ? kept.map((t) => Math.log((1 + n) / (1 + this.df[t])) + 1) : null;
    const model: TextModel = {
      tokens: this.tokens,
      weighting,
      sublinearTf: o.sublinearTf ?? false,
      keys: kept.map((t) => this.keys[t]),
      terms: kept.map((t) => this.display(t)),
      idf,
    };
    return { model, column };
  }

  /** X and what was kept; X's arrays in `storage` when given (a device's memory, read there in place). */
  finish(storage?: DenseStorage): { X: Csr; model: TextModel; corpus: KeptCorpus } {
    if (this.counting) throw new Error('a counting builder keeps no documents to build X from');
    const { model, column } = this.vocabulary();
    const n = this.documents;
    const kept = model.keys;
    const corpus: KeptCorpus = {
      tokens: this.stream?.finish(column) ?? null,
      snippets: this.keep.snippets ? this.snippets : null,
    };
    // a document's pairs in column numbers, pruned terms dropped, sorted by column; `slot` is scratch
    // of one entry per column, zero between documents
    const slot = new Int32Array(kept.length);
    const longest = this.longest();
    const entryTerms = new Int32Array(longest),
      entryCounts = new Int32Array(longest);
    const range = (d: number): [number, number] => [d ? this.ends.at(d - 1) : 0, this.ends.at(d)];
    const lengthOf = (d: number): number => {
      const [from, to] = range(d);
      this.entryTerms.copyTo(from, to, entryTerms);
      let n = 0;
      for (let q = 0; q < to - from; q++) if (column[entryTerms[q]] >= 0) n++;
      return n;
    };
    const rowOf: CountRow = (d, terms, counts) => {
      const [from, to] = range(d);
      this.entryTerms.copyTo(from, to, entryTerms);
      this.entryCounts.copyTo(from, to, entryCounts);
      let n = 0;
      for (let q = 0; q < to - from; q++) {
        const j = column[entryTerms[q]];
        if (j >= 0) {
          terms[n++] = j;
          slot[j] = entryCounts[q];
        }
      }
      terms.subarray(0, n).sort();
      for (let q = 0; q < n; q++) {
        counts[q] = slot[terms[q]];
        slot[terms[q]] = 0;
      }
      return n;
    };
    return { X: buildMatrix(n, kept.length, model, rowOf, longest, storage, lengthOf), model, corpus };
  }

  /** The most distinct terms of any one document. */
  private longest(): number {
    let most = 0;
    for (let d = 0; d < this.documents; d++) most = Math.max(most, this.ends.at(d) - (d ? this.ends.at(d - 1) : 0));
    return most;
  }
}

/** The start of a document as a person would read it: markup gone as the tokenizer saw it, spaces collapsed. */
function snippetOf(text: string, length: number, o: ResolvedTokenOptions): string {
  // strip a bounded head only: snippets must not cost a pass over a huge document
  const head = withoutMarkup(text.slice(0, 64 * length), o.stripHtml)
    .replace(/\s+/g, ' ')
    .trim();
  return head.length > length ? `${head.slice(0, length - 1).trimEnd()}…` : head;
}
