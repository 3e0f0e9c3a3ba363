// Stability against a brute-force average linkage, and the recommendation rule by hand.
import test from 'ava';
import { dense, Random } from '../../core/index.js';
import type { RankRow } from '../../evaluate/index.js';
import { clusterLabels, consensusDistances, copheneticCorrelation, recommendRank, stability, stabilityRows } from '../../evaluate/index.js';

/** Average linkage the slow way (merge the closest pair of clusters, O(n³)), cophenetic heights kept for
 *  every pair, then Pearson's r. */
function bruteForce(d: Float64Array, n: number): number {
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  const coph = new Float64Array(n * n);
  const link = (a: number[], b: number[]) => { let s = 0; for (const i of a) for (const j of b) s += d[i * n + j]; return s / (a.length * b.length); };
  while (clusters.length > 1) {
    let best = Infinity, pa = 0, pb = 1;
    for (let a = 0; a < clusters.length; a++) for (let b = a + 1; b < clusters.length; b++) {
      const v = link(clusters[a], clusters[b]);
      if (v < best) { best = v; pa = a; pb = b; }
    }
    for (const i of clusters[pa]) for (const j of clusters[pb]) coph[i * n + j] = coph[j * n + i] = best;
    clusters = [...clusters.filter((_, c) => c !== pa && c !== pb), [...clusters[pa], ...clusters[pb]]];
  }
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { xs.push(d[i * n + j]); ys.push(coph[i * n + j]); }
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length, my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0, sxx = 0, syy = 0;
  for (let q = 0; q < xs.length; q++) { sxy += (xs[q] - mx) * (ys[q] - my); sxx += (xs[q] - mx) ** 2; syy += (ys[q] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

test('the cophenetic correlation equals a brute-force average linkage on random distances', (t) => {
  for (const seed of [1, 2, 3]) {
    const r = new Random(seed), n = 25, d = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = r.uniform();
    const fast = copheneticCorrelation(d, n), slow = bruteForce(d, n);
    t.true(Math.abs(fast - slow) < 1e-9, `seed ${seed}: ${fast} vs ${slow}`);
  }
});

test('runs that agree are perfectly stable; runs that disagree are less so', (t) => {
  // 6 rows, 2 factors: W's largest column decides the cluster
  const W = (labels: number[]) => dense(labels.length, 2, Float32Array.from(labels.flatMap((l) => (l === 0 ? [1, 0.2] : [0.2, 1]))));
  const rows = stabilityRows(6, 0);
  t.is(stability([W([0, 0, 0, 1, 1, 1]), W([1, 1, 1, 0, 0, 0])], rows), 1, 'the same clusters under other names');
  const mixed = stability([W([0, 0, 0, 1, 1, 1]), W([0, 0, 1, 1, 0, 1]), W([0, 1, 0, 1, 0, 1])], rows);
  t.true(mixed < 0.99, `${mixed}`);
  // consensus distance by hand: rows 0 and 2 apart in 2 of 3 runs
  const d = consensusDistances([W([0, 0, 0, 1, 1, 1]), W([0, 0, 1, 1, 0, 1]), W([0, 1, 0, 1, 0, 1])].map(clusterLabels), rows);
  t.is(d[0 * 6 + 2], 1 / 3);
  t.is(d[0 * 6 + 1], 1 / 3);
  t.is(d[3 * 6 + 5], 0);
});

test('a row of zeros joins no factor, and the row sample is seeded, sorted and the size asked', (t) => {
  t.deepEqual([...clusterLabels(dense(2, 2, Float32Array.of(0, 0, 0.1, 0.3)))], [-1, 1]);
  const a = stabilityRows(5000, 3, 100), b = stabilityRows(5000, 3, 100);
  t.deepEqual(a, b);
  t.is(new Set(a).size, 100);
  t.true(a.every((v, i) => i === 0 || v > a[i - 1]));
});

test('the rule takes the smallest k within 5 % of the lowest held-out error', (t) => {
  const row = (k: number, heldOutError: number): RankRow => ({ k, heldOutError, trainingError: 0, stability: 1, coherence: null, iterations: 1, seconds: 0 });
  t.is(recommendRank([row(2, 0.5), row(3, 0.2), row(4, 0.104), row(5, 0.1), row(6, 0.12)]), 4);
  t.is(recommendRank([row(2, 0.5), row(3, 0.2), row(4, 0.106), row(5, 0.1)]), 5);
  t.is(recommendRank([row(2, Number.NaN)]), null);
});
