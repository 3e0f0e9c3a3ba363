// Where the topics lie relative to each other, as pyLDAvis draws it: each row of H as a distribution over
// the terms, the Jensen–Shannon divergence between every two, and classical multidimensional scaling
// (principal coordinates) of those distances to two dimensions; and the topics' hierarchy, the order in
// which `merge --reduce-to` would join them.
import type { Dense } from '../core/index.js';
import { reduceGroups, symmetricEigen } from '../core/index.js';

/** JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2, natural logarithms (pyLDAvis' _jensen_shannon):
 *  0 for equal rows, ln 2 for rows without a common term. Rows are normalized to sum 1 first. */
export function jensenShannon(H: Dense): number[][] {
  const k = H.rows,
    V = H.cols;
  const P = Array.from({ length: k }, (_, t) => {
    const row = Float64Array.from(H.data.subarray(t * V, (t + 1) * V));
    const sum = row.reduce((a, b) => a + b, 0);
    return sum > 0 ? row.map((v) => v / sum) : row;
  });
  const d = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let s = 0; s < k; s++)
    for (let t = s + 1; t < k; t++) {
      let js = 0;
      for (let j = 0; j < V; j++) {
        const p = P[s][j],
          q = P[t][j],
          m = (p + q) / 2;
        if (p > 0) js += 0.5 * p * Math.log(p / m);
        if (q > 0) js += 0.5 * q * Math.log(q / m);
      }
      d[s][t] = d[t][s] = Math.max(0, js);
    }
  return d;
}

/** Classical MDS (principal coordinates, pyLDAvis' js_PCoA) of a distance matrix to two dimensions:
 *  B = −½·J·D²·J with J the centring matrix; coordinates from B's two largest eigenpairs. The sign of
 *  each axis is fixed (its largest coordinate positive) so the picture is the same on every run. */
export function principalCoordinates(D: number[][]): [number, number][] {
  const k = D.length;
  if (k === 1) return [[0, 0]];
  const sq = D.map((r) => r.map((v) => v * v));
  const rowMean = sq.map((r) => r.reduce((a, b) => a + b, 0) / k);
  const all = rowMean.reduce((a, b) => a + b, 0) / k;
  const B = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) B[i * k + j] = -0.5 * (sq[i][j] - rowMean[i] - rowMean[j] + all);
  const { values, vectors } = symmetricEigen(B, k);
  const axes = [0, 1].map((a) => {
    const scale = Math.sqrt(Math.max(0, values[a] ?? 0));
    const v = Array.from(vectors[a] ?? new Float64Array(k), (x) => x * scale);
    const biggest = v.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
    return biggest < 0 ? v.map((x) => -x) : v;
  });
  return Array.from({ length: k }, (_, i) => [axes[0][i], axes[1][i]]);
}

/** One join of the hierarchy: two clusters of topics (0-based) and how far apart they were (1 − cosine). */
export interface Join {
  a: number[];
  b: number[];
  height: number;
}

/** The hierarchy of the topics from the bottom: the joins `merge --reduce-to` makes down to one, and
 *  the leaves in an order that draws it without crossings. */
export function topicHierarchy(H: Dense): { joins: Join[]; order: number[] } {
  if (H.rows < 2) return { joins: [], order: [0] };
  const joins = reduceGroups(H, 1).joins.map((j) => ({ a: j.a, b: j.b, height: 1 - j.cosine }));
  // the leaves in the order of the last join's two sides, recursively: each cluster's own order
  const orderOf = new Map<string, number[]>(Array.from({ length: H.rows }, (_, t) => [String(t), [t]]));
  const key = (c: number[]) => [...c].sort((x, y) => x - y).join(',');
  for (const j of joins) orderOf.set(key([...j.a, ...j.b]), [...orderOf.get(key(j.a))!, ...orderOf.get(key(j.b))!]);
  return { joins, order: orderOf.get(key(joins.at(-1)!.a.concat(joins.at(-1)!.b)))! };
}
