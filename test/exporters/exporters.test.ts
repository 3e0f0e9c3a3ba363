import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dense } from '../../core/index.js';
import {
  decodeMatrix,
  coefficientsTable,
  encodeMatrix,
  factorShares,
  formatTable,
  matrixMarket,
  OutputBatch,
  scaleToBytes,
  tileGrid,
  topicsOf,
  writeAtomic,
} from '../../exporters/index.js';
import { scratchDir } from '../scratch.js';

test('tables: CSV quotes commas and quotes, text aligns numbers right', (t) => {
  const table = {
    columns: ['word', 'weight'],
    rows: [
      ['a, b', 0.5],
      ['say "hi"', 12.25],
    ],
  };
  t.is(formatTable(table, 'csv'), 'word,weight\n"a, b",0.5\n"say ""hi""",12.25\n');
  t.is(formatTable(table, 'text'), 'word      weight\na, b         0.5\nsay "hi"   12.25\n');
  t.deepEqual(JSON.parse(formatTable(table, 'json')), [
    { word: 'a, b', weight: 0.5 },
    { word: 'say "hi"', weight: 12.25 },
  ]);
});

test("topics: shares are each factor's part of Σ WH, words ranked by weight", (t) => {
  const W = dense(2, 2, new Float32Array([1, 0, 1, 2])); // column sums 2, 2
  const H = dense(2, 3, new Float32Array([3, 0, 1, 0, 1, 0])); // row sums 4, 1
  t.deepEqual(factorShares(W, H), [0.8, 0.2]);
  const topics = topicsOf(W, H, ['x', 'y', 'z'], 2);
  t.deepEqual(
    topics[0].words.map((w) => w.word),
    ['x', 'z'],
  );
  t.deepEqual(
    topics[1].words.map((w) => w.word),
    ['y'],
    'zero weights are not words of a topic',
  );
  const zero = factorShares(dense(1, 2), dense(2, 2));
  t.deepEqual(zero, [0, 0], 'no NaN when WH is zero');
  t.deepEqual(
    coefficientsTable(
      dense(2, 2, new Float32Array([0, 0, 0.1, 0.3])),
      dense(2, 1, new Float32Array([1, 1])),
      ['a', 'b'],
      'text',
      true,
    ).rows.map((r) => r[1]),
    [0, 2],
  );
});

test('basis images are scaled to their own range; a flat one is black', (t) => {
  t.deepEqual(Array.from(scaleToBytes([2, 4, 3])), [0, 255, 128]);
  t.deepEqual(Array.from(scaleToBytes([5, 5])), [0, 0]);
});

test('a montage grid has ⌈√n⌉ columns and separators between tiles only', (t) => {
  const tiles = Array.from({ length: 5 }, (_, n) => new Uint8Array(6).fill(n * 10));
  const g = tileGrid(tiles, { width: 3, height: 2, channels: 1 });
  t.deepEqual([g.columns, g.rows, g.width, g.height], [3, 2, 3 * 3 + 2 * 2, 2 * 2 + 2]);
  t.is(g.pixels[0], 0);
  t.is(g.pixels[5], 10, 'the second tile starts after the separator');
});

test('MatrixMarket output lists the nonzeros, 1-based', (t) => {
  t.is(
    matrixMarket(dense(2, 2, new Float32Array([0, 1.5, 2, 0])), 'c'),
    '%%MatrixMarket matrix coordinate real general\n% c\n2 2 2\n1 2 1.5\n2 1 2\n',
  );
  // mostly nonzero: the array form, column by column
  t.is(
    matrixMarket(dense(2, 2, new Float32Array([1, 1.5, 2, 0])), 'c'),
    '%%MatrixMarket matrix array real general\n% c\n2 2\n1\n2\n1.5\n0\n',
  );
});

test('model matrices survive encoding bit for bit', (t) => {
  const M = dense(2, 3, new Float32Array([0.1, 2, 3e-8, 4, 5, 6]));
  t.deepEqual(decodeMatrix(JSON.parse(JSON.stringify(encodeMatrix(M)))).data, M.data);
  t.throws(() => decodeMatrix({ rows: 2, cols: 3, dtype: 'float32', base64: 'AAAA' }), {
    message: /needs 24 bytes, found 3/,
  });
});

test('outputs appear all together on commit, and not at all on abort', async (t) => {
  const dir = scratchDir('atomic');
  const batch = new OutputBatch();
  await batch.write(join(dir, 'a.txt'), 'A');
  await batch.write(join(dir, 'sub', 'b.txt'), 'B');
  t.false(existsSync(join(dir, 'a.txt')));
  await batch.commit();
  t.is(readFileSync(join(dir, 'sub', 'b.txt'), 'utf8'), 'B');
  const second = new OutputBatch();
  await second.write(join(dir, 'c.txt'), 'C');
  await second.abort();
  t.deepEqual(readdirSync(dir).sort(), ['a.txt', 'sub']);
  await writeAtomic(join(dir, 'a.txt'), 'A2');
  t.is(readFileSync(join(dir, 'a.txt'), 'utf8'), 'A2');
});
