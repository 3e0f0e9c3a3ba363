// A CSR matrix from each row's column-sorted term counts, weighted as a text model says (tf-idf, counts
// or binary; sublinear tf; tf-idf rows l2-normalized): what a corpus's first fit and a saved model's
// new documents both become.
import type { Csr, DenseStorage } from '../../core/index.js';
import { csr } from '../../core/index.js';
import type { TextModel } from '../dataset.js';

/** Writes row i's column-sorted (column, count) pairs into `terms` and `counts`; returns how many. */
export type CountRow = (i: number, terms: Int32Array, counts: Int32Array) => number;

/** CSR rows from column-sorted counts, weighted as the model says: a pass for the rows' lengths, then
 *  one that fills, so that nothing per document is held beside the matrix. `longest` bounds a row;
 *  `lengthOf`, where given, is a row's length without sorting it. */
export function buildMatrix(
  rows: number,
  cols: number,
  model: TextModel,
  rowOf: CountRow,
  longest: number,
  storage?: DenseStorage,
  lengthOf?: (i: number) => number,
): Csr {
  const terms = new Int32Array(longest),
    counts = new Int32Array(longest),
    w = new Float64Array(longest);
  const ints = (n: number) => storage?.allocIndices?.(n) ?? new Int32Array(n);
  const indptr = ints(rows + 1);
  const length = lengthOf ?? ((i: number) => rowOf(i, terms, counts));
  for (let i = 0; i < rows; i++) indptr[i + 1] = indptr[i] + length(i);
  const indices = ints(indptr[rows]);
  const data = storage ? storage.alloc(indptr[rows]) : new Float32Array(indptr[rows]);
  for (let i = 0; i < rows; i++) {
    const at = indptr[i],
      n = rowOf(i, terms, counts);
    let norm = 0;
    for (let q = 0; q < n; q++) {
      const c = counts[q];
      let v = model.weighting === 'binary' ? 1 : model.sublinearTf ? 1 + Math.log(c) : c;
      if (model.idf) v *= model.idf[terms[q]];
      w[q] = v;
      norm += v * v;
    }
    // tf-idf rows are l2-normalized; an empty row stays empty
    const scale = model.weighting === 'tfidf' && norm > 0 ? 1 / Math.sqrt(norm) : 1;
    for (let q = 0; q < n; q++) {
      indices[at + q] = terms[q];
      data[at + q] = w[q] * scale;
    }
  }
  return csr(rows, cols, indptr, indices, data);
}
