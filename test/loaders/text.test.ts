import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LatentError, toDense } from '../../core/index.js';
import { CorpusBuilder, countVocabulary, estimateCorpus, loadText, vectorizeWith } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const tmp = () => scratchDir('text');
const column = (terms: string[], word: string) => terms.indexOf(word);

const corpus = ['the cat sat on the mat', 'the dog sat', 'a cat and a dog and a cat', 'birds 42 fly'];

test('token counts: lowercase, ≥ 2 letters, numbers and stop words dropped', (t) => {
  const b = new CorpusBuilder({ weighting: 'count' });
  corpus.forEach((d, i) => b.add(String(i), d.replace('cat sat', 'Cat sat')));
  const { X, model } = b.finish();
  t.deepEqual(model.terms, ['birds', 'cat', 'dog', 'fly', 'mat', 'sat']);
  const D = toDense(X);
  const at = (i: number, w: string) => D.data[i * X.cols + column(model.terms, w)];
  t.is(at(0, 'cat'), 1);
  t.is(at(2, 'cat'), 2);
  t.is(at(1, 'mat'), 0);
  t.is(
    X.data.reduce((s, v) => s + v, 0),
    3 + 2 + 3 + 2,
  );
});

test('document-frequency pruning: min-df as a count and max-df as a share', (t) => {
  const b = new CorpusBuilder({ weighting: 'count', minDf: 2, maxDf: 0.6 });
  ['apple banana', 'apple cherry', 'apple banana', 'date', 'apple'].forEach((d, i) => b.add(String(i), d));
  // apple is in 4/5 > 0.6 of the documents, cherry and date in 1 < 2
  t.deepEqual(b.finish().model.terms, ['banana']);
});

test('tf-idf equals a hand computation (smooth idf, l2-normalized rows)', (t) => {
  const b = new CorpusBuilder();
  ['apple apple banana', 'banana cherry', 'cherry'].forEach((d, i) => b.add(String(i), d));
  const { X, model } = b.finish();
  const idf = (df: number) => Math.log(4 / (1 + df)) + 1;
  t.true(Math.abs(model.idf![0] - idf(1)) < 1e-12);
  const a = 2 * idf(1),
    ban = 1 * idf(2),
    n = Math.hypot(a, ban);
  const D = toDense(X);
  t.true(Math.abs(D.data[0] - a / n) < 1e-6);
  t.true(Math.abs(D.data[1] - ban / n) < 1e-6);
  t.is(D.data[2], 0);
});

test('stemming shows each stem as its most frequent surface word', (t) => {
  const b = new CorpusBuilder({ stem: true, weighting: 'count' });
  ['running runs', 'running quickly', 'runs running', 'connection connected connections connections'].forEach((d, i) =>
    b.add(String(i), d),
  );
  const { model } = b.finish();
  t.true(model.keys.includes('run'));
  t.is(model.terms[model.keys.indexOf('run')], 'running');
  t.is(model.terms[model.keys.indexOf('connect')], 'connections');
});

test('n-grams add word pairs', (t) => {
  const b = new CorpusBuilder({ ngrams: 2, weighting: 'count' });
  b.add('1', 'machine learning rocks');
  t.deepEqual(b.finish().model.terms, ['learning', 'learning rocks', 'machine', 'machine learning', 'rocks']);
});

test('a CSV with quoted commas and embedded newlines, text and id columns', async (t) => {
  const dir = tmp();
  const file = join(dir, 'docs.csv');
  writeFileSync(file, 'id,body,other\nA7,"apples, pears\nand plums",x\nB9,"plums ""ripe"" plums",y\n');
  const d = await loadText({ kind: 'csv', path: file, textColumn: 'body', idColumn: 'id' }, { weighting: 'count' });
  t.deepEqual(d.rows, ['A7', 'B9']);
  t.deepEqual(d.columns.kind === 'text' && d.columns.terms, ['apples', 'pears', 'plums', 'ripe']);
  t.is(toDense(d.X).data[1 * 4 + 2], 2);
});

test('a CSV without the named column is an error that lists the columns', async (t) => {
  const dir = tmp();
  const file = join(dir, 'docs.csv');
  writeFileSync(file, 'id,body\n1,hello world\n');
  const e = await t.throwsAsync(loadText({ kind: 'csv', path: file, textColumn: 'text' }), { instanceOf: LatentError });
  t.regex(e!.message, /docs\.csv: no column "text" for --text-column; its columns are "id", "body"/);
});

test('standard input: one document per line, ids are line numbers', async (t) => {
  const stream = Readable.from(['red green\n\nblue red\n', 'green\n']);
  const d = await loadText({ kind: 'stream', stream, name: 'stdin' }, { weighting: 'count' });
  t.deepEqual(d.rows, ['1', '3', '4']);
  // each document's terms (columns in vocabulary order blue, green, red), the empty line skipped
  t.deepEqual(d.columns.kind === 'text' && d.columns.terms, ['blue', 'green', 'red']);
  t.deepEqual(Array.from(toDense(d.X).data), [0, 1, 1, 1, 0, 1, 0, 1, 0]);
});

test('a folder: one document per file, recursive, sorted; binary files skipped', async (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'b.txt'), 'zebra yak');
  writeFileSync(join(dir, 'a.txt'), 'yak xylophone');
  writeFileSync(join(dir, 'blob.bin'), Buffer.from([0x79, 0x61, 0x6b, 0x00, 0x01]));
  const seen: string[] = [];
  const d = await loadText(
    { kind: 'folder', path: dir },
    { weighting: 'count' },
    { skipped: (item) => seen.push(item) },
  );
  t.deepEqual(d.rows, ['a.txt', 'b.txt']);
  t.is(d.skipped.length, 1);
  t.regex(seen[0], /blob\.bin$/);
});

test('vectorizing with a saved model reproduces the training rows', (t) => {
  const b = new CorpusBuilder({ stem: true });
  corpus.forEach((d, i) => b.add(String(i), d));
  const { X, model } = b.finish();
  const again = vectorizeWith(JSON.parse(JSON.stringify(model)), corpus);
  t.deepEqual(Array.from(again.data), Array.from(X.data));
  t.deepEqual(Array.from(again.indices), Array.from(X.indices));
});

test('nothing left after pruning is an error saying what to change', async (t) => {
  const stream = Readable.from(['one two\n', 'three four\n']);
  const e = await t.throwsAsync(loadText({ kind: 'stream', stream, name: 'stdin' }, { minDf: 2 }), {
    instanceOf: LatentError,
  });
  t.regex(e!.message, /no term is left .* lower --min-df/);
});

test("a CSV of more than the estimate's sample of rows is estimated, not 'sample complete'", async (t) => {
  const path = join(tmp(), 'many.csv');
  const words = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape'];
  const rows = Array.from(
    { length: 2500 },
    (_, i) => `${i},${words[i % 7]} ${words[(i * 3) % 7]} ${words[(i + 2) % 7]}`,
  );
  writeFileSync(path, `id,text\n${rows.join('\n')}\n`);
  const source = { kind: 'csv', path, textColumn: 'text' } as const;
  const e = await estimateCorpus(source, {});
  // the sample is the first 2000 documents, the rest estimated from the file's size (its ids and commas
  // counted as text: an estimate on the high side)
  t.is(e?.sampled, 2000);
  t.true(e!.documents >= 2500 && e!.documents < 5000, String(e?.documents));
});

test('a folder whose every file is passed over says why, in one line: the first two and how many more', async (t) => {
  const dir = tmp();
  for (const name of ['a.bin', 'b.bin', 'c.bin']) writeFileSync(join(dir, name), Buffer.from([0x79, 0x00, 0x01]));
  const why = `${dir}: no documents in it; passed over: ${join(dir, 'a.bin')} (binary file (it has NUL bytes)), ${join(
    dir,
    'b.bin',
  )} (binary file (it has NUL bytes)) and 1 more`;
  const folder = { kind: 'folder', path: dir } as const;
  const e = await t.throwsAsync(loadText(folder), { instanceOf: LatentError });
  t.is(e?.message, why);
  // the size estimate, which reads first, and the streaming count say the same
  t.is((await t.throwsAsync(estimateCorpus(folder, {})))?.message, why);
  t.is((await t.throwsAsync(countVocabulary(folder, {})))?.message, why);
});

test.serial('repeated column names get _1, _2…, without a word on the console', async (t) => {
  const path = join(tmp(), 'dup.csv');
  writeFileSync(path, 'id,text,text,text_1\n1,apple banana,x y,p\n2,cherry date,z w,q\n');
  const printed: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void printed.push(args);
  try {
    const e = await t.throwsAsync(loadText({ kind: 'csv', path, textColumn: 'nope' }));
    t.regex(e!.message, /its columns are "id", "text", "text_1", "text_1_1"$/);
    const d = await loadText({ kind: 'csv', path, textColumn: 'text' }, { minDf: 1, maxDf: 1, weighting: 'count' });
    t.deepEqual(d.columns.kind === 'text' && d.columns.terms, ['apple', 'banana', 'cherry', 'date']);
  } finally {
    console.warn = warn;
  }
  t.deepEqual(printed, []);
});

test("the streaming count reports a file's documents as it reads them, a folder its files", async (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'a.txt'), 'apple pie\nbanana split\ncherry tart\n');
  const seen: [number, number | undefined][] = [];
  const progress = (done: number, total?: number) => seen.push([done, total]);
  await countVocabulary({ kind: 'lines', path: join(dir, 'a.txt') }, { minDf: 1 }, { progress });
  t.deepEqual(seen, [
    [1, undefined],
    [2, undefined],
    [3, undefined],
  ]);
  seen.length = 0;
  writeFileSync(join(dir, 'b.txt'), 'apple crumble\n');
  await countVocabulary({ kind: 'folder', path: dir }, { minDf: 1 }, { progress });
  t.deepEqual(seen, [
    [1, 2],
    [2, 2],
  ]);
});
