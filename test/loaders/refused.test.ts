// Inputs that are not what their format says: a bad JSONL line, binary data given as text, a damaged
// or bomb-sized gzip. Each is refused in one line that names the file (and line) and what to do, as a
// data error (exit 1), never tokenized and never a heap abort.
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LatentError } from '../../core/index.js';
import type { TextSource, TextSourceSpec } from '../../loaders/index.js';
import { loadMatrix, loadText, streamSource, textSourceFor } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('refused');
const file = (name: string, content: string | Buffer | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const OPTIONS = { minDf: 1, maxDf: 1 };
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

/** The source fails with a data error of one line matching `message`. */
async function refused(
  t: ExecutionContext,
  source: TextSource | Promise<TextSource>,
  message: RegExp,
  kind: 'data' | 'usage' = 'data',
) {
  const e = await t.throwsAsync(async () => loadText(await source, OPTIONS), { instanceOf: LatentError });
  t.is((e as LatentError).kind, kind);
  t.false(e!.message.includes('\n'), 'one line');
  t.regex(e!.message, message);
}
const at = (name: string, content: string | Buffer, spec: TextSourceSpec = {}) =>
  textSourceFor(file(name, content), spec);

test('a bad JSONL line names the file and its line number, and what is wrong with it', async (t) => {
  const good = '{"text": "apples and pears"}';
  await refused(
    t,
    at('syntax.jsonl', `${good}\n\n{"text": "unclosed\n`),
    /^.*syntax\.jsonl:3: not JSON \(.*\); a JSONL file holds one JSON object per line$/,
  );
  await refused(
    t,
    at('array.jsonl', `${good}\n[1, 2]\n`),
    /array\.jsonl:2: an array, where each line of a JSONL file must be an object/,
  );
  await refused(
    t,
    at('field.jsonl', `${good}\n{"body": "x", "id": 3}\n`),
    pieces(
      /field\.jsonl:2: no field "text" \(the default of --text-field: name the field holding the /,
      /text with --text-field\); its fields are "body", "id"$/,
    ),
  );
  await refused(
    t,
    at('named.jsonl', `{"meta": {"title": "x"}}\n`, { textField: 'meta.body' }),
    /named\.jsonl:1: no field "meta\.body" \(--text-field\); its fields are "meta"/,
  );
  await refused(
    t,
    at('number.jsonl', `${good}\n${good}\n{"text": 42}\n`),
    /number\.jsonl:3: field "text" is a number, not text$/,
  );
  await refused(
    t,
    at('null.jsonl', `{"text": null}\n`),
    /null\.jsonl:1: field "text" is null, not text: leave such lines out/,
  );
  await refused(
    t,
    at('id.jsonl', `{"text": "a", "id": {"x": 1}}\n`, { idField: 'id' }),
    /id\.jsonl:1: field "id" \(--id-field\) is an object: an id is a string or a number/,
  );
  // and on stdin, by the same rules
  await refused(
    t,
    streamSource(Readable.from([`${good}\nnot json\n`]), 'stdin', { inputFormat: 'jsonl' }),
    /^stdin:2: not JSON/,
  );
});

test('flags that do not fit the format are usage errors', async (t) => {
  await refused(
    t,
    at('cols.jsonl', '{"text": "a"}\n', { textColumn: 'body' }),
    /read as JSONL, whose documents have fields, not columns: give --text-field/,
    'usage',
  );
  await refused(
    t,
    at('fields.csv', 'a,b\n1,2\n', { textField: 'body' }),
    /--text-field and --id-field name JSONL fields, but .*fields\.csv is read as csv/,
    'usage',
  );
  await refused(
    t,
    Promise.resolve().then(() =>
      streamSource(Readable.from(['x']), 'stdin', { inputFormat: 'parquet', textColumn: 'body' }),
    ),
    /^stdin: Parquet is read from a file/,
    'usage',
  );
});

test('binary data given as text is refused, named, never tokenized: NUL bytes, PNG, gzip or stdin', async (t) => {
  const nul = Buffer.concat([
    Buffer.from('apples and pears\nmore words\n'),
    Buffer.from([0x00, 0x01, 0x02]),
    Buffer.from('\ntail\n'),
  ]);
  await refused(
    t,
    at('nul.txt', nul),
    pieces(
      /nul\.txt: it looks binary, not text \(it has NUL bytes\); latent reads text: a document /,
      /per line, CSV\/TSV, JSONL or Parquet, plain or gzipped$/,
    ),
  );
  await refused(t, at('image.txt', PNG), /image\.txt: it looks binary, not text \(a PNG image\)/);
  await refused(t, at('nul.txt.gz', gzipSync(nul)), /nul\.txt\.gz: it looks binary, not text \(it has NUL bytes\)/);
  await refused(t, streamSource(Readable.from([PNG]), 'stdin'), /^stdin: it looks binary, not text \(a PNG image\)/);
  await refused(
    t,
    at('image.csv', PNG, { textColumn: 'text' }),
    /image\.csv: it looks binary, not text \(a PNG image\)/,
  );
  await refused(t, at('image.jsonl', PNG), /image\.jsonl: it looks binary, not text \(a PNG image\)/);
  await refused(
    t,
    at('doc.txt', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')),
    /doc\.txt: it looks binary, not text \(a PDF document: extract its text first/,
  );
  // UTF-16 text is decoded, not refused (encoding.test.ts)
  const parquet = new Uint8Array(
    parquetWriteBuffer({ columnData: [{ name: 'text', data: ['a b', 'c d'], type: 'STRING' }] }),
  );
  await refused(
    t,
    at('table.txt', Buffer.from(parquet)),
    /table\.txt: it looks binary, not text \(a Parquet file: name it \.parquet or give --input-format parquet\)/,
  );
  // a matrix file too
  const e = await t.throwsAsync(loadMatrix(file('image.mtx', PNG)), { instanceOf: LatentError });
  t.regex(e!.message, /image\.mtx: it looks binary/);
});

test('a truncated or damaged gzip file is one line naming it', async (t) => {
  const words = Array.from({ length: 4000 }, (_, i) => `word${i % 97} other${i % 13}`).join('\n');
  const gz = gzipSync(words);
  await refused(
    t,
    at('cut.txt.gz', gz.subarray(0, gz.length >> 1)),
    /cut\.txt\.gz: not a whole gzip file \(unexpected end of file\): it is damaged or was cut short/,
  );
  const damaged = Buffer.from(gz);
  damaged.fill(0xff, 20, 60);
  await refused(t, at('damaged.jsonl.gz', damaged), /damaged\.jsonl\.gz: not a whole gzip file/);
  await refused(t, streamSource(Readable.from([gz.subarray(0, 100)]), 'stdin'), /^stdin: not a whole gzip file/);
  await refused(
    t,
    at('cut.csv.gz', gzipSync('id,text\n' + words.replace(/\n/g, ',x\n')).subarray(0, 200), { textColumn: 'text' }),
    /cut\.csv\.gz: not a whole gzip file/,
  );
  const e = await t.throwsAsync(
    loadMatrix(
      file('cut.mtx.gz', gzipSync('%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n').subarray(0, 30)),
    ),
    { instanceOf: LatentError },
  );
  t.regex(e!.message, /cut\.mtx\.gz: not a whole gzip file/);
});

test('a gzip bomb is refused by the budgets: a line past the line budget, a document past its budget', async (t) => {
  // 64 MiB + 1 of 'a' without a line break: about 65 KB on disk
  const bomb = gzipSync(Buffer.alloc((64 << 20) + 1, 0x61), { level: 9 });
  t.true(bomb.length < 1 << 20);
  await refused(t, at('bomb.txt.gz', bomb), /bomb\.txt\.gz:1: the line is longer than 64 MiB/);
  // in a folder: 272 MiB inflated from 17 gzip members of 16 MiB each, passed over and reported
  const folder = join(dir, 'bombs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.txt'), 'apples and pears');
  const member = gzipSync(Buffer.alloc(16 << 20, 0x61), { level: 9 });
  writeFileSync(join(folder, 'b.txt.gz'), Buffer.concat(Array.from({ length: 17 }, () => member)));
  writeFileSync(join(folder, 'c.txt.gz'), gzipSync('apples').subarray(0, 12));
  writeFileSync(join(folder, 'd.gz'), gzipSync(PNG));
  const data = await loadText({ kind: 'folder', path: folder }, OPTIONS);
  t.deepEqual(data.rows, ['a.txt']);
  const reasons = Object.fromEntries(data.skipped.map((s) => [s.item.slice(folder.length + 1), s.reason]));
  t.regex(reasons['b.txt.gz'], /^256 MiB\+ decompressed, over the 256 MiB a document may have$/);
  t.regex(reasons['c.txt.gz'], /^not a whole gzip file \(unexpected end of file\): damaged or cut short$/);
  t.regex(reasons['d.gz'], /^binary file once decompressed \(a PNG image\)$/);
});

test('Parquet: a missing column lists the columns; a null text names its row; a non-Parquet file', async (t) => {
  const columnData = [
    { name: 'title', data: ['a', 'b'], type: 'STRING' as const },
    { name: 'body', data: ['apples pears', null], type: 'STRING' as const, nullable: true },
  ];
  const path = file('t.parquet', new Uint8Array(parquetWriteBuffer({ columnData })));
  await refused(
    t,
    textSourceFor(path, { textColumn: 'text' }),
    /t\.parquet: no column "text" for --text-column; its columns are "title", "body"$/,
  );
  await refused(
    t,
    textSourceFor(path, { textColumn: 'body' }),
    /t\.parquet: row 2: column "body" \(--text-column\) is null, not text: leave such rows out$/,
  );
  await refused(
    t,
    textSourceFor(path),
    /t\.parquet is read as Parquet: name its text column with --text-column/,
    'usage',
  );
  await refused(
    t,
    at('fake.parquet', 'apples and pears\n', { textColumn: 'body' }),
    /fake\.parquet: not a Parquet file latent can read \(/,
  );
});
