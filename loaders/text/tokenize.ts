// Text → terms, in the order scikit-learn's analyzers use: markup and addresses stripped, lowercase, accents folded
// (on request), tokens (words, or the matches of a token pattern), stop words dropped, Porter stemming
// (natural), n-grams (natural).
import { ngrams as naturalNgrams } from 'natural/lib/natural/ngrams/ngrams.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { stripAddresses, withoutMarkup } from './markup.js';
import type { Segmentation } from './segment.js';
import { icuWords, isUnspacedWord, splitRun, UNSPACED, UNSPACED_STOP_WORDS } from './segment.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { compileTokenPattern } from './token-pattern.js';

export { compileTokenPattern } from './token-pattern.js';

export interface TokenOptions {
  /** Drop English stop words (loaders/text/stop-words.ts: natural's and scikit-learn's lists). Default true. */
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
  /** Remove HTML tags, entities, script and style bodies and quoted-printable breaks: always (true), never
   *  (false), or in the documents that have them ('auto', the default). */
  stripHtml?: boolean | 'auto';
  /** Remove web and mail addresses (http://…, www.…, name@host). Default true. */
  stripUrls?: boolean;
  /** A token is a match of this regular expression (JavaScript syntax, Unicode classes; with one capture
   *  group, the group), as scikit-learn's token_pattern; it then alone decides what a token is
   *  (minLength and keepNumbers do not apply). It is matched in linear time (token-pattern.ts), so
   *  backreferences and lookarounds are refused. Default: runs of letters and digits. */
  tokenPattern?: string | null;
  /** Fold accents (é → e) by Unicode decomposition, as scikit-learn's strip_accents='unicode'. Default false. */
  stripAccents?: boolean;
  /** Words of scripts without spaces (segment.ts): 'auto' (the default) cuts the runs of Chinese,
   *  Japanese, Thai… into words with Intl.Segmenter, 'words' cuts every document so, 'chars' makes each
   *  of their characters a word, 'none' leaves runs whole. Not with a token pattern, which decides alone. */
  segment?: Segmentation;
}

export type ResolvedTokenOptions = Required<TokenOptions>;

export function resolveTokenOptions(o: TokenOptions): ResolvedTokenOptions {
  return {
    stopWords: o.stopWords ?? true,
    extraStopWords: (o.extraStopWords ?? []).map((w) => w.toLowerCase()),
    stem: o.stem ?? false,
    ngrams: o.ngrams ?? 1,
    keepNumbers: o.keepNumbers ?? false,
    minLength: o.minLength ?? 2,
    stripHtml: o.stripHtml ?? 'auto',
    stripUrls: o.stripUrls ?? true,
    tokenPattern: o.tokenPattern ?? null,
    stripAccents: o.stripAccents ?? false,
    segment: o.segment ?? 'auto',
  };
}

/** A document's terms in order, and the words they were made of (they differ only under stemming).
 *  The first `unigrams` entries are the single words, in text order; n-grams follow. */
export interface Terms {
  keys: string[];
  surfaces: string[];
  unigrams: number;
}

const DIGIT = /\p{N}/u;
/** Whether a word holds a digit of any script: ASCII by its codes (the tokenizer's hottest test), the
 *  rest by the Unicode class. */
function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c > 127) return DIGIT.test(w);
  }
  return false;
}
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export const foldAccents = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '');

/** Returns a function from a document's text to its terms. */
/** A character past ASCII: only such text can have two Unicode forms. */
const NON_ASCII = /[^\x00-\x7f]/;

export function makeTokenizer(o: ResolvedTokenOptions): (text: string) => Terms {
  const pattern = o.tokenPattern === null ? null : compileTokenPattern(o.tokenPattern);
  // a model saved before segmentation existed has none: its documents were tokenized with runs whole
  const segment: Segmentation = o.segment ?? 'none';
  const stop = new Set<string>([
    ...(o.stopWords ? ENGLISH_STOP_WORDS : []),
    ...(o.stopWords && segment !== 'none' ? UNSPACED_STOP_WORDS : []),
    ...o.extraStopWords.map((w) => w.normalize('NFC')),
  ]);
  const stems = new Map<string, string>();
  const stem = (w: string) => {
    let s = stems.get(w);
    if (s === undefined) {
      s = PorterStemmer.stem(w);
      stems.set(w, s);
    }
    return s;
  };
  const keep = pattern
    ? (w: string) => w.length > 0 && !stop.has(w)
    : (w: string) => (w.length >= o.minLength || isUnspacedWord(w)) && !stop.has(w) && (o.keepNumbers || !hasDigit(w));
  return (text) => {
    text = withoutMarkup(text, o.stripHtml);
    if (o.stripUrls) text = stripAddresses(text);
    text = text.toLowerCase();
    // one form of each letter: café written with é (NFC, most text) or with e and a combining accent
    // (NFD, macOS file names, some PDFs) is one term, not two
    if (NON_ASCII.test(text)) text = text.normalize('NFC');
    if (o.stripAccents) text = foldAccents(text);
    const words = pattern
      ? pattern(text)
      : segment === 'words'
        ? icuWords(text)
        : // a document without an unspaced script (most) takes the plain path: one test of its text
          segment === 'none' || !UNSPACED.test(text)
          ? (text.match(WORD) ?? [])
          : (text.match(WORD) ?? []).flatMap((run) => splitRun(run, segment));
    const tokens = words.filter(keep);
    const keys = o.stem ? tokens.map(stem) : tokens.slice();
    const surfaces = tokens.slice();
    for (let n = 2; n <= o.ngrams; n++) {
      for (const g of naturalNgrams(o.stem ? keys.slice(0, tokens.length) : tokens, n)) keys.push(g.join(' '));
      for (const g of naturalNgrams(tokens, n)) surfaces.push(g.join(' '));
    }
    return { keys, surfaces, unigrams: tokens.length };
  };
}
