// Stability against a brute-force average linkage, and the recommendation rule by hand.
import test from 'ava';
import { dense, Random } from '../../core/index.js';
import type { RankRow } from '../../evaluate/index.js';
import {
  clusterLabels,
  consensusDistances,
  copheneticCorrelation,
  rankVerdict,
  recommendRank,
  stability,
  stabilityRows,
} from '../../evaluate/index.js';
import { pieces } from '../helpers.js';

/** Average linkage the slow way (merge the closest pair of clusters, O(n³)), cophenetic heights kept for
 *  every pair, then Pearson's r. */
function bruteForce(d: Float64Array, n: number): number {
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  const coph = new Float64Array(n * n);
  const link = (a: number[], b: number[]) => {
    let s = 0;
    for (const i of a) for (const j of b) s += d[i * n + j];
    return s / (a.length * b.length);
  };
  while (clusters.length > 1) {
    let best = Infinity,
      pa = 0,
      pb = 1;
    for (let a = 0; a < clusters.length; a++)
      for (let b = a + 1; b < clusters.length; b++) {
        const v = link(clusters[a], clusters[b]);
        if (v < best) {
          best = v;
          pa = a;
          pb = b;
        }
      }
    for (const i of clusters[pa]) for (const j of clusters[pb]) coph[i * n + j] = coph[j * n + i] = best;
    clusters = [...clusters.filter((_, c) => c !== pa && c !== pb), [...clusters[pa], ...clusters[pb]]];
  }
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      xs.push(d[i * n + j]);
      ys.push(coph[i * n + j]);
    }
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length,
    my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let q = 0; q < xs.length; q++) {
    sxy += (xs[q] - mx) * (ys[q] - my);
    sxx += (xs[q] - mx) ** 2;
    syy += (ys[q] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

test('the cophenetic correlation equals a brute-force average linkage on random distances', (t) => {
  for (const seed of [1, 2, 3]) {
    const r = new Random(seed),
      n = 25,
      d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = r.uniform();
    const fast = copheneticCorrelation(d, n),
      slow = bruteForce(d, n);
    t.true(Math.abs(fast - slow) < 1e-9, `seed ${seed}: ${fast} vs ${slow}`);
  }
});

test('runs that agree are perfectly stable; runs that disagree are less so', (t) => {
  // 6 rows, 2 factors: W's largest column decides the cluster
  const W = (labels: number[]) =>
    dense(labels.length, 2, Float32Array.from(labels.flatMap((l) => (l === 0 ? [1, 0.2] : [0.2, 1]))));
  const rows = stabilityRows(6, 0);
  t.is(stability([W([0, 0, 0, 1, 1, 1]), W([1, 1, 1, 0, 0, 0])], rows), 1, 'the same clusters under other names');
  const mixed = stability([W([0, 0, 0, 1, 1, 1]), W([0, 0, 1, 1, 0, 1]), W([0, 1, 0, 1, 0, 1])], rows);
  t.true(mixed < 0.99, `${mixed}`);
  // consensus distance by hand: rows 0 and 2 apart in 2 of 3 runs
  const d = consensusDistances(
    [W([0, 0, 0, 1, 1, 1]), W([0, 0, 1, 1, 0, 1]), W([0, 1, 0, 1, 0, 1])].map(clusterLabels),
    rows,
  );
  t.is(d[0 * 6 + 2], 1 / 3);
  t.is(d[0 * 6 + 1], 1 / 3);
  t.is(d[3 * 6 + 5], 0);
});

test('a row of zeros joins no factor, and the row sample is seeded, sorted and the size asked', (t) => {
  t.deepEqual([...clusterLabels(dense(2, 2, Float32Array.of(0, 0, 0.1, 0.3)))], [-1, 1]);
  const a = stabilityRows(5000, 3, 100),
    b = stabilityRows(5000, 3, 100);
  t.deepEqual(a, b);
  t.is(new Set(a).size, 100);
  t.true(a.every((v, i) => i === 0 || v > a[i - 1]));
});

/** A row with the measures the rule reads; the rest are 0. */
const row = (k: number, heldOutError: number, heldOutSE = 0.01, extra: Partial<RankRow> = {}): RankRow => ({
  k,
  heldOutError,
  heldOutSE,
  heldOutFolds: [],
  heldOutNonzeroError: 0,
  heldOutZeroError: 0,
  trivialError: 1,
  trainingError: 0,
  stability: Number.NaN,
  coherence: null,
  iterations: 1,
  converged: 1,
  seconds: 0,
  ...extra,
});

test('the rule takes the smallest k within one standard error of the lowest held-out error', (t) => {
  // lowest 0.10 ± 0.01 at k = 5: the band is [0.10, 0.11]; k = 4 at 0.104 is in, k = 3 at 0.2 is not
  const v = rankVerdict([row(2, 0.5), row(3, 0.2), row(4, 0.104), row(5, 0.1), row(6, 0.12)]);
  t.deepEqual([v.recommended, v.reason, v.lowest, v.lowRegion], [4, 'one-se', 5, [4, 5]]);
  t.regex(
    v.says,
    pieces(
      /^recommended k: 4 \(the smallest k whose held-out error, 0\.104, is within one standard /,
      /error of the lowest, 0\.100 ± 0\.0100 at k = 5\)/,
    ),
  );
  // a smaller standard error leaves k = 4 out
  t.is(recommendRank([row(2, 0.5), row(3, 0.2), row(4, 0.104, 0.002), row(5, 0.1, 0.002), row(6, 0.12, 0.002)]), 5);
  t.deepEqual(rankVerdict([row(2, Number.NaN)]), {
    recommended: null,
    reason: 'unmeasured',
    lowRegion: [],
    lowest: null,
    unconverged: [],
    says: 'no k recommended: no held-out error was measured',
  });
});

test('the line names the ks whose fits stopped before converging', (t) => {
  // a planted rank 12 (1000 × 500, Gaussian 0.05) whose fits from k = 12 on hit --max-iter 200: the curve
  // still creeps down to k = 18, and the rule's pick is too large; the line says why not to trust it
  const curve = [0.0808, 0.0619, 0.0565, 0.0512, 0.0508, 0.0507, 0.0503, 0.0507];
  const rows = curve.map((e, q) => row([6, 10, 11, 12, 13, 14, 18, 24][q], e, 2e-4, { converged: q < 3 ? 1 : 0.5 }));
  const v = rankVerdict(rows);
  t.deepEqual([v.recommended, v.unconverged], [18, [12, 13, 14, 18, 24]]);
  t.regex(v.says, /^recommended k: 18 .*; fits at k = 12, 13, 14, 18, 24 stopped at --max-iter or --time-limit /);
  t.regex(v.says, /give a larger --max-iter to trust the curve$/);
  t.regex(rankVerdict(rows.map((r) => ({ ...r, converged: 0 }))).says, /; fits at every k stopped/);
  t.deepEqual(rankVerdict(rows.map((r) => ({ ...r, converged: 1 }))).unconverged, []);
});

test('the rule says when the error is still falling at the largest k, flat, or no better than trivial', (t) => {
  const falling = rankVerdict([row(10, 0.5), row(20, 0.4), row(30, 0.35), row(40, 0.32)]);
  t.deepEqual([falling.recommended, falling.reason, falling.lowRegion], [null, 'still-falling', [40]]);
  t.regex(falling.says, /still falling at k = 40, the largest tried .*try larger k/);
  // lowest at the largest k by less than a standard error: the curve has flattened, the rule stands
  // (a planted rank 4 under offset noise: 0.0371, 0.0370, 0.0370, 0.0369 ± 0.0005 from k = 4 on)
  const flattened = rankVerdict([row(10, 0.5), row(20, 0.4), row(30, 0.35), row(40, 0.345)]);
  t.deepEqual([flattened.recommended, flattened.reason, flattened.lowRegion], [30, 'one-se', [30, 40]]);
  const planted = [0.3487, 0.2468, 0.0371, 0.037, 0.037, 0.0369].map((e, q) => row([2, 3, 4, 5, 6, 8][q], e, 5e-4));
  t.deepEqual([rankVerdict(planted).recommended, rankVerdict(planted).lowest], [4, 8]);
  // every k within one standard error: coherence breaks the tie, else stability, else nothing
  const flat = [
    row(2, 0.8, 0.02, { coherence: 0.05, stability: 0.9 }),
    row(4, 0.79, 0.02, { coherence: 0.12, stability: 0.95 }),
    row(6, 0.795, 0.02, { coherence: 0.08, stability: 0.99 }),
  ];
  const byCoherence = rankVerdict(flat);
  t.deepEqual([byCoherence.recommended, byCoherence.reason], [4, 'flat']);
  t.regex(byCoherence.says, /^recommended k: 4 by coherence: no k is better than another by held-out error/);
  t.is(rankVerdict(flat.map((r) => ({ ...r, coherence: null }))).recommended, 6);
  const bare = rankVerdict(flat.map((r) => ({ ...r, coherence: null, stability: Number.NaN })));
  t.deepEqual([bare.recommended, bare.reason], [null, 'flat']);
  // a flat curve whose lowest point is the largest k is flat, not still falling
  t.is(rankVerdict([row(2, 0.8, 0.02), row(4, 0.79, 0.02), row(6, 0.785, 0.02)]).reason, 'flat');
  const trivial = rankVerdict([
    row(2, 1.02, 0.01, { coherence: 0.1 }),
    row(3, 1.01, 0.01, { coherence: 0.2 }),
    row(4, 1.05, 0.01, { coherence: 0.15 }),
  ]);
  t.deepEqual([trivial.recommended, trivial.reason, trivial.lowest], [null, 'above-trivial', 3]);
  t.regex(
    trivial.says,
    pieces(
      /at or above the trivial model's \(1\.00, predicting zeros\) at every k, lowest 1\.01 at k /,
      /= 3: no k predicts held-out entries; by coherence the best is k = 3/,
    ),
  );
});
