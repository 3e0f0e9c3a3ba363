// Matrix files read in blocks of rows (factorize --stream): the blocks, put together, are the matrix
// the whole-file loaders read, with the same row ids; what cannot stream is refused naming the line.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toDense } from '../../core/index.js';
import type { MatrixBatches } from '../../loaders/index.js';
import { loadMatrix, matrixBatches } from '../../loaders/index.js';
import { FIXTURES } from '../cli/run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('batches');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Every block of one pass, as one dense matrix's values and its row ids. */
async function gathered(b: MatrixBatches): Promise<{ values: number[]; ids: string[]; sizes: number[] }> {
  const values: number[] = [],
    ids: string[] = [],
    sizes: number[] = [];
  for await (const X of b.pass(0)) {
    values.push(...toDense(X).data);
    ids.push(...b.idsOf(X));
    sizes.push(X.rows);
  }
  return { values, ids, sizes };
}

for (const name of ['small.csv', 'small.mtx']) {
  test(`${name} in blocks of 5 rows is the matrix loadMatrix reads, row ids and column labels alike`, async (t) => {
    const path = join(FIXTURES, 'matrix', name);
    const whole = await loadMatrix(path);
    const b = await matrixBatches(path, {}, 5);
    const got = await gathered(b);
    t.deepEqual(got.sizes, [5, 5, 5, 5, 4]);
    t.deepEqual(got.values, Array.from(toDense(whole.X).data));
    t.deepEqual(got.ids, whole.rows);
    t.deepEqual(b.labels, whole.columns.kind === 'matrix' ? whole.columns.labels : null);
    t.is(b.rows, name.endsWith('.mtx') ? 24 : null);
  });
}

test("a coordinate file's rows with no entries are empty rows; repeats summed, columns in any order", async (t) => {
  file('vocab.gaps.txt', 'a\nb\nc\n');
  const uci = await matrixBatches(file('docword.gaps.txt', '5\n3\n4\n1 3 2\n1 1 1\n4 2 5\n4 2 1\n'), {}, 2);
  const got = await gathered(uci);
  t.deepEqual(got.sizes, [2, 2, 1]);
  t.deepEqual(got.values, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0]);
  t.deepEqual(got.ids, ['1', '2', '3', '4', '5']);
  t.deepEqual(uci.labels, ['a', 'b', 'c']);
});

test('a quoted CSV row is read cell by cell like any other', async (t) => {
  const got = await gathered(await matrixBatches(file('q.csv', 'name,x,y\n"a, b",1,"2"\nc,3,4\n'), {}, 10));
  t.deepEqual(got.values, [1, 2, 3, 4]);
  t.deepEqual(got.ids, ['a, b', 'c']);
});

test('what cannot stream is one error naming the line: rows out of order, a bad cell, an array file', async (t) => {
  const unsorted = await matrixBatches(
    file('u.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n3 2 2\n2 3 1\n'),
    {},
    2,
  );
  await t.throwsAsync(gathered(unsorted), { message: /u\.mtx:5: row 2 comes after row 3: .*sort -k1,1n/ });
  const bad = await matrixBatches(file('bad.csv', '1,2\n3,x\n'), {}, 10);
  await t.throwsAsync(gathered(bad), { message: /bad\.csv:2: column 2: "x" is not a number/ });
  const empty = await matrixBatches(file('gap.csv', '1,2\n3,\n'), {}, 10);
  await t.throwsAsync(gathered(empty), { message: /gap\.csv:2: column 2: the value is missing; .*--missing/ });
  await t.throwsAsync(matrixBatches(file('a.mtx', '%%MatrixMarket matrix array real general\n2 1\n1\n2\n'), {}, 10), {
    message: /column by column.*leave out --stream/,
  });
});
