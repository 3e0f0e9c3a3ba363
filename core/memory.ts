// What a fit holds at its peak, from the shape of X alone, so that a job that will not fit is refused
// before anything is loaded (a job the heap or the kernel kills after an hour writes nothing). The
// figures follow the buffers the code allocates; a test checks them against a measured run.
import type { Matrix } from './matrix.js';
import { bindsAsCsr, nnz, padRank } from './matrix.js';

/** X's shape: rows, columns and stored entries (rows × cols when dense). */
export interface Shape {
  rows: number;
  cols: number;
  entries: number;
  dense: boolean;
  /** A dense X's nonzeros, where known (shapeOf counts them): few enough, and the CPU kernels bind it
   *  as CSR (matrix.ts' bindsAsCsr). */
  nonzeros?: number;
}

/** A loaded X's shape. */
export const shapeOf = (X: Matrix): Shape =>
  X.kind === 'csr'
    ? { rows: X.rows, cols: X.cols, entries: nnz(X), dense: false }
    : { rows: X.rows, cols: X.cols, entries: X.rows * X.cols, dense: true, nonzeros: nnz(X) };

/** The bytes of X's CSR and its transpose: indices and values twice, row and column offsets. */
const sparseBound = (X: Shape, nonzeros: number) => 16 * nonzeros + 8 * (X.rows + X.cols);

/** Bytes a batch fit on a CPU device holds at its peak besides the loader's X: X bound with its
 *  transpose (a CSR's indices and values twice; a dense X in place, or as CSR where it is mostly zeros,
 *  matrix.ts' bindsAsCsr), the factors and the products the iterations keep (W, X·Hᵀ, Hᵀ, Xᵀ·W), the
 *  best run's factors, and nndsvd's randomized SVD at the start (its sketch of k + 10 columns on the
 *  device, and U and V there and read back, k each). */
export function fitBytes(X: Shape, k: number): number {
  const kp = padRank(k),
    lp = padRank(k + 10);
  const sparse = !X.dense || (X.nonzeros !== undefined && bindsAsCsr(X.rows, X.cols, X.nonzeros));
  const bound = sparse ? sparseBound(X, X.dense ? X.nonzeros! : X.entries) : 0;
  const n = X.rows + X.cols;
  // the SVD runs beside the factors just allocated, and is gone before the iterations' products are made
  const starting = 4 * kp * n + n * (4 * lp + 8 * kp);
  const iterating = 4 * kp * 2 * n + 4 * k * n;
  return bound + Math.max(starting, iterating);
}

/** Bytes a streaming fit holds: one batch of X (bound with its transpose) and its W, and per model
 *  H, Bᵀ (float64) and the buffers of a batch's products; nothing grows with the number of rows. */
export function streamBytes(batch: Shape, k: number, restarts: number): number {
  const kp = padRank(k);
  return fitBytes(batch, k) + 12 * batch.entries + restarts * batch.cols * kp * (4 + 8 + 4 + 4);
}

/** Bytes a rank sweep's masked fit holds in the CPU kernels' memory at k: the fit's, the W half's
 *  correction block (rows × kp), and a window pass's copy of its plan and its sources' rows gathered
 *  in key order (the larger side's, transient). */
export function sweepKernelBytes(X: Shape, k: number): number {
  const kp = padRank(k);
  return fitBytes(X, k) + 4 * kp * X.rows + 24 * (X.rows + X.cols) + 4 * kp * Math.max(X.rows, X.cols);
}

/** Bytes a rank sweep holds at its largest k besides the loader's X: X with its held-out entries 0 (the
 *  copy the fit binds), the held-out nonzeros (a row, a column and a value each), both sides' plans of
 *  the window pass (an index, a key and a start per row and column, twice), the kernels' share, and
 *  every restart's W and H, kept until the k's stability is measured. */
export function sweepBytes(X: Shape, k: number, restarts: number, holdout: number): number {
  const n = X.rows + X.cols;
  const observed = X.dense ? 4 * X.entries : 8 * X.entries + 4 * (X.rows + 1);
  return observed + 12 * holdout * X.entries + 2 * 24 * n + sweepKernelBytes(X, k) + 4 * k * n * restarts;
}
