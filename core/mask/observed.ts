// What a fit sees of X under a mask: X with every masked entry 0 (the matrix the device binds), the
// held-out nonzeros kept aside for the held-out loss, and the missing entries as patterns by row and by
// column (the missing part of a half step's correction walks them entry by entry).
import type { Side } from '../backends/backend.js';
import { usageError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { csr, dense } from '../matrix.js';
import type { HoldoutPattern } from './holdout.js';

/** A pattern of entries by row: row i's columns are cols[ptr[i] … ptr[i+1]). */
export interface Pattern {
  ptr: Int32Array;
  cols: Int32Array;
}

/** X's held-out nonzeros, by entry. */
export interface HeldValues {
  rows: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

function pattern(n: number, a: Int32Array, b: Int32Array, keep: (q: number) => boolean): Pattern {
  const ptr = new Int32Array(n + 1);
  for (let q = 0; q < a.length; q++) if (keep(q)) ptr[a[q] + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, n),
    cols = new Int32Array(ptr[n]);
  for (let q = 0; q < a.length; q++) if (keep(q)) cols[next[a[q]]++] = b[q];
  return { ptr, cols };
}

/** The missing entries (checked to lie inside X) by row and by column; an entry both missing and held
 *  out is counted once, as held out. */
export function missingPatterns(
  rows: number,
  cols: number,
  missing: { rows: Int32Array; cols: Int32Array },
  holdout: HoldoutPattern,
): Record<Side, Pattern> {
  for (let q = 0; q < missing.rows.length; q++) {
    if (!(missing.rows[q] >= 0 && missing.rows[q] < rows && missing.cols[q] >= 0 && missing.cols[q] < cols))
      throw usageError(
        `missing entry ${q + 1} is at (${missing.rows[q]}, ${missing.cols[q]}), outside the ${rows} × ${cols} matrix`,
      );
  }
  const keep = (q: number) => !holdout.isHeldOut(missing.rows[q], missing.cols[q]);
  return {
    rows: pattern(rows, missing.rows, missing.cols, keep),
    cols: pattern(cols, missing.cols, missing.rows, keep),
  };
}

/** X without its held-out nonzeros (kept aside) and with its missing entries 0. */
export function observe(
  X: Matrix,
  holdout: HoldoutPattern,
  missing?: { rows: Int32Array; cols: Int32Array },
): { observed: Matrix; held: HeldValues } {
  const { rows, cols } = X;
  const holds = holdout.passes !== null;
  const hr: number[] = [],
    hc: number[] = [],
    hv: number[] = [];
  let observed: Matrix;
  if (X.kind === 'dense') {
    const data = X.data.slice();
    if (holds) {
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const v = data[i * cols + j];
          if (v !== 0 && holdout.isHeldOut(i, j)) {
            hr.push(i);
            hc.push(j);
            hv.push(v);
            data[i * cols + j] = 0;
          }
        }
    }
    if (missing) for (let q = 0; q < missing.rows.length; q++) data[missing.rows[q] * cols + missing.cols[q]] = 0;
    observed = dense(rows, cols, data);
  } else {
    const indptr = new Int32Array(rows + 1),
      indices = new Int32Array(X.indices.length),
      data = new Float32Array(X.data.length);
    let out = 0;
    for (let i = 0; i < rows; i++) {
      for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
        const j = X.indices[q],
          v = X.data[q];
        if (holds && holdout.isHeldOut(i, j)) {
          hr.push(i);
          hc.push(j);
          hv.push(v);
          continue;
        }
        indices[out] = j;
        data[out++] = v;
      }
      indptr[i + 1] = out;
    }
    const o = csr(rows, cols, indptr, indices.slice(0, out), data.slice(0, out));
    if (missing) {
      // a missing entry is 0 in X; one a sparse file stored anyway is dropped
      const dropped = new Set<number>();
      for (let q = 0; q < missing.rows.length; q++) dropped.add(missing.rows[q] * cols + missing.cols[q]);
      for (let i = 0; i < rows; i++)
        for (let q = o.indptr[i]; q < o.indptr[i + 1]; q++) if (dropped.has(i * cols + o.indices[q])) o.data[q] = 0;
    }
    observed = o;
  }
  return { observed, held: { rows: Int32Array.from(hr), cols: Int32Array.from(hc), values: Float32Array.from(hv) } };
}
