import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const csvMatrix = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(1).map(Number));

test('factorize: W·H from the written files reproduces the reported objective', (t) => {
  const dir = scratchDir('fact');
  const input = join(FIXTURES, 'matrix', 'small.csv');
  const json = latent(['factorize', input, '-k', '3', '--seed', '4', '-q']);
  t.is(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  const files = latent(['factorize', input, '-k', '3', '--seed', '4', '-o', join(dir, 'small'), '-q']);
  t.is(files.code, 0, files.stderr);
  const X = csvMatrix(input),
    W = csvMatrix(join(dir, 'small.W.csv')),
    H = csvMatrix(join(dir, 'small.H.csv'));
  let F = 0;
  X.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = W[i].reduce((s, w, t2) => s + w * H[t2][j], 0);
      F += (x - y) ** 2;
    }),
  );
  t.true(Math.abs(F - doc.objective) <= 1e-3 * doc.objective + 1e-6, `${F} vs ${doc.objective}`);
  t.deepEqual(doc.W.length, 24);
});

test('factorize: MatrixMarket output and UCI input', (t) => {
  const dir = scratchDir('uci');
  writeFileSync(join(dir, 'vocab.t.txt'), 'a\nb\nc\nd\n');
  writeFileSync(join(dir, 'docword.t.txt'), '3\n4\n6\n1 1 3\n1 2 1\n2 3 4\n2 4 1\n3 1 2\n3 3 2\n');
  const r = latent([
    'factorize',
    join(dir, 'docword.t.txt'),
    '-k',
    '2',
    '--loss',
    'kl',
    '-o',
    join(dir, 'out'),
    '--format',
    'matrixmarket',
    '-q',
  ]);
  t.is(r.code, 0, r.stderr);
  // H is mostly nonzero: the array form, which latent reads back
  t.regex(readFileSync(join(dir, 'out.H.mtx'), 'utf8'), /^%%MatrixMarket matrix array real general\n% H of .*\n2 4\n/);
  const back = latent(['factorize', join(dir, 'out.H.mtx'), '-k', '1', '-q']);
  t.is(back.code, 0, back.stderr);
  t.is(JSON.parse(back.stdout).cols, 4);
});

test('factorize --format text: shape, F, convergence, components with heaviest columns; stderr if unconverged', (t) => {
  const small = join(FIXTURES, 'matrix', 'small.csv');
  const args = ['factorize', small, '-k', '3', '--max-iter', '7'];
  const text = latent([...args, '--format', 'text']);
  t.is(text.code, 0, text.stderr);
  const json = JSON.parse(latent([...args, '-q']).stdout);
  const lines = text.stdout.split('\n');
  t.is(
    lines[0],
    `${small}: 24 rows × 10 columns, k = 3: F ${json.objective.toPrecision(6)} after 7 iterations, not converged`,
  );
  const shares = [...text.stdout.matchAll(/^Component (\d) +([\d.]+)%$/gm)].map((m) => Number(m[2]));
  t.is(shares.length, 3);
  t.deepEqual(
    shares,
    [...shares].sort((a, b) => b - a),
  );
  t.true(Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < 0.2);
  t.true(text.stderr.includes('latent: not converged: stopped at --max-iter 7'), text.stderr);
  // the restart's progress line ends on the F the run reports
  t.regex(text.stderr, new RegExp(`restart 1/1: F ${json.objective.toPrecision(6)} after 7 iterations`));
  const refused = latent([...args, '--format', 'text', '-o', join(scratchDir('fx-text'), 'f')]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /^latent: --format text is a summary to read on stdout: leave out -o/);
});

test('factorize: a run stopped by --max-iter says "not converged" on stderr; a converged one says nothing', (t) => {
  const input = join(FIXTURES, 'matrix', 'small.csv');
  const stopped = latent(['factorize', input, '-k', '3', '--max-iter', '3']);
  t.is(stopped.code, 0, stopped.stderr);
  const doc = JSON.parse(stopped.stdout);
  t.false(doc.converged);
  t.true(
    stopped.stderr.includes(
      `latent: not converged: stopped at --max-iter 3 ` +
        `(iteration 3, F ${doc.objective.toPrecision(6)}); give a larger --max-iter or --tol`,
    ),
    stopped.stderr,
  );
  const done = latent(['factorize', input, '-k', '3', '--max-iter', '5000']);
  t.is(done.code, 0, done.stderr);
  t.true(JSON.parse(done.stdout).converged);
  t.false(done.stderr.includes('not converged'), done.stderr);
});
