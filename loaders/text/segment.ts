// Words of scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): a run of
// letters such as 我爱自然语言处理 is one "word" to a tokenizer that splits on spaces and punctuation,
// so a corpus in those scripts gives topics of whole sentences. Intl.Segmenter (ICU's dictionary-based
// word breaks, built into Node) cuts such runs into words: 我 | 爱 | 自然 | 语言 | 处理.
import { words as CHINESE_STOP_WORDS } from 'natural/lib/natural/util/stopwords_zh.js';
import { words as JAPANESE_STOP_WORDS } from 'natural/lib/natural/util/stopwords_ja.js';

/** How runs of letters become words: `auto` segments the runs that hold an unspaced script with ICU and
 *  leaves the rest to the tokenizer's pattern; `words` segments every document with ICU's word breaks;
 *  `chars` makes each character of an unspaced script a word; `none` leaves runs whole (as before). */
export type Segmentation = 'auto' | 'words' | 'chars' | 'none';
export const SEGMENTATIONS: readonly Segmentation[] = ['auto', 'words', 'chars', 'none'];

/** A character of a script written without spaces between words. */
export const UNSPACED = new RegExp(
  String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}` +
    String.raw`\p{Script=Khmer}\p{Script=Myanmar}]`,
  'u',
);

/** Stop words of the unspaced languages that have a kept list, dropped with --stop-words: natural 8's
 *  Chinese list (80 function characters, MIT) and Japanese list (Apache Lucene's Kuromoji stop words,
 *  109 entries, Apache-2.0). Thai, Lao, Khmer and Myanmar have none here. */
export const UNSPACED_STOP_WORDS: readonly string[] = [...CHINESE_STOP_WORDS, ...JAPANESE_STOP_WORDS];

// one segmenter for all documents: ICU picks its dictionary by script, not by the locale named
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The word-like segments of a text, in order. */
export function icuWords(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** A run of letters (a match of the tokenizer's word pattern) as words under `mode`. */
export function splitRun(run: string, mode: Segmentation): string[] {
  if (mode === 'none' || !UNSPACED.test(run)) return [run];
  if (mode === 'chars') {
    // the unspaced characters one by one (a character with its combining marks), what lies between them whole
    const out: string[] = [];
    let other = '';
    for (const { segment } of graphemes.segment(run)) {
      if (UNSPACED.test(segment)) {
        if (other) out.push(other);
        other = '';
        out.push(segment);
      } else other += segment;
    }
    if (other) out.push(other);
    return out;
  }
  return icuWords(run);
}

/** A word of an unspaced script: the minimum length does not apply to it (我, 书 and 猫 are words of one
 *  character). */
export const isUnspacedWord = (word: string): boolean => UNSPACED.test(word);
