// The formats big corpora ship in (JSONL, Parquet, gzip of anything) give the same X as the same text
// in a lines file: the same rows, columns, entries and terms, whichever way the bytes arrive.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Csr, Matrix } from '../../core/index.js';
import { toDense } from '../../core/index.js';
import type { Dataset, TextSourceSpec } from '../../loaders/index.js';
import { loadMatrix, loadText, streamSource, textSourceFor } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('inputs');
const file = (name: string, content: string | Buffer | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const texts = [
  'the apple and the pear are fruit',
  'a pear tree grows pears',
  'apple pie with cream',
  'dogs chase cats',
  'cats sleep all day',
  'dogs and cats and apple trees',
  'fruit salad: apple, pear, plum',
  'café crème for the cats',
  'plum jam and plum pie',
  'the day the dogs slept',
];
// a blank line, so line numbers (the ids) are not row numbers
const lines = [...texts.slice(0, 4), '', ...texts.slice(4)];
const OPTIONS = { weighting: 'count' as const, minDf: 1, maxDf: 1 };

const csr = (X: Matrix) => X as Csr;
function sameX(t: ExecutionContext, got: Dataset, want: Dataset, sameIds = true) {
  t.is(got.X.kind, 'csr');
  t.deepEqual([got.X.rows, got.X.cols], [want.X.rows, want.X.cols]);
  t.deepEqual(Array.from(csr(got.X).indptr), Array.from(csr(want.X).indptr));
  t.deepEqual(Array.from(csr(got.X).indices), Array.from(csr(want.X).indices));
  t.deepEqual(Array.from(got.X.data), Array.from(want.X.data));
  t.deepEqual(got.columns.kind === 'text' && got.columns.terms, want.columns.kind === 'text' && want.columns.terms);
  if (sameIds) t.deepEqual(got.rows, want.rows);
}

const plain = file('corpus.txt', lines.join('\n') + '\n');
const expected = () => loadText({ kind: 'lines', path: plain }, OPTIONS);
const fromPath = async (path: string, spec: TextSourceSpec = {}) => loadText(await textSourceFor(path, spec), OPTIONS);

test('the lines file itself: ten documents, ids are line numbers', async (t) => {
  const want = await expected();
  t.is(want.X.rows, 10);
  t.deepEqual(want.rows.slice(3, 6), ['4', '6', '7']);
});

test('gzip: a .gz lines file, the same without the suffix (by its magic bytes), and on stdin', async (t) => {
  const want = await expected();
  const gz = gzipSync(lines.join('\n') + '\n');
  sameX(t, await fromPath(file('corpus.txt.gz', gz)), want);
  sameX(t, await fromPath(file('corpus-gz-unnamed', gz)), want);
  sameX(t, await loadText(streamSource(Readable.from([gz.subarray(0, 7), gz.subarray(7)]), 'stdin'), OPTIONS), want);
  // two gzip members one after the other (as `cat a.gz b.gz` makes) are one stream
  const half = lines.slice(0, 5).join('\n') + '\n',
    rest = lines.slice(5).join('\n') + '\n';
  sameX(t, await fromPath(file('members.txt.gz', Buffer.concat([gzipSync(half), gzipSync(rest)]))), want);
});

test('JSONL: .jsonl, .ndjson, gzipped, a dotted field, an id field, and stdin with --input-format jsonl', async (t) => {
  const want = await expected();
  const jsonl = lines.map((text) => (text === '' ? '' : JSON.stringify({ text, n: 0 }))).join('\n') + '\n';
  sameX(t, await fromPath(file('corpus.jsonl', jsonl)), want);
  sameX(t, await fromPath(file('corpus.ndjson', jsonl)), want);
  sameX(t, await fromPath(file('corpus.jsonl.gz', gzipSync(jsonl))), want);
  const nested = lines
    .map((text, i) => (text === '' ? '   ' : JSON.stringify({ id: `doc-${i}`, meta: { body: text, lang: 'en' } })))
    .join('\r\n');
  const withIds = await fromPath(file('nested.jsonl', nested), { textField: 'meta.body', idField: 'id' });
  sameX(t, withIds, want, false);
  t.deepEqual(withIds.rows.slice(3, 5), ['doc-3', 'doc-5']);
  // a key that has a dot in it is taken as it is before it is taken as a path
  const dotted = lines
    .filter(Boolean)
    .map((text) => JSON.stringify({ 'meta.body': text, meta: { body: 'wrong' } }))
    .join('\n');
  sameX(t, await fromPath(file('dotted.jsonl', dotted), { textField: 'meta.body' }), want, false);
  sameX(
    t,
    await loadText(streamSource(Readable.from([gzipSync(jsonl)]), 'stdin', { inputFormat: 'jsonl' }), OPTIONS),
    want,
  );
  // --text-field alone says JSONL, whatever the name
  sameX(t, await fromPath(file('corpus-json.txt', jsonl), { textField: 'text' }), want);
});

test("CSV and TSV, plain and gzipped, give the lines file's X", async (t) => {
  const want = await expected();
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = 'id,body\n' + texts.map((s, i) => `${i},${quote(s)}`).join('\n') + '\n';
  const tsv = 'id\tbody\n' + texts.map((s, i) => `${i}\t${s}`).join('\n') + '\n';
  sameX(t, await fromPath(file('corpus.csv', csv), { textColumn: 'body' }), want, false);
  sameX(t, await fromPath(file('corpus.csv.gz', gzipSync(csv)), { textColumn: 'body' }), want, false);
  const tsvData = await fromPath(file('corpus.tsv.gz', gzipSync(tsv)), { textColumn: 'body', idColumn: 'id' });
  sameX(t, tsvData, want, false);
  t.deepEqual(
    tsvData.rows,
    texts.map((_, i) => String(i)),
  );
  sameX(
    t,
    await loadText(streamSource(Readable.from([gzipSync(csv)]), 'stdin', { textColumn: 'body' }), OPTIONS),
    want,
    false,
  );
});

test('Parquet: uncompressed, snappy and gzip pages, several row groups, an id column', async (t) => {
  const want = await expected();
  const columnData = [
    { name: 'id', data: texts.map((_, i) => `row-${i}`), type: 'STRING' as const },
    { name: 'body', data: texts, type: 'STRING' as const },
    { name: 'n', data: texts.map((_, i) => i), type: 'INT32' as const },
  ];
  const gzip = { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) };
  for (const [codec, rowGroupSize] of [
    ['UNCOMPRESSED', 100],
    ['SNAPPY', 3],
    ['GZIP', 4],
  ] as const) {
    const path = file(
      `corpus-${codec}.parquet`,
      new Uint8Array(parquetWriteBuffer({ columnData, codec, rowGroupSize, compressors: gzip })),
    );
    const data = await fromPath(path, { textColumn: 'body', idColumn: 'id' });
    sameX(t, data, want, false);
    t.deepEqual(
      data.rows,
      texts.map((_, i) => `row-${i}`),
      codec,
    );
  }
  // ids default to row numbers, and a numeric id column is an id too
  const numbered = await fromPath(file('numbered.parquet', new Uint8Array(parquetWriteBuffer({ columnData }))), {
    textColumn: 'body',
    idColumn: 'n',
  });
  t.deepEqual(
    numbered.rows,
    texts.map((_, i) => String(i)),
  );
  t.deepEqual(
    (await fromPath(join(dir, 'numbered.parquet'), { textColumn: 'body' })).rows,
    texts.map((_, i) => String(i + 1)),
  );
});

test('a folder of .gz documents: each is one document, decompressed', async (t) => {
  const want = await expected();
  const folder = join(dir, 'gz-folder');
  mkdirSync(folder);
  // names sort as the lines do; plain and gzipped documents side by side
  texts.forEach((text, i) =>
    writeFileSync(
      join(folder, `doc-${String(i).padStart(2, '0')}.txt${i % 3 ? '.gz' : ''}`),
      i % 3 ? gzipSync(text) : text,
    ),
  );
  const data = await loadText({ kind: 'folder', path: folder }, OPTIONS);
  sameX(t, data, want, false);
  t.is(data.rows[1], 'doc-01.txt.gz');
  t.deepEqual(data.skipped, []);
});

test('matrix files gzipped (.mtx.gz, .csv.gz, UCI docword.*.txt.gz) equal the plain ones', async (t) => {
  const mtx = '%%MatrixMarket matrix coordinate real general\n3 4 5\n1 1 1.5\n1 4 2\n2 2 3\n3 1 1\n3 3 4\n';
  const same = (a: Dataset, b: Dataset) => t.deepEqual(Array.from(toDense(a.X).data), Array.from(toDense(b.X).data));
  same(await loadMatrix(file('m.mtx.gz', gzipSync(mtx))), await loadMatrix(file('m.mtx', mtx)));
  const csv = 'a,b,c\n1,0,2\n0,3,0\n4,5,6\n';
  same(await loadMatrix(file('m.csv.gz', gzipSync(csv))), await loadMatrix(file('m.csv', csv)));
  file('vocab.g.txt', 'apple\nbanana\ncherry\n');
  const uci = await loadMatrix(file('docword.g.txt.gz', gzipSync('2\n3\n3\n1 1 2\n1 3 1\n2 2 5\n')));
  t.deepEqual(Array.from(toDense(uci.X).data), [2, 0, 1, 0, 5, 0]);
  t.deepEqual(uci.columns.kind === 'matrix' && uci.columns.labels, ['apple', 'banana', 'cherry']);
});

test('a source given by path is read again at each pass, a stream once', async (t) => {
  const path = file('twice.jsonl.gz', gzipSync(texts.map((text) => JSON.stringify({ text })).join('\n')));
  const source = await textSourceFor(path);
  const first = await loadText(source, OPTIONS),
    second = await loadText(source, OPTIONS);
  t.deepEqual(Array.from(second.X.data), Array.from(first.X.data));
  const stream = streamSource(Readable.from([texts.join('\n')]), 'stdin');
  await loadText(stream, OPTIONS);
  const e = await t.throwsAsync(loadText(stream, OPTIONS));
  t.regex(e!.message, /^stdin can be read only once: save it to a file/);
});
