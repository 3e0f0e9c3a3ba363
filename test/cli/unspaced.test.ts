import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

// Vim's tutor in Chinese and Japanese, a paragraph a line (fixtures/unspaced, from Debian's vim-runtime)
const zh = join(FIXTURES, 'unspaced', 'zh.txt'),
  ja = join(FIXTURES, 'unspaced', 'ja.txt');
type Topic = { words: { word: string }[] };
const topicWords = (file: string, extra: string[] = []): string[] => {
  const r = latent([
    'topics',
    file,
    '-k',
    '6',
    '--top',
    '8',
    '--seed',
    '1',
    '--format',
    'json',
    '--no-coherence',
    ...extra,
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout).topics as Topic[]).flatMap((t) => t.words.map((w) => w.word));
};
const meanLength = (ws: string[]) => ws.reduce((s, w) => s + [...w].length, 0) / ws.length;

for (const [name, file, word] of [
  ['Chinese', zh, '移动'],
  ['Japanese', ja, 'カーソル'],
] as const) {
  test(`${name}: topics of words from the text, not of sentences`, (t) => {
    const text = readFileSync(file, 'utf8');
    const words = topicWords(file);
    for (const w of words) t.true(text.toLowerCase().includes(w), w);
    t.true(words.includes(word), `${word} (cursor / to move) is a topic word: ${words.join(' ')}`);
    t.true(meanLength(words) < 4, `mean length ${meanLength(words)}`);
    // the runs left whole are clauses between punctuation marks: over twice as long
    const whole = topicWords(file, ['--segment', 'none', '--min-df', '1']);
    t.true(
      meanLength(whole) > 2 * meanLength(words),
      `mean length ${meanLength(words)}, without segmentation ${meanLength(whole)}`,
    );
  });
}

test('a corpus mixing Chinese, Japanese and English gives words of each script', (t) => {
  const dir = scratchDir('unspaced');
  const mixed = join(dir, 'mixed.txt');
  const english = (
    'Move the cursor with the keys h j k l and delete a word with dw\nSave the file with :w and ' +
    'quit the editor with :q\n'
  ).repeat(20);
  writeFileSync(mixed, readFileSync(zh, 'utf8') + readFileSync(ja, 'utf8') + english);
  const words = topicWords(mixed);
  t.true(
    words.some((w) => /\p{Script=Han}/u.test(w) && !/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(w)),
    'Chinese',
  );
  t.true(
    words.some((w) => /\p{Script=Katakana}/u.test(w)),
    'Japanese',
  );
  t.true(
    words.some((w) => /^[a-z]+$/.test(w)),
    'English',
  );
  // no word joins two scripts
  for (const w of words)
    t.false(/\p{Script=Latin}/u.test(w) && /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(w), w);
});

test('a model keeps its segmentation: transform reads new Chinese text with it', (t) => {
  const dir = scratchDir('unspaced-model');
  const model = join(dir, 'zh.model');
  t.is(latent(['topics', zh, '-k', '4', '--seed', '1', '--model', model, '--no-coherence']).code, 0);
  t.is(JSON.parse(readFileSync(model, 'utf8')).loader.tokens.segment, 'auto');
  const r = latent(['transform', '--model', model, '-', '--format', 'json'], { input: '移动光标\n删除单词和字符\n' });
  t.is(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout).rows as { topic: number }[];
  t.is(rows.length, 2);
  for (const row of rows) t.not(row.topic, 0, "each new document has topic weight: its words are the model's");
});
