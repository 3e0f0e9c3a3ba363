import test from 'ava';
import type { ResolvedTokenOptions } from '../../loaders/index.js';
import { makeTokenizer, resolveTokenOptions } from '../../loaders/index.js';

const words = (text: string, o: Parameters<typeof resolveTokenOptions>[0] = {}) =>
  makeTokenizer(resolveTokenOptions(o))(text).keys;

test("Chinese runs are cut into words by Intl.Segmenter, as the issue's example", (t) => {
  t.deepEqual(words('我爱自然语言处理', { stopWords: false }), ['我', '爱', '自然', '语言', '处理']);
  // 我 is in natural's Chinese stop list; one-character words are kept although shorter than 2
  t.deepEqual(words('我爱自然语言处理'), ['爱', '自然', '语言', '处理']);
  t.deepEqual(words('我爱自然语言处理', { stopWords: false, segment: 'none' }), ['我爱自然语言处理']);
  t.deepEqual(words('自然语言', { stopWords: false, segment: 'chars' }), ['自', '然', '语', '言']);
});

test('Japanese and Thai are segmented, Japanese particles dropped as stop words', (t) => {
  t.deepEqual(words('東京は日本の首都です'), ['東京', '日本', '首都']);
  t.deepEqual(words('東京は日本の首都です', { stopWords: false }), ['東京', 'は', '日本', 'の', '首都', 'です']);
  t.deepEqual(words('ภาษาไทยเป็นภาษาที่สวยงาม'), ['ภาษา', 'ไทย', 'เป็น', 'ภาษา', 'ที่', 'สวยงาม']);
});

test("mixed scripts: spaced words keep the pattern's rules, unspaced runs are cut, per document", (t) => {
  const tokenize = makeTokenizer(resolveTokenOptions({ stopWords: false }));
  t.deepEqual(tokenize("Vim 的 cursor 自然语言 don't").keys, ['vim', '的', 'cursor', '自然', '语言', 'don']);
  t.deepEqual(tokenize('an English document alone').keys, ['an', 'english', 'document', 'alone']);
  // --segment words: ICU's rules for every word, apostrophes inside words kept
  t.deepEqual(words("Vim 自然语言 don't", { stopWords: false, segment: 'words' }), ['vim', '自然', '语言', "don't"]);
  // --segment chars: a Thai letter keeps its vowel and tone marks (a grapheme each)
  t.deepEqual(words('ที่', { stopWords: false, segment: 'chars' }), ['ที่']);
});

test('a model saved before segmentation tokenizes as it did: runs whole', (t) => {
  const old = { ...resolveTokenOptions({ stopWords: false }), segment: undefined } as unknown as ResolvedTokenOptions;
  t.deepEqual(makeTokenizer(old)('我爱自然语言处理').keys, ['我爱自然语言处理']);
});
