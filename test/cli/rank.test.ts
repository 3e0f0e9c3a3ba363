// latent rank end to end, and missing values in matrix files.
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random } from '../../core/index.js';
import { parseRanks } from '../../cli/commands/rank.js';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('rank');

/** A rank-`k` nonnegative W·H (half of W and H zero) times 1 + 1 % noise, as CSV; `holes` of the cells
 *  empty or NaN. Returns the exact values too. */
function plantedCsv(path: string, n: number, m: number, k: number, seed: number, holes = 0): number[][] {
  const r = new Random(seed);
  const draw = () => (r.uniform() < 0.5 ? r.uniform() + 0.5 : 0);
  const W = Array.from({ length: n * k }, draw),
    H = Array.from({ length: k * m }, draw);
  const exact: number[][] = [],
    lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [],
      cells: string[] = [];
    for (let j = 0; j < m; j++) {
      let y = 0;
      for (let t = 0; t < k; t++) y += W[i * k + t] * H[t * m + j];
      row.push(y);
      const noisy = y * (1 + (holes ? 0 : 0.01 * r.normal()));
      cells.push(r.uniform() < holes ? (r.uniform() < 0.5 ? '' : 'NaN') : noisy.toFixed(6));
    }
    exact.push(row);
    lines.push(cells.join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return exact;
}

test('rank recommends the planted rank 6 (300 × 200, 1 % noise), its held-out error within 10 % of the lowest', (t) => {
  const csv = join(dir, 'planted.csv');
  plantedCsv(csv, 300, 200, 6, 7);
  const svg = join(dir, 'r.svg'),
    png = join(dir, 'r.png');
  const r = latent(['rank', csv, '-k', '2..12', '--format', 'json', '--plot', svg, '-q']);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.is(doc.recommended, 6);
  t.is(doc.reason, 'one-se');
  t.true(doc.lowRegion.includes(6) && doc.lowRegion.every((k: number) => k >= 6), doc.lowRegion.join(','));
  // the held-out error's standard error is small beside the step at the planted rank
  t.true(doc.ranks[3].heldOutError - doc.ranks[4].heldOutError > 50 * doc.ranks[4].heldOutSE);
  const lowest = Math.min(...doc.ranks.map((row: { heldOutError: number }) => row.heldOutError));
  const six = doc.ranks.find((row: { k: number }) => row.k === 6);
  t.true(six.heldOutError <= 1.1 * lowest, `${six.heldOutError} vs ${lowest}`);
  t.deepEqual(
    doc.ranks.map((row: { k: number }) => row.k),
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  // below the planted rank the held-out error is far above the noise
  t.true(doc.ranks[3].heldOutError > 5 * six.heldOutError);
  const drawn = readFileSync(svg, 'utf8');
  t.is((drawn.match(/<polyline/g) ?? []).length, 3, 'held-out, training and stability curves');
  t.regex(drawn, /k = 6 recommended/);
  // the same sweep (same seed) draws the same figure, as PNG
  const again = latent(['rank', csv, '-k', '2..12', '--plot', png, '-q']);
  t.is(again.code, 0, again.stderr);
  t.regex(
    again.stdout,
    /recommended k: 6 \(the smallest k whose held-out error, [0-9.]+, is within one standard error of the lowest/,
  );
  t.regex(
    again.stdout,
    pieces(
      /\nthe rule: the smallest k whose held-out error is within one standard error of the /,
      /lowest; where every k is, the best coherence \(text\) or stability\n$/,
    ),
  );
});

test("rank --plot writes a PNG twice the SVG's size", async (t) => {
  const csv = join(dir, 'small.csv');
  plantedCsv(csv, 60, 40, 3, 2);
  const png = join(dir, 'small.png');
  const r = latent(['rank', csv, '-k', '2..4', '--plot', png, '--format', 'csv', '-q']);
  t.is(r.code, 0, r.stderr);
  const meta = await sharp(readFileSync(png)).metadata();
  t.is(meta.format, 'png');
  t.is(meta.width, 1520);
  t.is(r.stdout.split('\n')[0], 'k,training_error,heldout_error,heldout_se,stability,iterations,seconds,recommended');
  t.is(r.stdout.trim().split('\n').length, 4);
});

test("rank on text gives the topics' NPMI per k; on images, stability per k", (t) => {
  const text = latent(['rank', join(FIXTURES, 'emails'), '-k', '2,4', '--format', 'json', '-q']);
  t.is(text.code, 0, text.stderr);
  const doc = JSON.parse(text.stdout);
  for (const row of doc.ranks) {
    t.true(row.coherence > -1 && row.coherence < 1, `npmi ${row.coherence}`);
    t.true(row.stability >= -1 && row.stability <= 1);
    t.true(row.heldOutError > 0);
  }
  const images = latent([
    'rank',
    join(FIXTURES, 'digits'),
    '-k',
    '4..8:4',
    '--restarts',
    '2',
    '--format',
    'json',
    '-q',
  ]);
  t.is(images.code, 0, images.stderr);
  const rows = JSON.parse(images.stdout).ranks;
  t.deepEqual(
    rows.map((row: { k: number }) => row.k),
    [4, 8],
  );
  t.true(rows[1].trainingError < rows[0].trainingError, 'more factors fit the pixels better');
  t.is(rows[0].coherence, null);
});

test('rank --report writes one page: the plot inline, the recommendation with its rule, the table, the sweep', (t) => {
  const csv = join(dir, 'report.csv');
  plantedCsv(csv, 60, 40, 3, 4);
  const page = join(dir, 'rank.html');
  const r = latent(['rank', csv, '-k', '2..5', '--restarts', '2', '--report', page, '--format', 'json', '-q']);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const text = readFileSync(page, 'utf8');
  t.regex(text, /<meta http-equiv="Content-Security-Policy"/);
  t.is((text.match(/<polyline/g) ?? []).length, 3);
  t.true(text.includes(`<h2>Recommended: k = ${doc.recommended}</h2>`));
  t.true(text.includes('The rule: the smallest k whose held-out error is within one standard error of the lowest'));
  t.true(text.includes(`<p class="verdict">${doc.says}.</p>`));
  t.is(
    (text.match(/<tr/g) ?? []).length - (text.match(/<tr><td class="mono">/g) ?? []).length,
    1 + 4,
    'a header and one row per k',
  );
  t.true(text.includes(`${doc.recommended} (recommended)`));
  t.regex(text, /60 rows × 40 columns; 4 ranks × 2 restarts with 5 % of the entries held out/);
  // nothing from outside: the only URL is the SVG namespace
  t.deepEqual([...new Set(text.match(/https?:\/\/[^"' )]+/g) ?? [])], ['http://www.w3.org/2000/svg']);
});

test('-k ranges and lists, and what is refused', (t) => {
  t.deepEqual(parseRanks('2..6'), [2, 3, 4, 5, 6]);
  t.deepEqual(parseRanks('4..24:4'), [4, 8, 12, 16, 20, 24]);
  t.deepEqual(parseRanks('8,4,16,4'), [4, 8, 16]);
  for (const bad of ['0..3', '5..2', '2..9:0', 'a,b', '2.5', ''])
    t.throws(() => parseRanks(bad), { message: /-k ".*": write a range/ }, bad);
  const r = latent(['rank', join(FIXTURES, 'emails'), '-k', '2..x']);
  t.is(r.code, 2);
  t.regex(r.stderr, /-k "2\.\.x": write a range FROM\.\.TO/);
  const big = latent(['rank', join(FIXTURES, 'matrix', 'small.csv'), '-k', '2..500', '-q']);
  t.is(big.code, 2);
  t.regex(big.stderr, /k is \d+: it must be a whole number from 1 to min\(rows, columns\)/);
});

test('a sweep that would not fit is refused in one line: a corpus before loading, a matrix before fitting', (t) => {
  const report = join(dir, 'refused.html');
  const text = latent(['rank', join(FIXTURES, 'emails'), '-k', '2..20', '--max-memory', '100M', '--report', report]);
  t.is(text.code, 1);
  t.regex(
    text.stderr,
    pieces(
      /^latent: .*emails: a rank sweep to k = 20 with 4 restarts needs about \d+ MB \([\d,]+ documents estimated /,
      /from its \d+ MB and a sample of [\d,]+\), over the 105 MB this machine allows: sweep a sample of its rows, /,
      /a smaller largest k or fewer --restarts, or --max-memory if more is free\n$/,
    ),
  );
  const csv = join(dir, 'memory.csv');
  plantedCsv(csv, 300, 200, 4, 5);
  const matrix = latent(['rank', csv, '-k', '2..6', '--max-memory', '150M', '--report', report]);
  t.is(matrix.code, 1);
  t.regex(
    matrix.stderr,
    /^latent: .*memory\.csv: a rank sweep to k = 6 with 4 restarts needs about \d+ MB \(300 × 200, /,
  );
  t.regex(matrix.stderr, /\(300 × 200, dense\), over the 158 MB this machine allows/);
  t.is(matrix.stderr.trim().split('\n').length, 1, matrix.stderr);
  t.false(existsSync(report), 'nothing written');
  t.is(latent(['rank', csv, '-k', '2..6', '--max-memory', '1G', '-q']).code, 0, 'the same sweep within 1 GB');
});

test('a CSV with 10 % empty or NaN cells is refused without --missing, naming the cell; fitted with it', (t) => {
  const csv = join(dir, 'holes.csv'),
    filled = join(dir, 'filled.csv');
  const exact = plantedCsv(csv, 80, 40, 3, 5, 0.1);
  const refused = latent(['factorize', csv, '-k', '3', '-q']);
  t.is(refused.code, 1);
  t.regex(
    refused.stderr,
    /holes\.csv: row \d+: column \d+: the value is missing \((an empty cell|NaN)\); give --missing/,
  );
  const r = latent([
    'factorize',
    csv,
    '-k',
    '3',
    '--missing',
    '--completed',
    filled,
    '--max-iter',
    '3000',
    '--tol',
    '1e-9',
    '-q',
  ]);
  t.is(r.code, 0, r.stderr);
  const cells = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const values = readFileSync(filled, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  let e = 0,
    n = 0,
    holes = 0;
  cells.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c !== '' && c !== 'NaN') {
        t.true(Math.abs(values[i][j] - Number(c)) < 1e-5, 'observed cells as given');
        return;
      }
      holes++;
      e += (values[i][j] - exact[i][j]) ** 2;
      n += exact[i][j] ** 2;
    }),
  );
  t.true(holes > 200);
  t.true(Math.sqrt(e / n) < 1e-2, `relative error on the missing cells ${Math.sqrt(e / n)}`);
});

test('MatrixMarket nan entries are missing with --missing and an error without', (t) => {
  // X = u·vᵀ with u = v = (1, 2, 3), its (1, 2) and (3, 1) entries missing: the rank-1 completion is
  // exact (u₃v₁ = u₃v₂·u₂v₁ / u₂v₂ = 6·2 / 4), so W·H fills (1, 2) with 2 and (3, 1) with 3
  const mtx = join(dir, 'holes.mtx'),
    filled = join(dir, 'holes-filled.csv');
  writeFileSync(
    mtx,
    '%%MatrixMarket matrix coordinate real general\n3 3 9\n1 1 1\n1 2 nan\n1 3 3\n2 1 2\n2 2 4\n2 3 ' +
      '6\n3 1 NaN\n3 2 6\n3 3 9\n',
  );
  const refused = latent(['factorize', mtx, '-k', '1', '-q']);
  t.is(refused.code, 1);
  t.regex(refused.stderr, /holes\.mtx:4: the value is missing \(nan\); give --missing/);
  const r = latent([
    'factorize',
    mtx,
    '-k',
    '1',
    '--missing',
    '--completed',
    filled,
    '--max-iter',
    '2000',
    '--tol',
    '1e-9',
    '-q',
  ]);
  t.is(r.code, 0, r.stderr);
  t.true(Number.isFinite(JSON.parse(r.stdout).objective));
  // observed cells as given; the two missing ones within 0.5 % of the hand values
  const values = readFileSync(filled, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const exact = [
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 9],
    ],
    missing = ['0,1', '2,0'];
  exact.forEach((row, i) =>
    row.forEach((x, j) => {
      if (!missing.includes(`${i},${j}`)) t.is(values[i][j], x, `observed (${i + 1}, ${j + 1})`);
      else t.true(Math.abs(values[i][j] - x) < 5e-3 * x, `filled (${i + 1}, ${j + 1}): ${values[i][j]}, not ${x}`);
    }),
  );
});
