// Seeded (guided) topics: the user names a topic by its words, and the fit puts it where asked. From a
// fit of k topics, each seed takes the row of H with the largest share of its mass on the seed's words
// (the seeded topics then come first, in the seeds' order); that row starts as the seed words alone,
// β·1_S (β: H's largest entry, a top word's weight), and HALS sweeps over W and all of H minimize
//   F + λ·Σ_s ‖H_s − β·1_S‖²,  λ = strength · (mean ‖W_t‖² at the start),
// a penalty that holds each seeded topic near its words, in proportion to how much a topic's W weighs;
// the other topics are free.
import { usageError } from './errors.js';
import type { Dense, Matrix } from './matrix.js';
import { dense } from './matrix.js';
import type { Penalties } from './objective.js';
import { refitRows } from './merge.js';

export interface SeededFit {
  W: Dense;
  H: Dense;
  /** F without the pull, and with it at each sweep. */
  objective: number;
  objectives: number[];
  /** Per topic of the result, the topic of the fit it came from (0-based). */
  from: number[];
}

/** `seeds[s]`: the columns of seed s's words. */
export function seedTopics(
  X: Matrix,
  W0: Dense,
  H0: Dense,
  seeds: readonly (readonly number[])[],
  strength: number,
  p: Penalties,
  sweeps: number,
  tol: number,
): SeededFit {
  const k = H0.rows,
    V = H0.cols,
    n = W0.rows;
  if (seeds.length > k)
    throw usageError(`${seeds.length} seeded topics but -k ${k}: raise -k to at least ${seeds.length}`);
  if (!(strength > 0 && Number.isFinite(strength)))
    throw usageError(`--seed-strength is ${strength}: it must be a number > 0`);
  const rowSum = (t: number) => {
    let s = 0;
    for (let j = 0; j < V; j++) s += H0.data[t * V + j];
    return s;
  };
  const used = new Set<number>(),
    chosen: number[] = [];
  for (const cols of seeds) {
    let best = -1,
      bestShare = -1;
    for (let t = 0; t < k; t++) {
      if (used.has(t)) continue;
      const total = rowSum(t);
      let on = 0;
      for (const j of cols) on += H0.data[t * V + j];
      const share = total > 0 ? on / total : 0;
      if (share > bestShare) {
        bestShare = share;
        best = t;
      }
    }
    used.add(best);
    chosen.push(best);
  }
  const from = [...chosen, ...Array.from({ length: k }, (_, t) => t).filter((t) => !used.has(t))];
  const W = dense(n, k),
    H = dense(k, V);
  from.forEach((t, r) => {
    for (let i = 0; i < n; i++) W.data[i * k + r] = W0.data[i * k + t];
    H.data.set(H0.data.subarray(t * V, (t + 1) * V), r * V);
  });
  let beta = 0;
  for (const v of H0.data) beta = Math.max(beta, v);
  const targets = seeds.map((cols) => {
    const T = new Float64Array(V).fill(NaN);
    for (const j of cols) T[j] = beta;
    return T;
  });
  targets.forEach((T, s) =>
    H.data.set(
      Float32Array.from(T, (v) => (Number.isNaN(v) ? 0 : v)),
      s * V,
    ),
  );
  let norms = 0;
  for (let q = 0; q < W.data.length; q++) norms += W.data[q] * W.data[q];
  const weight = strength * (norms / k);
  const rows = seeds.map((_, s) => s);
  const fit = refitRows(
    X,
    W,
    H,
    Array.from({ length: k }, (_, t) => t),
    sweeps,
    p,
    { rows, targets, weight },
    tol,
  );
  const plain = refitRows(X, fit.W, fit.H, [], 0, p).objectives[0];
  return { W: fit.W, H: fit.H, objective: plain, objectives: fit.objectives, from };
}
