// TSV without quoting, as `jq -r @tsv`, cut and IANA's text/tab-separated-values write it: a field that
// starts with " is text. A TSV that does quote (pandas' to_csv(sep='\t') around a tab) is read as quoted.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { forEachDocument, streamSource } from '../../loaders/index.js';
import { tsvQuotes } from '../../loaders/csv-input.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('tsv-quotes');
const docs = async (source: Parameters<typeof forEachDocument>[0]) => {
  const out: [string, string][] = [];
  await forEachDocument(source, (d) => {
    out.push([d.id, d.text]);
  });
  return out;
};

test('a TSV whose fields start with a quote is read as written, ids and header included', async (t) => {
  // what jq -r '[.id, .text] | @tsv' writes for {"id": "\"a\"", "text": "\"hello\" said the cat"}
  const path = join(dir, 'jq.tsv');
  writeFileSync(path, 'id\t"text"\n"a"\t"hello" said the cat\nb\tthe dog said "woof"\n');
  t.deepEqual(await docs({ kind: 'csv', path, textColumn: '"text"', idColumn: 'id', delimiter: '\t' }), [
    ['"a"', '"hello" said the cat'],
    ['b', 'the dog said "woof"'],
  ]);
  // the same on stdin with --input-format tsv
  const stdin = streamSource(Readable.from([Buffer.from('id\ttext\n1\t"quoted" start\n')]), 'stdin', {
    inputFormat: 'tsv',
    textColumn: 'text',
  });
  t.deepEqual(await docs(stdin), [['1', '"quoted" start']]);
});

test('a TSV that quotes fields holding tabs, newlines or doubled quotes is still read as quoted', async (t) => {
  const path = join(dir, 'pandas.tsv');
  writeFileSync(path, 'id\ttext\n1\t"a\ttab and ""quotes"""\n2\t"two\nlines"\n3\tplain\n');
  t.deepEqual(await docs({ kind: 'csv', path, textColumn: 'text', delimiter: '\t' }), [
    ['1', 'a\ttab and "quotes"'],
    ['2', 'two\nlines'],
    ['3', 'plain'],
  ]);
});

test('tsvQuotes: quoting is taken only when every field opened by a quote closes before a tab or a line end', (t) => {
  t.true(tsvQuotes('a\t"b"\n"c"\td\n'));
  t.true(tsvQuotes('a\t"b""c"\n'));
  t.true(tsvQuotes('a\tb "c" d\n'), 'a quote inside a field opens nothing');
  t.false(tsvQuotes('"hello" said\tx\n'));
  t.false(tsvQuotes('x\t"a" b\n'));
  t.is(tsvQuotes('x\t"a long field cut by the chunk'), 'undecided', 'a field the chunk cuts waits for more');
  t.false(tsvQuotes('x\t"a field that never closes\n1\tb\n', true), 'unclosed at the end of the input');
});

test('a TSV whose header opens a quote that never closes is read as written, from a file and in pieces', async (t) => {
  const text = 'id\t"title\n1\tthe cat sat\n2\ta dog\n';
  const path = join(dir, 'header-quote.tsv');
  writeFileSync(path, text);
  const want = [
    ['1', 'the cat sat'],
    ['2', 'a dog'],
  ];
  t.deepEqual(await docs({ kind: 'csv', path, textColumn: '"title', idColumn: 'id', delimiter: '\t' }), want);
  // a byte at a time: the decision waits for a field's close or the input's end, not for the first piece
  const bytes = [...Buffer.from(text)].map((b) => Buffer.from([b]));
  const stdin = streamSource(Readable.from(bytes), 'stdin', {
    inputFormat: 'tsv',
    textColumn: '"title',
    idColumn: 'id',
  });
  t.deepEqual(await docs(stdin), want);
  // a quote that does close later is still quoting: its field holds the line break
  writeFileSync(path, 'id\ttext\n1\t"two\nlines"\n');
  t.deepEqual(await docs({ kind: 'csv', path, textColumn: 'text', idColumn: 'id', delimiter: '\t' }), [
    ['1', 'two\nlines'],
  ]);
});

test("a table's messages give the file line, blank lines and quoted newlines counted; ids stay rows", async (t) => {
  const path = join(dir, 'lines.csv');
  writeFileSync(path, 'id,text\n1,apples pears\n\n2,"two\nlines"\n\n3\n');
  const e = await t.throwsAsync(docs({ kind: 'csv', path, textColumn: 'text', delimiter: ',' }));
  t.regex(e!.message, /lines\.csv: line 7: the row has fewer fields than the header/);
  const ok = join(dir, 'ok.csv');
  writeFileSync(ok, 'text\napples\n\npears\n');
  t.deepEqual(await docs({ kind: 'csv', path: ok, textColumn: 'text', delimiter: ',' }), [
    ['1', 'apples'],
    ['2', 'pears'],
  ]);
});
