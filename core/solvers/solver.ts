// What every method shares: the bound data, the padded factors, and one iteration at a time.
import type { BoundMatrix, Buf, FactorSums, Side } from '../backends/backend.js';
import type { MaskedData } from '../mask.js';
import type { ResolvedOptions } from '../options.js';

export interface SolverContext {
  X: BoundMatrix;
  rows: number;
  cols: number;
  k: number;
  /** k rounded up to whole SIMD vectors: the row stride of every factor buffer. */
  kp: number;
  options: ResolvedOptions;
  /** Σx² and Σx over X's observed entries, for the objective's constant parts. */
  normX2: number;
  sumX: number;
  /** W (rows × kp) and Hᵀ (cols × kp) on the device, updated in place. */
  W: Buf;
  Ht: Buf;
  /** Keep H as it is and fit W alone (transform of new data with a trained model). */
  fixedH: boolean;
  /** Entries the fit must not see (X is bound with them 0), and their corrections; null: none. */
  masked: MaskedData | null;
  /** HALS sweeps per half with one product (sweeps.ts): W's ('rows') and H's ('cols'). */
  sweeps: Record<Side, number>;
}

export interface Solver {
  /** One iteration (W, then H); resolves to F after it (KL: after the W half, see kl.ts). */
  step(iteration: number): Promise<number>;
  /** F of the current factors. */
  objective(): Promise<number>;
  /** The projected gradient's size at the current factors (convergence.ts), for a method that stops by
   *  it (hals); absent where F's decrease decides. */
  violation?(): Promise<number>;
}

/** G (kp × kp) with l2 added on the diagonal: the ridge term of every Frobenius update. */
export function withRidge(G: Float64Array, l2: number, kp: number): Float64Array {
  const out = Float64Array.from(G);
  if (l2 > 0) for (let t = 0; t < kp; t++) out[t * kp + t] += l2;
  return out;
}

/** l1|P|₁ + l2‖P‖² from the device's sums of P. */
export const penaltyOf = (s: FactorSums, l1: number, l2: number): number => l1 * s.abs + l2 * s.squares;

/** gd's step length at an iteration (1-based): lr · decay^(iteration − 1). */
export const stepLength = (o: ResolvedOptions, iteration: number): number => o.lr * Math.pow(o.lrDecay, iteration - 1);
