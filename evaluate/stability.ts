// Stability of a rank across restarts, as Brunet et al. (2004) and R's NMF package measure it: each run
// assigns every row to its largest factor; the consensus matrix C holds, for each pair of rows, the share
// of runs that put them together; the cophenetic correlation is Pearson's r between the distances 1 − C
// and the heights at which average-linkage clustering of those distances first joins each pair. 1 means
// the runs agree on one clustering; it falls as they disagree.
import type { Dense } from '../core/index.js';
import { Random } from '../core/index.js';

/** Rows compared at most: consensus and clustering cost rows² memory and time. */
export const STABILITY_ROWS = 1000;

/** Each row's largest factor (−1 for a row of zeros, which joins no factor). */
export function clusterLabels(W: Dense): Int32Array {
  const { rows, cols: k, data } = W;
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = -1,
      top = 0;
    for (let t = 0; t < k; t++)
      if (data[i * k + t] > top) {
        top = data[i * k + t];
        best = t;
      }
    labels[i] = best;
  }
  return labels;
}

/** The rows stability looks at: all of them, or a seeded sample of `limit` in their order. */
export function stabilityRows(rows: number, seed: number, limit = STABILITY_ROWS): Int32Array {
  if (rows <= limit) return Int32Array.from({ length: rows }, (_, i) => i);
  // a partial Fisher–Yates shuffle picks `limit` rows, then they are put back in order
  const order = Int32Array.from({ length: rows }, (_, i) => i),
    r = new Random(seed);
  for (let a = 0; a < limit; a++) {
    const b = a + Math.floor(r.uniform() * (rows - a));
    [order[a], order[b]] = [order[b], order[a]];
  }
  return order.slice(0, limit).sort();
}

/** The consensus distances 1 − C over the chosen rows (row-major n × n). */
export function consensusDistances(labels: readonly Int32Array[], rows: Int32Array): Float64Array {
  const n = rows.length,
    d = new Float64Array(n * n);
  for (const l of labels) {
    for (let a = 0; a < n; a++) {
      const la = l[rows[a]];
      for (let b = a + 1; b < n; b++) if (la !== l[rows[b]]) d[a * n + b] += 1;
    }
  }
  const runs = labels.length;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) d[b * n + a] = d[a * n + b] /= runs;
  return d;
}

/** Pearson's r between the distances d (n × n, symmetric) and their average-linkage cophenetic heights.
 *  Average linkage is reducible, so the nearest-neighbour chain finds its merges in O(n²); and since a
 *  merge's height is the mean of the original distances across it, the cross sums need no member lists.
 *  Distances all equal (nothing to tell apart) count as perfectly stable: 1. */
export function copheneticCorrelation(distances: Float64Array, n: number): number {
  if (n < 3) return 1;
  const d = Float64Array.from(distances),
    size = new Float64Array(n).fill(1),
    active = new Uint8Array(n).fill(1);
  let sumD = 0,
    sumD2 = 0;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      sumD += d[a * n + b];
      sumD2 += d[a * n + b] ** 2;
    }
  let sumC = 0,
    sumC2 = 0,
    sumCD = 0;
  const chain: number[] = [];
  let left = n,
    first = 0;
  while (left > 1) {
    if (chain.length === 0) {
      while (!active[first]) first++;
      chain.push(first);
    }
    const a = chain[chain.length - 1],
      previous = chain.length > 1 ? chain[chain.length - 2] : -1;
    // the nearest active cluster to a; on a tie the one before a in the chain, so the chain ends
    let b = previous,
      best = previous >= 0 ? d[a * n + previous] : Infinity;
    for (let x = 0; x < n; x++)
      if (active[x] && x !== a && d[a * n + x] < best) {
        best = d[a * n + x];
        b = x;
      }
    if (b !== previous) {
      chain.push(b);
      continue;
    }
    chain.length -= 2;
    const pairs = size[a] * size[b];
    sumC += best * pairs;
    sumC2 += best * best * pairs;
    sumCD += best * best * pairs;
    // a becomes a ∪ b: its distances are the size-weighted means (Lance–Williams for average linkage)
    for (let x = 0; x < n; x++) {
      if (!active[x] || x === a || x === b) continue;
      const v = (size[a] * d[a * n + x] + size[b] * d[b * n + x]) / (size[a] + size[b]);
      d[a * n + x] = d[x * n + a] = v;
    }
    size[a] += size[b];
    active[b] = 0;
    left--;
  }
  const N = (n * (n - 1)) / 2;
  const varD = N * sumD2 - sumD * sumD,
    varC = N * sumC2 - sumC * sumC;
  if (varD <= 1e-12 * N * N || varC <= 1e-12 * N * N) return 1;
  return Math.max(-1, Math.min(1, (N * sumCD - sumC * sumD) / Math.sqrt(varD * varC)));
}

/** The cophenetic correlation of the runs' row clusterings, over `rows` (all, or a sample). */
export function stability(Ws: readonly Dense[], rows: Int32Array): number {
  return copheneticCorrelation(consensusDistances(Ws.map(clusterLabels), rows), rows.length);
}
