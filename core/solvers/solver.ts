// What every method shares: the bound data, the padded factors, and one iteration at a time.
import type { BoundMatrix } from '../backends/backend.js';
import type { ResolvedOptions } from '../options.js';

export interface SolverContext {
  X: BoundMatrix;
  rows: number;
  cols: number;
  k: number;
  /** k rounded up to whole SIMD vectors: the row stride of every factor buffer. */
  kp: number;
  options: ResolvedOptions;
  /** Σx² and Σx over X, for the objective's constant parts. */
  normX2: number;
  sumX: number;
  /** W (rows × kp) and Hᵀ (cols × kp), updated in place. */
  W: Float32Array;
  Ht: Float32Array;
  /** Keep H as it is and fit W alone (transform of new data with a trained model). */
  fixedH: boolean;
}

export interface Solver {
  /** One iteration (W, then H); resolves to F after it (KL: after the W half, see kl.ts). */
  step(iteration: number): Promise<number>;
  /** F of the current factors. */
  objective(): Promise<number>;
}

/** G (kp × kp, float64) as a float32 device buffer with l2 added on the diagonal. */
export function withRidge(G: Float64Array, l2: number, kp: number, out: Float32Array): Float32Array {
  for (let i = 0; i < kp * kp; i++) out[i] = G[i];
  if (l2 > 0) for (let t = 0; t < kp; t++) out[t * kp + t] += l2;
  return out;
}

/** gd's step P ← P − β·∇/‖∇‖ (then P ≥ 0 if asked), over the k used columns; returns ‖∇‖ (float64).
 *  A zero gradient leaves P as it is. */
export function normalizedStep(P: Float32Array, grad: Float32Array, rows: number, k: number, kp: number, beta: number, nonnegative: boolean): number {
  let n2 = 0;
  for (let i = 0; i < rows; i++) for (let t = i * kp, e = t + k; t < e; t++) n2 += grad[t] * grad[t];
  const norm = Math.sqrt(n2);
  if (norm === 0) return 0;
  const s = beta / norm;
  for (let i = 0; i < rows; i++) {
    for (let t = i * kp, e = t + k; t < e; t++) {
      const v = P[t] - s * grad[t];
      P[t] = nonnegative && v < 0 ? 0 : v;
    }
  }
  return norm;
}

/** The L1 term's (sub)gradient: l1 where P > 0 (and at 0 under nonnegativity), −l1 where P < 0. */
export const l1Gradient = (v: number, l1: number, nonnegative: boolean): number => (l1 === 0 ? 0 : v > 0 || (nonnegative && v === 0) ? l1 : v < 0 ? -l1 : 0);

/** gd's step length at an iteration (1-based): lr · decay^(iteration − 1). */
export const stepLength = (o: ResolvedOptions, iteration: number): number => o.lr * Math.pow(o.lrDecay, iteration - 1);
