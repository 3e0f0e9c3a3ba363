// Text → terms: lowercase words (natural's RegexpTokenizer), stop words (natural's English list),
// optional Porter stemming (natural) and n-grams (natural).
import { ngrams as naturalNgrams } from 'natural/lib/natural/ngrams/ngrams.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { words as englishStopWords } from 'natural/lib/natural/util/stopwords.js';

export interface TokenOptions {
  /** Drop English stop words (natural's list). Default true. */
  stopWords?: boolean;
  /** More words to drop (lowercase). */
  extraStopWords?: string[];
  /** Porter stemming; each stem is shown as its most frequent surface word. Default false. */
  stem?: boolean;
  /** Terms are n-grams for n = 1 … ngrams. Default 1. */
  ngrams?: number;
  /** Keep tokens that contain digits. Default false. */
  keepNumbers?: boolean;
  /** Shortest token kept, in characters. Default 2. */
  minLength?: number;
}

export type ResolvedTokenOptions = Required<TokenOptions>;

export function resolveTokenOptions(o: TokenOptions): ResolvedTokenOptions {
  return {
    stopWords: o.stopWords ?? true, extraStopWords: (o.extraStopWords ?? []).map((w) => w.toLowerCase()),
    stem: o.stem ?? false, ngrams: o.ngrams ?? 1, keepNumbers: o.keepNumbers ?? false, minLength: o.minLength ?? 2,
  };
}

/** A document's terms in order, and the words they were made of (they differ only under stemming). */
export interface Terms { keys: string[]; surfaces: string[] }

const DIGIT = /\p{N}/u;

/** Returns a function from a document's text to its terms. */
export function makeTokenizer(o: ResolvedTokenOptions): (text: string) => Terms {
  const words = new RegexpTokenizer({ pattern: /[^\p{L}\p{M}\p{N}]+/u });
  const stop = new Set<string>([...(o.stopWords ? englishStopWords : []), ...o.extraStopWords]);
  const stems = new Map<string, string>();
  const stem = (w: string) => {
    let s = stems.get(w);
    if (s === undefined) { s = PorterStemmer.stem(w); stems.set(w, s); }
    return s;
  };
  return (text) => {
    const tokens = words.tokenize(text.toLowerCase()).filter((w) => w.length >= o.minLength && !stop.has(w) && (o.keepNumbers || !DIGIT.test(w)));
    const keys = o.stem ? tokens.map(stem) : tokens.slice();
    const surfaces = tokens.slice();
    for (let n = 2; n <= o.ngrams; n++) {
      for (const g of naturalNgrams(o.stem ? keys.slice(0, tokens.length) : tokens, n)) keys.push(g.join(' '));
      for (const g of naturalNgrams(tokens, n)) surfaces.push(g.join(' '));
    }
    return { keys, surfaces };
  };
}
