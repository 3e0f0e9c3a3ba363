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

/** A term and the surface words it came from (they differ only under stemming). */
export interface Term { key: string; surface: string }

const DIGIT = /\p{N}/u;

/** Returns a function from a document's text to its terms, in order. */
export function makeTokenizer(o: ResolvedTokenOptions): (text: string) => Term[] {
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
    const unigrams: Term[] = tokens.map((w) => ({ key: o.stem ? stem(w) : w, surface: w }));
    if (o.ngrams <= 1) return unigrams;
    const out = unigrams.slice();
    for (let n = 2; n <= o.ngrams; n++) {
      const keys = naturalNgrams(unigrams.map((t) => t.key), n);
      const surfaces = naturalNgrams(tokens, n);
      keys.forEach((g, i) => out.push({ key: g.join(' '), surface: surfaces[i].join(' ') }));
    }
    return out;
  };
}
