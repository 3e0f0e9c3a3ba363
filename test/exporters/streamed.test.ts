// Outputs of millions of rows are made in chunks: the chunked text must be byte for byte what the
// whole table formatted at once is, across chunk boundaries.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { dense, Random } from '../../core/index.js';
import type { Table } from '../../exporters/index.js';
import {
  coefficientRows,
  encodedMatrixJson,
  encodeMatrix,
  formatTable,
  modelJson,
  OutputBatch,
  tableChunks,
  tableObjects,
} from '../../exporters/index.js';
import { Int32Blocks } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

// 5000 rows: three chunks of rows, the last one short; ids that need quoting
const r = new Random(7);
const table: Table = {
  columns: ['id', 'n', 'x'],
  rows: Array.from({ length: 5000 }, (_, i) => [i % 97 === 0 ? `d,"${i}"` : `d${i}`, i, r.uniform() * 10 ** (i % 7)]),
};

test('chunked CSV, TSV and JSON are what the whole table gives at once', (t) => {
  const cells = table.rows.map((row) => row.map((c) => (typeof c === 'number' ? String(Number(c.toPrecision(6))) : c)));
  t.is(formatTable(table, 'csv'), Papa.unparse({ fields: table.columns, data: cells }, { newline: '\n' }) + '\n');
  t.is(
    formatTable(table, 'tsv'),
    Papa.unparse({ fields: table.columns, data: cells }, { delimiter: '\t', newline: '\n' }) + '\n',
  );
  t.is(formatTable(table, 'json'), JSON.stringify(tableObjects(table), null, 2) + '\n');
  t.true([...tableChunks(table, 'csv')].length >= 3, 'the table was made in chunks');
});

test('chunked aligned text has one width per column over every chunk', (t) => {
  const lines = formatTable(table, 'text').trimEnd().split('\n');
  t.is(lines.length, 5001);
  const ends = new Set(lines.slice(1).map((l) => l.length));
  t.is(ends.size, 1, 'numbers end in one column on every line');
});

test('empty tables keep their header', (t) => {
  const empty = { columns: ['a', 'b'], rows: [] };
  t.is(formatTable(empty, 'csv'), 'a,b\n');
  t.is(formatTable(empty, 'json'), '[]\n');
});

test("the document-topic table made row by row holds each row's proportions", (t) => {
  const W = dense(3, 2, new Float32Array([1, 1, 0, 0, 0, 2]));
  const H = dense(2, 2, new Float32Array([1, 2, 1, 0])); // masses 3 and 1
  const rows = coefficientRows(W, H, ['a', 'b', 'c'], 'text');
  t.deepEqual(rows.columns, ['document', 'topic', 'topic1', 'topic2']);
  t.deepEqual(rows.row(0), ['a', 1, 0.75, 0.25]);
  t.deepEqual(rows.row(1), ['b', 0, 0, 0], 'a row with no weight is all zero, heaviest 0');
  t.deepEqual(rows.row(2), ['c', 2, 0, 1]);
});

test("a factor's JSON in pieces is its JSON whole; the model file in pieces parses", (t) => {
  const M = dense(
    1000,
    7,
    new Float32Array(7000).map(() => r.uniform()),
  );
  t.is([...encodedMatrixJson(M)].join(''), JSON.stringify(encodeMatrix(M)));
  const fit = {
    W: M,
    H: dense(7, 3),
    options: {},
    objective: 1,
    iterations: 2,
    converged: true,
    device: 'cpu',
    restarts: [],
  } as never;
  const file = JSON.parse(
    [...modelJson(fit, { kind: 'matrix', labels: null, format: 'csv' } as never, ['r'], '0')].join(''),
  );
  t.deepEqual(file.W, encodeMatrix(M));
});

test('a batch writes chunked content as its concatenation', async (t) => {
  const dir = scratchDir('chunks');
  const batch = new OutputBatch();
  const chunks = function* () {
    for (let i = 0; i < 3000; i++) yield i % 2 ? `line ${i}\n` : Buffer.from(`bytes ${i}\n`);
  };
  await batch.write(join(dir, 'out.txt'), chunks());
  await batch.commit();
  t.is(
    readFileSync(join(dir, 'out.txt'), 'utf8'),
    Array.from({ length: 3000 }, (_, i) => `${i % 2 ? 'line' : 'bytes'} ${i}\n`).join(''),
  );
});

test('int32 blocks hold values across block boundaries', (t) => {
  const b = new Int32Blocks();
  const n = (1 << 20) * 4 + 5;
  for (let q = 0; q < n; q++) b.push(q ^ 0x5a5a);
  t.is(b.length, n);
  for (const q of [0, 4095, 4096, 4097, 12287, 12288, (1 << 21) - 4097, (1 << 21) - 4096, (1 << 21) + 3, n - 1])
    t.is(b.at(q), q ^ 0x5a5a, `value ${q}`);
  const all = b.take();
  t.is(all.length, n);
  t.true(all.every((v, q) => v === (q ^ 0x5a5a)));
  t.is(b.length, 0);
});
