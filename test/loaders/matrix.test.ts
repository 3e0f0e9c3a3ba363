import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LatentError, toDense } from '../../core/index.js';
import { loadMatrix } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('mat');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('MatrixMarket: entries land where the file says, duplicates summed, pattern gives ones', async (t) => {
  const d = await loadMatrix(
    file('a.mtx', '%%MatrixMarket matrix coordinate real general\n% comment\n2 3 3\n1 2 1.5\n2 3 -0\n1 2 1\n'),
  );
  t.deepEqual(Array.from(toDense(d.X).data), [0, 2.5, 0, 0, 0, 0]);
  const p = await loadMatrix(file('p.mtx', '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 1\n2 2\n'));
  t.deepEqual(Array.from(toDense(p.X).data), [1, 0, 0, 1]);
});

test('the shipped fixture: MatrixMarket and CSV hold the same matrix', async (t) => {
  const root = new URL('../../../fixtures/matrix/', import.meta.url).pathname;
  const mtx = await loadMatrix(join(root, 'small.mtx'), { labels: join(root, 'small.labels.txt') });
  const csv = await loadMatrix(join(root, 'small.csv'));
  t.deepEqual(Array.from(toDense(mtx.X).data), Array.from(csv.X.data));
  t.deepEqual(csv.rows.slice(0, 2), ['r1', 'r2']);
  t.deepEqual(mtx.columns.kind === 'matrix' && mtx.columns.labels, csv.columns.kind === 'matrix' && csv.columns.labels);
});

test('UCI bag-of-words with its vocabulary found beside it', async (t) => {
  file('vocab.tiny.txt', 'alpha\nbeta\ngamma\n');
  const d = await loadMatrix(file('docword.tiny.txt', '2\n3\n3\n1 1 4\n2 3 1\n2 1 2\n'));
  t.deepEqual(Array.from(toDense(d.X).data), [4, 0, 0, 2, 0, 1]);
  t.deepEqual(d.columns.kind === 'matrix' && d.columns.labels, ['alpha', 'beta', 'gamma']);
});

test('CSV without header or labels, and TSV', async (t) => {
  const d = await loadMatrix(file('plain.csv', '1,2\n3,4\n'));
  t.deepEqual(Array.from(d.X.data), [1, 2, 3, 4]);
  const tsv = await loadMatrix(file('m.tsv', 'a\tb\n1\t2\n'));
  t.deepEqual(tsv.columns.kind === 'matrix' && tsv.columns.labels, ['a', 'b']);
});

test('malformed matrix files give an error naming the line', async (t) => {
  const cases: [string, string, RegExp][] = [
    [
      'bad1.mtx',
      '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 3 1\n',
      /bad1\.mtx:3: column 3 is outside 1…2/,
    ],
    ['bad2.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 x\n', /bad2\.mtx:3: expected 3 numbers/],
    [
      'bad3.mtx',
      '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n',
      /bad3\.mtx: a 2 × 2 array has 4 values, the file has 3/,
    ],
    ['bad4.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n', /promises 2 entries, the file has 1/],
    ['docword.bad.txt', '1\n2\n1\n1 5 1\n', /docword\.bad\.txt:4: word 5 is outside 1…2/],
    ['bad.csv', '1,2\n3,abc\n', /bad\.csv: row 2: column 2: "abc" is not a number/],
    ['ragged.csv', '1,2\n3\n', /ragged\.csv: row 2: 1 values where the rows before have 2/],
  ];
  for (const [name, text, message] of cases) {
    const e = await t.throwsAsync(loadMatrix(file(name, text)), { instanceOf: LatentError });
    t.regex(e!.message, message, name);
  }
});

test('MatrixMarket round trip: what the exporter writes, the loader reads back', async (t) => {
  const { matrixMarket } = await import('../../exporters/index.js');
  const { dense } = await import('../../core/index.js');
  const M = dense(3, 4, new Float32Array([0, 1.5, 0, 2, 0, 0, 0, 0, 3.25, 0, 0, 1e-3]));
  const back = await loadMatrix(file('round.mtx', matrixMarket(M, 'round trip')));
  t.deepEqual(toDense(back.X).data, M.data);
});

test('CSV: header and row labels can be said instead of detected', async (t) => {
  const path = file('ids.csv', '5,1,2\n7,3,4\n');
  const detected = await loadMatrix(path);
  t.is(detected.X.cols, 3);
  const labelled = await loadMatrix(path, { rowLabels: true });
  t.deepEqual(labelled.rows, ['5', '7']);
  t.deepEqual(Array.from(labelled.X.data), [1, 2, 3, 4]);
  const headed = await loadMatrix(path, { header: true });
  t.deepEqual(headed.columns.kind === 'matrix' && headed.columns.labels, ['5', '1', '2']);
  t.is(headed.X.rows, 1);
});
