// Merging topics of a fit: chosen rows of H summed into one (its W column keeping the pieces' mass), then
// a few HALS sweeps over X that refit W and the merged rows of H with every other row held, so the other
// topics stay as the user saw them. `reduceGroups` picks the merges for a target number of topics: the
// pair of rows with the largest cosine, again and again over the merged rows, as an agglomerative
// clustering of the topics does. Host code in float64: the work is a few products with X.
import type { Penalties } from './objective.js';
import { usageError } from './errors.js';
import type { Dense, Matrix } from './matrix.js';
import { dense } from './matrix.js';
import type { NumberRule } from './rules.js';
import { ruleText, satisfies } from './rules.js';

/** A merge: the 0-based topics joined, and where the result is among the merged factors' rows. */
export interface MergeStep {
  topics: number[];
  into: number;
}

/** W and H with each group's rows summed: the group takes its first topic's place, the other topics
 *  keep their order. The merged W column is Σ_t W_t·|H_t| / |ΣH_t|, so W·H keeps each document's mass. */
export function mergeFactors(
  W: Dense,
  H: Dense,
  groups: readonly (readonly number[])[],
): { W: Dense; H: Dense; steps: MergeStep[]; newIndex: Int32Array } {
  const k = H.rows,
    V = H.cols,
    n = W.rows;
  const leader = Int32Array.from({ length: k }, (_, t) => t);
  const seen = new Set<number>();
  for (const g of groups) {
    if (g.length < 2) throw usageError(`a merge needs two topics or more; got ${g.map((t) => t + 1).join(',')}`);
    for (const t of g) {
      if (!(Number.isInteger(t) && t >= 0 && t < k)) throw usageError(`topic ${t + 1} is not one of the model's ${k}`);
      if (seen.has(t)) throw usageError(`topic ${t + 1} is in two merges: give each topic once`);
      seen.add(t);
    }
    const first = Math.min(...g);
    for (const t of g) leader[t] = first;
  }
  const kept = [...new Set(leader)].sort((a, b) => a - b);
  const newIndex = new Int32Array(k);
  for (let t = 0; t < k; t++) newIndex[t] = kept.indexOf(leader[t]);
  const k2 = kept.length;
  const H2 = new Float64Array(k2 * V),
    mass = new Float64Array(n * k2);
  const size = new Float64Array(k);
  for (let t = 0; t < k; t++) for (let j = 0; j < V; j++) size[t] += H.data[t * V + j];
  for (let t = 0; t < k; t++) {
    const m = newIndex[t];
    for (let j = 0; j < V; j++) H2[m * V + j] += H.data[t * V + j];
    for (let i = 0; i < n; i++) mass[i * k2 + m] += W.data[i * k + t] * size[t];
  }
  const size2 = new Float64Array(k2);
  for (let m = 0; m < k2; m++) for (let j = 0; j < V; j++) size2[m] += H2[m * V + j];
  const W2 = dense(n, k2),
    Hout = dense(k2, V, Float32Array.from(H2));
  for (let i = 0; i < n; i++)
    for (let m = 0; m < k2; m++) W2.data[i * k2 + m] = size2[m] > 0 ? mass[i * k2 + m] / size2[m] : 0;
  const steps = groups.map((g) => ({ topics: [...g].sort((a, b) => a - b), into: newIndex[g[0]] }));
  return { W: W2, H: Hout, steps, newIndex };
}

/** The groups that bring H's k rows down to `target`: the most similar pair (cosine of the rows, the
 *  merged rows summed) joined first, ties by the lower topics. Also the order of the joins with each
 *  one's cosine: the hierarchy of the topics, read from the bottom. The rows' inner products are taken
 *  once (H·Hᵀ); a joined row's are the sums of its parts', so the joins cost O(k³), not O(k³·terms). */
export function reduceGroups(
  H: Dense,
  target: number,
): { groups: number[][]; joins: { a: number[]; b: number[]; cosine: number }[] } {
  const k = H.rows,
    V = H.cols;
  const rule: NumberRule = { type: 'integer', min: 1, max: k - 1 };
  if (!satisfies(rule, target))
    throw usageError(`--reduce-to ${target}: give ${ruleText(rule)}, below the model's ${k} topics`);
  // G[a][b]: inner products of the clusters' summed rows, kept for the clusters alive
  const G = Array.from({ length: k }, () => new Float64Array(k));
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let d = 0;
      for (let j = 0; j < V; j++) d += H.data[a * V + j] * H.data[b * V + j];
      G[a][b] = G[b][a] = d;
    }
  const members: (number[] | null)[] = Array.from({ length: k }, (_, t) => [t]);
  const cosine = (a: number, b: number) => (G[a][a] > 0 && G[b][b] > 0 ? G[a][b] / Math.sqrt(G[a][a] * G[b][b]) : 0);
  const joins: { a: number[]; b: number[]; cosine: number }[] = [];
  for (let alive = k; alive > target; alive--) {
    // clusters in the order of their lowest topic, so that ties go to the lower topics
    const live = members
      .map((m, i) => (m ? i : -1))
      .filter((i) => i >= 0)
      .sort((x, y) => members[x]![0] - members[y]![0]);
    let best = -Infinity,
      pa = live[0],
      pb = live[1];
    for (let x = 0; x < live.length; x++)
      for (let y = x + 1; y < live.length; y++) {
        const c = cosine(live[x], live[y]);
        if (c > best) {
          best = c;
          pa = live[x];
          pb = live[y];
        }
      }
    joins.push({ a: members[pa]!, b: members[pb]!, cosine: best });
    // pa becomes the joined cluster: its row is the sum, so its inner products are the sums
    for (let c = 0; c < k; c++)
      if (members[c] && c !== pa && c !== pb) {
        G[pa][c] += G[pb][c];
        G[c][pa] = G[pa][c];
      }
    G[pa][pa] += G[pb][pb] + 2 * G[pa][pb];
    members[pa] = [...members[pa]!, ...members[pb]!].sort((x, y) => x - y);
    members[pb] = null;
  }
  return {
    groups: members.filter((m): m is number[] => m !== null && m.length > 1).sort((x, y) => x[0] - y[0]),
    joins,
  };
}

/** X·Hᵀ (n × k) and Σ x² over nonzeros, in float64. */
function productXHt(X: Matrix, H: Float64Array, k: number): Float64Array {
  const n = X.rows,
    V = X.cols,
    out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const visit = (j: number, x: number) => {
      for (let t = 0; t < k; t++) out[i * k + t] += x * H[t * V + j];
    };
    if (X.kind === 'csr') {
      for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) visit(X.indices[q], X.data[q]);
    } else
      for (let j = 0; j < V; j++) {
        const x = X.data[i * V + j];
        if (x !== 0) visit(j, x);
      }
  }
  return out;
}

/** Row m of Wᵀ·X (V values). */
function rowWtX(X: Matrix, W: Float64Array, k: number, m: number): Float64Array {
  const n = X.rows,
    V = X.cols,
    out = new Float64Array(V);
  for (let i = 0; i < n; i++) {
    const w = W[i * k + m];
    if (w === 0) continue;
    if (X.kind === 'csr') {
      for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) out[X.indices[q]] += w * X.data[q];
    } else for (let j = 0; j < V; j++) out[j] += w * X.data[i * V + j];
  }
  return out;
}

function gram(A: Float64Array, rows: number, k: number, byRows: boolean): Float64Array {
  // byRows: A is k × rows (H), the Gram is A·Aᵀ; else A is rows × k (W), the Gram is AᵀA
  const G = new Float64Array(k * k);
  for (let t = 0; t < k; t++)
    for (let u = t; u < k; u++) {
      let s = 0;
      if (byRows) for (let j = 0; j < rows; j++) s += A[t * rows + j] * A[u * rows + j];
      else for (let i = 0; i < rows; i++) s += A[i * k + t] * A[i * k + u];
      G[t * k + u] = s;
      G[u * k + t] = s;
    }
  return G;
}

/** F = ‖X − WH‖² + penalties, from ‖X‖², XHᵀ and the Grams: O(n·k) past the products. */
function frobenius(
  normX2: number,
  XHt: Float64Array,
  W: Float64Array,
  GW: Float64Array,
  GH: Float64Array,
  H: Float64Array,
  k: number,
  p: Penalties,
): number {
  let inner = 0,
    g = 0;
  for (let q = 0; q < W.length; q++) inner += W[q] * XHt[q];
  for (let q = 0; q < k * k; q++) g += GW[q] * GH[q];
  let w1 = 0,
    w2 = 0,
    h1 = 0,
    h2 = 0;
  for (const v of W) {
    w1 += v;
    w2 += v * v;
  }
  for (const v of H) {
    h1 += v;
    h2 += v * v;
  }
  return Math.max(0, normX2 - 2 * inner + g) + p.l1W * w1 + p.l2W * w2 + p.l1H * h1 + p.l2H * h2;
}

/** Entries of H pulled toward targets: F gains weight·Σ (H_sj − target_sj)² over the rows given and the
 *  entries whose target is a number (NaN: free), as seeded topics hold their words. */
export interface RowPull {
  rows: readonly number[];
  targets: readonly Float64Array[];
  weight: number;
}

/** `sweeps` HALS sweeps of F = ‖X − WH‖² + penalties (+ the pull) over W and the rows `free` of H, the
 *  other rows held; fewer when a sweep lowers F by less than `tol` of it. Each coordinate step minimizes
 *  F exactly, so F never rises: `objectives` holds F before the first sweep and after each. */
export function refitRows(
  X: Matrix,
  W0: Dense,
  H0: Dense,
  free: readonly number[],
  sweeps: number,
  p: Penalties,
  pull?: RowPull,
  tol = 0,
): { W: Dense; H: Dense; objectives: number[] } {
  const k = H0.rows,
    V = H0.cols,
    n = W0.rows;
  const W = Float64Array.from(W0.data),
    H = Float64Array.from(H0.data);
  let normX2 = 0;
  for (const x of X.data) normX2 += x * x;
  const objectives: number[] = [];
  const target = new Map<number, Float64Array>(pull ? pull.rows.map((r, i) => [r, pull.targets[i]]) : []);
  const weight = pull?.weight ?? 0;
  const pulled = () => {
    let s = 0;
    for (const [r, T] of target) for (let j = 0; j < V; j++) if (!Number.isNaN(T[j])) s += (H[r * V + j] - T[j]) ** 2;
    return weight * s;
  };
  let XHt = productXHt(X, H, k),
    GH = gram(H, V, k, true);
  objectives.push(frobenius(normX2, XHt, W, gram(W, n, k, false), GH, H, k, p) + pulled());
  for (let s = 0; s < sweeps; s++) {
    // W, a column at a time: W_t = max(0, (XHᵀ_t − Σ_{u≠t} W_u·GH_ut − l1W/2) / (GH_tt + l2W))
    for (let t = 0; t < k; t++) {
      const den = GH[t * k + t] + p.l2W;
      if (!(den > 0)) continue;
      for (let i = 0; i < n; i++) {
        let r = XHt[i * k + t] - p.l1W / 2;
        for (let u = 0; u < k; u++) if (u !== t) r -= W[i * k + u] * GH[u * k + t];
        W[i * k + t] = Math.max(0, r / den);
      }
    }
    // the free rows of H: H_m = max(0, ((WᵀX)_m − Σ_{u≠m} GW_mu·H_u − l1H/2) / (GW_mm + l2H))
    const GW = gram(W, n, k, false);
    for (const m of free) {
      const T = target.get(m);
      const den = GW[m * k + m] + p.l2H;
      if (!(den > 0) && !T) continue;
      const WtX = rowWtX(X, W, k, m);
      for (let j = 0; j < V; j++) {
        const held = T !== undefined && !Number.isNaN(T[j]);
        let r = WtX[j] - p.l1H / 2 + (held ? weight * T[j] : 0);
        for (let u = 0; u < k; u++) if (u !== m) r -= GW[m * k + u] * H[u * V + j];
        const d = den + (held ? weight : 0);
        if (d > 0) H[m * V + j] = Math.max(0, r / d);
      }
    }
    XHt = productXHt(X, H, k);
    GH = gram(H, V, k, true);
    objectives.push(frobenius(normX2, XHt, W, GW, GH, H, k, p) + pulled());
    const [last, next] = objectives.slice(-2);
    if (tol > 0 && last - next <= tol * last) break;
  }
  return { W: dense(n, k, Float32Array.from(W)), H: dense(k, V, Float32Array.from(H)), objectives };
}
