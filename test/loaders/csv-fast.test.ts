// The byte-level CSV reader against papaparse's: the same matrix, labels, header and missing entries on
// every plain file, and no answer (so papaparse reads it) on files it does not handle.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastCsvMatrix } from '../../loaders/matrix/csv-fast.js';
import { parsedCsvMatrix } from '../../loaders/matrix/csv.js';
import type { CsvMatrixOptions } from '../../loaders/matrix/csv.js';
import type { Dataset } from '../../loaders/index.js';
import type { DenseStorage } from '../../core/index.js';
import { toDense } from '../../core/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('csv-fast');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const plain = (d: Dataset) => ({
  data: Array.from(toDense(d.X).data),
  shape: [d.X.rows, d.X.cols],
  rows: d.rows,
  columns: d.columns,
  missing: d.missing && [Array.from(d.missing.rows), Array.from(d.missing.cols)],
});

const cases: [string, string, CsvMatrixOptions][] = [
  ['plain.csv', '1,2,3\n4,5,6\n', {}],
  ['header.csv', 'a,b,c\n1,2.5,3e2\n-0,.5,7.\n', {}],
  ['labels.csv', 'id,x,y\nr1,1,2\nr2,3,4\n', {}],
  ['labels-no-header.csv', 'r1,1,2\nr2,3,4\n', {}],
  ['crlf-bom.csv', '\ufeffx,y\r\n1,2\r\n\r\n3,4\r\n', {}],
  ['spaces.csv', ' 1 , 2\n3,  4 \n   \n', {}],
  ['tabs.tsv', 'a\tb\n1\t2\n3\t4\n', {}],
  ['missing.csv', '1,,3\nNaN,5,nan\n', { missing: true }],
  ['missing-first.csv', ',2\n3,4\n', { missing: true }],
  ['forced.csv', '1,2\n3,4\n', { header: true, rowLabels: true }],
  ['trailing.csv', '1,2,\n3,4,5\n', { missing: true }],
  ['holes.tsv', '1\t\t3\n4\t5\t6\n', { missing: true }],
  ['labels-missing.csv', 'a,1,\nb,,2\n', { missing: true }],
  ['exponents.csv', '1e-45,3.4028235e38\n0.1234567890123456789,123456789012345678\n', {}],
  // the inline path's edges: 15 digits and 16, a bare point on either side, leading zeros, CRLF
  [
    'fifteen-digits.csv',
    '0.123456789012345,0.1234567890123456\r\n123456789012345,1234567890123456\r\n7.,.5\r\n00012,0\r\n',
    {},
  ],
];

for (const [name, text, options] of cases) {
  test(`${name}: the byte reader gives what papaparse gives`, async (t) => {
    const path = file(name, text);
    const fast = await fastCsvMatrix(path, options);
    t.not(fast, null, 'a plain file is read by the fast path');
    t.deepEqual(plain(fast!), plain(await parsedCsvMatrix(path, options)));
  });
}

for (const [name, text, options] of [
  ['quoted.csv', '"a","b"\n1,2\n', {}],
  ['semicolons.csv', '1;2\n3;4\n', {}],
  ['ragged.csv', '1,2\n3\n', {}],
  ['word.csv', '1,2\n3,x\n', {}],
  ['hole-without-missing.csv', '1,2\n3,\n', {}],
  ['one-column.csv', '1\n2\n', {}],
] as [string, string, CsvMatrixOptions][]) {
  test(`${name}: left to papaparse`, async (t) => {
    t.is(await fastCsvMatrix(file(name, text), options), null);
  });
}

test('dense or CSR is picked after the first values and checked at the end: a file changing density', async (t) => {
  const rows = [
    ...Array.from({ length: 6 }, () => '0,0,0,1'),
    ...Array.from({ length: 30 }, (_, i) => `${i + 1},2,3,4`),
  ];
  const path = file('changes.csv', rows.join('\n') + '\n');
  const fast = await fastCsvMatrix(path, {}, 8);
  t.is(fast!.X.kind, 'dense', 'mostly nonzero in the end: dense, although the first values were sparse');
  t.deepEqual(plain(fast!), plain(await parsedCsvMatrix(path, {})));
  const sparse = file(
    'sparse.csv',
    Array.from({ length: 40 }, (_, i) => (i < 10 ? '1,2,3,4' : '0,0,0,1')).join('\n') + '\n',
  );
  const kept = await fastCsvMatrix(sparse, {}, 8);
  t.is(kept!.X.kind, 'csr');
  t.deepEqual(plain(kept!), plain(await parsedCsvMatrix(sparse, {})));
});

/** A storage that records what it gave and what came back. */
function spyStorage() {
  const given: Float32Array[] = [],
    freed: Float32Array[] = [];
  const storage: DenseStorage = {
    alloc: (n) => {
      const a = new Float32Array(n);
      given.push(a);
      return a;
    },
    free: (v) => {
      freed.push(v);
    },
  };
  return { storage, given, freed };
}

test("a dense file's values go to the storage given, where the matrix keeps them", async (t) => {
  const { storage, given, freed } = spyStorage();
  const path = file('dense-storage.csv', Array.from({ length: 10 }, (_, i) => `${i + 1},2,3`).join('\n') + '\n');
  const fast = await fastCsvMatrix(path, { storage }, 6);
  t.is(given.length, 1);
  t.is(fast!.X.data.buffer, given[0].buffer);
  t.deepEqual(freed, []);
  t.deepEqual(plain(fast!), plain(await parsedCsvMatrix(path, {})));
});

test('storage that the matrix does not keep is given back: a sparse end, a file left to papaparse', async (t) => {
  // dense for the first values, sparse on the whole: converted to CSR at the end
  const sparseEnd = spyStorage();
  const rows = [...Array.from({ length: 4 }, () => '1,2,3,4'), ...Array.from({ length: 30 }, () => '0,0,0,1')];
  const path = file('sparse-end.csv', rows.join('\n') + '\n');
  const fast = await fastCsvMatrix(path, { storage: sparseEnd.storage }, 8);
  t.is(fast!.X.kind, 'csr');
  t.is(sparseEnd.given.length, 1);
  t.is(sparseEnd.freed.length, 1);
  t.is(sparseEnd.freed[0].buffer, sparseEnd.given[0].buffer);
  // a word after the storage was taken: the fast reader declines and gives it back
  const declined = spyStorage();
  t.is(await fastCsvMatrix(file('late-word.csv', '1,2\n3,4\n5,6\n7,x\n'), { storage: declined.storage }, 4), null);
  t.is(declined.given.length, 1);
  t.deepEqual(declined.freed, declined.given);
});
