// Cells split by spaces (np.savetxt's default): the same matrix as the CSV of the same values, and a
// one-line error naming the file and line for what the CSV reader would also refuse.
import test from 'ava';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toDense } from '../../core/index.js';
import { loadMatrix } from '../../loaders/index.js';
import { spaceSeparatedMatrix } from '../../loaders/matrix/spaces.js';
import { FIXTURES, latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('spaces');
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test("np.savetxt's space-separated file reads as the 9 × 5 matrix np.savetxt(delimiter=',') writes", async (t) => {
  const spaced = await loadMatrix(join(FIXTURES, 'matrix', 'savetxt.txt'));
  const commas = await loadMatrix(join(FIXTURES, 'matrix', 'savetxt.csv'));
  t.deepEqual([spaced.X.rows, spaced.X.cols], [9, 5]);
  t.deepEqual(Array.from(toDense(spaced.X).data), Array.from(toDense(commas.X).data));
  t.is(toDense(spaced.X).data[2 * 5 + 3], 0);
  t.deepEqual(spaced.rows, commas.rows);
});

test('a # comment (np.savetxt header=), a header, row labels, runs of spaces and NaN as missing', async (t) => {
  const d = await loadMatrix(file('h.txt', '# made by np.savetxt\nx y\nr1  1.5   2\r\n\nr2 nan 4\n'), {
    missing: true,
  });
  t.deepEqual(Array.from(toDense(d.X).data), [1.5, 2, 0, 4]);
  t.deepEqual(d.rows, ['r1', 'r2']);
  t.deepEqual(d.columns, { kind: 'matrix', labels: ['x', 'y'], format: 'csv' });
  t.deepEqual(d.missing && [Array.from(d.missing.rows), Array.from(d.missing.cols)], [[1], [0]]);
});

test('files for the CSV readers are left to them: commas, tabs, quotes, one column with a spaced header', async (t) => {
  for (const text of ['1,2\n3,4\n', '1\t2\n3\t4\n', '"a b" c\n1 2\n', 'my value\n1\n2\n'])
    t.is(await spaceSeparatedMatrix(file('other.txt', text)), null, text);
  const one = await loadMatrix(file('one.csv', 'my value\n1\n2\n'));
  t.deepEqual([one.X.rows, one.X.cols], [2, 1]);
});

test('a bad cell, a ragged row or a comma later on: exit 1, one line with file and line, no output', (t) => {
  const out = scratchDir('spaces-out');
  for (const [text, line] of [
    ['1 2 3\n4 5 6\n7 8 x\n', /bad\.txt:3: column 3: "x" is not a number/],
    ['1 2 3\n4 5\n', /bad\.txt:2: 2 values where the rows before have 3/],
    ['1 2\n3 4,5\n', /bad\.txt:2: "," in a file of cells split by spaces/],
    ['1 2\nnan 4\n', /bad\.txt:2: column 1: the value is missing \(nan\); give --missing/],
  ] as const) {
    const r = latent(['factorize', file('bad.txt', text), '-k', '1', '-o', join(out, 'f')]);
    t.is(r.code, 1, r.stderr);
    t.regex(r.stderr, line);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '');
  }
  t.deepEqual(
    latent(['factorize', join(FIXTURES, 'matrix', 'savetxt.txt'), '-k', '2', '-q', '-o', join(out, 'f')]).code,
    0,
  );
});

test('--stream (commas and tabs only) refuses a space-separated file in one line saying what to do', (t) => {
  const out = scratchDir('spaces-stream');
  const r = latent(['factorize', join(FIXTURES, 'matrix', 'savetxt.txt'), '-k', '2', '--stream', '-o', join(out, 'f')]);
  t.is(r.code, 1, r.stderr);
  t.regex(
    r.stderr,
    pieces(
      /^latent: .*savetxt\.txt: no column of numbers; if its cells are split by spaces /,
      /\(np\.savetxt's default\), leave out --stream, or write it with commas or tabs\n$/,
    ),
  );
  t.is(r.stdout, '');
  t.deepEqual(readdirSync(out), []);
});
