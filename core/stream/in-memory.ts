// A matrix already in memory as a batch source: for tests, and for a library user who wants the
// online fit's bounded working set over data they hold.
import type { Matrix } from '../matrix.js';
import { rowSlice } from '../matrix.js';
import type { BatchSource } from './online.js';

export function batchesOf(X: Matrix, batchSize: number): BatchSource {
  return {
    cols: X.cols,
    rows: X.rows,
    async *pass() {
      for (let from = 0; from < X.rows; from += batchSize) yield rowSlice(X, from, Math.min(X.rows, from + batchSize));
    },
  };
}
