// Small matrices with known structure, shared by the core tests.
import type { Dense } from '../core/index.js';
import { dense, Random } from '../core/index.js';

/** X = W·H exactly, with W and H nonnegative and about half zeros (a well-posed NMF). */
export function planted(rows: number, cols: number, k: number, seed = 7): { X: Dense; W: Dense; H: Dense } {
  const r = new Random(seed);
  const draw = () => (r.uniform() < 0.5 ? r.uniform() + 0.5 : 0);
  const W = dense(rows, k, new Float32Array(rows * k).map(draw));
  const H = dense(k, cols, new Float32Array(k * cols).map(draw));
  return { X: multiply(W, H), W, H };
}

/** A nonnegative matrix with no exact low-rank structure. */
export function noisy(rows: number, cols: number, seed = 3): Dense {
  const r = new Random(seed);
  return dense(
    rows,
    cols,
    new Float32Array(rows * cols).map(() => r.uniform()),
  );
}

export function multiply(A: Dense, B: Dense): Dense {
  const out = new Float32Array(A.rows * B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let t = 0; t < A.cols; t++) s += A.data[i * A.cols + t] * B.data[t * B.cols + j];
      out[i * B.cols + j] = s;
    }
  }
  return dense(A.rows, B.cols, out);
}

/** ‖X − W·H‖ / ‖X‖ in float64. */
export function relativeError(X: Dense, W: Dense, H: Dense): number {
  const Y = multiply(W, H);
  let e = 0,
    n = 0;
  for (let q = 0; q < X.data.length; q++) {
    e += (X.data[q] - Y.data[q]) ** 2;
    n += X.data[q] ** 2;
  }
  return Math.sqrt(e / n);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** A regular expression written in pieces, each under the line limit: the pieces' sources in order, with
 *  the flags they share. */
export function pieces(...parts: RegExp[]): RegExp {
  const flags = parts[0].flags;
  if (parts.some((p) => p.flags !== flags)) throw new Error('pieces: every piece needs the same flags');
  return new RegExp(parts.map((p) => p.source).join(''), flags);
}
