// How a loaded matrix is kept: dense or CSR, whichever is smaller.
import type { DenseStorage, Matrix } from '../../core/index.js';
import { nnz, plainStorage, toCsr, toDense } from '../../core/index.js';

/** Sparse storage costs 8 bytes a nonzero (value and column) against dense's 4 an entry, so dense is the
 *  smaller from half the entries nonzero, and about as fast there: hals at k = 16 on 10000 × 784 (webasm,
 *  2 threads) took 0.91× dense's time per iteration as CSR at density 0.5 and 1.22× at 0.8, but 0.57× at
 *  MNIST's 0.19 (100 iterations on the 10,000 MNIST digits: 0.87 s as CSR, 1.62 s dense; measured for
 *  issue 12). So whatever the file's format, a matrix at least half full is stored dense and a sparser
 *  one as CSR. */
export const DENSE_FROM = 0.5;

/** X as the smaller of the two; a dense form made goes to `storage`, a dense one dropped back to it. */
export function cheaperStorage(X: Matrix, storage: DenseStorage = plainStorage): Matrix {
  const dense = nnz(X) >= DENSE_FROM * X.rows * X.cols;
  if (X.kind === 'csr' && dense) return toDense(X, storage);
  if (X.kind === 'dense' && !dense) {
    const sparse = toCsr(X);
    storage.free(X.data);
    return sparse;
  }
  return X;
}
