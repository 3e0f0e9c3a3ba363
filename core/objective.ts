// The one definition of the objective, used by every solver, restart and report:
//
//   F(W, H) = D(X, WH) + l2W‖W‖² + l2H‖H‖² + l1W|W|₁ + l1H|H|₁
//
// with D either the squared Frobenius distance ‖X − WH‖² (no ½) or the generalized Kullback–Leibler
// divergence Σ x·log(x/y) − x + y over all entries (y = (WH)ᵢⱼ, 0·log 0 = 0). Every sum here is float64.
import { KL_FLOOR } from './floors.js';
import type { Dense, Matrix } from './matrix.js';
import { bindsAsCsr } from './matrix.js';
import type { Loss } from './options.js';

export interface Penalties {
  l1W: number;
  l1H: number;
  l2W: number;
  l2H: number;
}

/** l2‖P‖² + l1|P|₁ for a padded factor P (rows × kp, k columns used). */
export function penalty(P: Float32Array, rows: number, k: number, kp: number, l1: number, l2: number): number {
  if (l1 === 0 && l2 === 0) return 0;
  let abs = 0,
    sq = 0;
  for (let i = 0; i < rows; i++) {
    for (let t = i * kp, e = t + k; t < e; t++) {
      const v = P[t];
      abs += Math.abs(v);
      sq += v * v;
    }
  }
  return l1 * abs + l2 * sq;
}

/** ‖X − W·H‖² from products the solvers hold anyway, O(k²) instead of O(nnz·k):
 *  ‖X‖² − 2⟨Hᵀ, XᵀW⟩ + ⟨WᵀW, HHᵀ⟩, given the inner product. Rounding can push it a hair below zero;
 *  D ≥ 0 by definition. */
export function frobeniusFromProducts(
  normX2: number,
  innerHtXtW: number,
  k: number,
  kp: number,
  GW: Float64Array,
  GH: Float64Array,
): number {
  let g = 0;
  for (let t = 0; t < k; t++) for (let u = 0; u < k; u++) g += GW[t * kp + u] * GH[t * kp + u];
  return Math.max(0, normX2 - 2 * innerHtXtW + g);
}

/** Generalized KL from its parts: Σ_{x>0} x·log(x/y) − Σx + Σ_all y, where Σ_all y = Σ_t colsum(W)_t·colsum(Hᵀ)_t. */
export function klFromParts(
  xLogXOverY: number,
  sumX: number,
  sumW: Float64Array,
  sumH: Float64Array,
  k: number,
): number {
  let y = 0;
  for (let t = 0; t < k; t++) y += sumW[t] * sumH[t];
  return Math.max(0, xLogXOverY - sumX + y);
}

/** What the objective needs of X besides its products: Σx² (Frobenius), Σx (KL) and the mean (init);
 *  and what a product with X costs against a sweep over a factor (solvers/sweeps.ts). */
export interface DataStats {
  normX2: number;
  sumX: number;
  mean: number;
  /** X's rows, over every rank where X is spread over ranks. */
  rows: number;
  /** The entries a product with X reads (a sparse X's nonzeros, every entry of a dense X, or its
   *  nonzeros where the CPU kernels bind it as CSR: matrix.ts' bindsAsCsr), over every rank. */
  stored: number;
}

export function dataStats(X: Matrix): DataStats {
  let sum = 0,
    sumSquares = 0,
    nonzeros = 0;
  for (let q = 0; q < X.data.length; q++) {
    const v = X.data[q];
    sum += v;
    sumSquares += v * v;
    nonzeros += +(v !== 0);
  }
  const stored = X.kind === 'csr' || !bindsAsCsr(X.rows, X.cols, nonzeros) ? X.data.length : nonzeros;
  return { normX2: sumSquares, sumX: sum, mean: sum / (X.rows * X.cols), rows: X.rows, stored };
}

/** F computed straight from its definition, entry by entry, in float64: the reference the fast forms are
 *  tested against, and a way for a user to score factors from elsewhere. O(rows · cols · k). */
export function objective(
  X: Matrix,
  W: Dense,
  H: Dense,
  loss: Loss,
  p: Penalties = { l1W: 0, l1H: 0, l2W: 0, l2H: 0 },
): number {
  const { rows, cols } = X;
  const k = W.cols;
  const row = new Float64Array(cols);
  let d = 0;
  for (let i = 0; i < rows; i++) {
    row.fill(0);
    if (X.kind === 'dense') for (let j = 0; j < cols; j++) row[j] = X.data[i * cols + j];
    else for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) row[X.indices[q]] = X.data[q];
    for (let j = 0; j < cols; j++) {
      let y = 0;
      for (let t = 0; t < k; t++) y += W.data[i * k + t] * H.data[t * cols + j];
      const x = row[j];
      if (loss === 'frobenius') d += (x - y) * (x - y);
      else d += (x > 0 ? x * Math.log(x / Math.max(y, KL_FLOOR)) : 0) - x + y;
    }
  }
  return d + penalty(W.data, rows, k, k, p.l1W, p.l2W) + penalty(H.data, k * cols, 1, 1, p.l1H, p.l2H);
}
