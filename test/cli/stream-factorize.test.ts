// factorize --stream on a planted matrix against factorize: F within 2 %, W written row by row with
// one line per input row under its id, H at the end; what cannot stream is refused in one line with
// no output left behind.
import test from 'ava';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../core/index.js';
import { latent } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('stream-factorize');

/** 3000 × 80 = W0·H0 of 6 sparse planted factors plus sparse noise, labelled rows, a header. */
function plantedCsv(path: string): void {
  const r = new Random(5),
    k = 6,
    cols = 80;
  const H = Array.from({ length: k }, () => Array.from({ length: cols }, () => (r.uniform() < 0.15 ? r.uniform() : 0)));
  const lines = [['id', ...Array.from({ length: cols }, (_, j) => `c${j + 1}`)].join(',')];
  for (let i = 0; i < 3000; i++) {
    const w = Array.from({ length: k }, () => (r.uniform() < 0.3 ? r.uniform() : 0));
    const row = Array.from(
      { length: cols },
      (_, j) => H.reduce((s, h, t) => s + w[t] * h[j], 0) + (r.uniform() < 0.05 ? r.uniform() : 0),
    );
    lines.push([`doc${i + 1}`, ...row.map((v) => v.toFixed(4))].join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const matrix = join(dir, 'planted.csv');
plantedCsv(matrix);

test('streaming reaches the batch F within 2 %, W has a row per input row, H a row per component', (t) => {
  const batch = latent(['factorize', matrix, '-k', '6', '-q']);
  t.is(batch.code, 0, batch.stderr);
  const streamed = latent(['factorize', matrix, '-k', '6', '--stream', '--batch-size', '500', '-q']);
  t.is(streamed.code, 0, streamed.stderr);
  const b = JSON.parse(batch.stdout),
    s = JSON.parse(streamed.stdout);
  t.true(s.objective <= 1.02 * b.objective, `streamed F ${s.objective}, batch F ${b.objective}`);
  t.is(s.rows, 3000);
  t.is(s.W, undefined, 'stdout never holds W');
  t.is(s.H.length, 6);
  t.deepEqual(s.columnLabels, b.columnLabels);

  const prefix = join(dir, 'out', 'p');
  const files = latent(['factorize', matrix, '-k', '6', '--stream', '--batch-size', '500', '-o', prefix, '-q']);
  t.is(files.code, 0, files.stderr);
  const W = readFileSync(`${prefix}.W.csv`, 'utf8').trim().split('\n');
  t.is(W[0], 'id,component1,component2,component3,component4,component5,component6');
  t.is(W.length, 3001);
  t.deepEqual(
    W.slice(1).map((l) => l.split(',')[0]),
    Array.from({ length: 3000 }, (_, i) => `doc${i + 1}`),
  );
  const H = readFileSync(`${prefix}.H.csv`, 'utf8').trim().split('\n');
  t.is(H.length, 7);
  t.true(H[0].startsWith('id,c1,c2'));
});

test('a UCI file streams too, its documents without words included', (t) => {
  const docword = join(dir, 'docword.tiny.txt');
  writeFileSync(docword, '6\n4\n7\n1 1 3\n1 2 1\n2 3 2\n3 1 1\n3 4 4\n5 2 2\n5 3 1\n');
  const prefix = join(dir, 'uci', 'tiny');
  const r = latent(['factorize', docword, '-k', '2', '--stream', '--batch-size', '2', '-o', prefix, '-q']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(
    readFileSync(`${prefix}.W.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
    ['1', '2', '3', '4', '5', '6'],
  );
});

test('stdin, unsorted coordinates, a bad cell and flags needing W whole are refused in one line', (t) => {
  const unsorted = join(dir, 'unsorted.mtx');
  writeFileSync(unsorted, '%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1\n3 2 2\n2 3 1\n3 3 1\n');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, `${'1,2,3\n'.repeat(700)}1,x,3\n`);
  const out = join(dir, 'refused');
  const cases: [string[], number, RegExp, string?][] = [
    [['-'], 2, /--stream reads the matrix once per pass: give a file, not stdin/, '1,2\n3,4\n'],
    [[unsorted], 2, /unsorted\.mtx:5: row 2 comes after row 3: .*sort -k1,1n/],
    [[bad, '-o', join(out, 'bad')], 1, /bad\.csv:701: column 2: "x" is not a number/],
    [[matrix, '--missing'], 2, /--missing .*leave it out with --stream/],
    [[matrix, '-o', join(out, 'm'), '--format', 'matrixmarket'], 2, /--format matrixmarket: .*csv or tsv/],
  ];
  for (const [args, code, message, input] of cases) {
    const r = latent(['factorize', ...args, '-k', '1', '--stream', '--batch-size', '100'], { input });
    t.is(r.code, code, r.stderr);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stdout, '');
  }
  t.false(existsSync(out) && readdirSync(out).length > 0, 'no partial W file');
});
