// A truncated SVD for nndsvd initialization, computed with the device's products with X: a randomized
// range finder with power iterations (Halko, Martinsson & Tropp 2011, as scikit-learn's randomized_svd).
// Small dense work (orthonormalization, the l × l eigenproblem) runs on the host in float64.
import type { BoundMatrix } from './backends/backend.js';
import { padRank } from './matrix.js';
import type { Random } from './random.js';

export interface TruncatedSvd {
  /** Left singular vectors, rows × k, column-major per vector: U[t][i]. */
  U: Float64Array[];
  S: Float64Array;
  /** Right singular vectors, V[t][j] for j < cols. */
  V: Float64Array[];
}

/** Orthonormalize the l columns of a rows × lp buffer in place (modified Gram–Schmidt in float64). */
function orthonormalize(Y: Float32Array, rows: number, l: number, lp: number): void {
  const cols: Float64Array[] = [];
  for (let t = 0; t < l; t++) {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) v[i] = Y[i * lp + t];
    for (const q of cols) {
      let d = 0;
      for (let i = 0; i < rows; i++) d += q[i] * v[i];
      for (let i = 0; i < rows; i++) v[i] -= d * q[i];
    }
    let n = 0;
    for (let i = 0; i < rows; i++) n += v[i] * v[i];
    n = Math.sqrt(n);
    // A rank-deficient X gives a zero column: keep it zero, its singular value will be zero.
    if (n > 1e-30) for (let i = 0; i < rows; i++) v[i] /= n;
    else v.fill(0);
    cols.push(v);
    for (let i = 0; i < rows; i++) Y[i * lp + t] = v[i];
  }
}

/** Eigen-decomposition of a symmetric l × l matrix by cyclic Jacobi rotations: returns values and
 *  vectors (vectors[t] is the eigenvector of values[t]), sorted by decreasing value. */
export function symmetricEigen(A: Float64Array, l: number): { values: Float64Array; vectors: Float64Array[] } {
  const a = Float64Array.from(A);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < l; r++) {
          const arp = a[r * l + p], arq = a[r * l + q];
          a[r * l + p] = c * arp - s * arq; a[r * l + q] = s * arp + c * arq;
        }
        for (let r = 0; r < l; r++) {
          const apr = a[p * l + r], aqr = a[q * l + r];
          a[p * l + r] = c * apr - s * aqr; a[q * l + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < l; r++) {
          const vrp = v[r * l + p], vrq = v[r * l + q];
          v[r * l + p] = c * vrp - s * vrq; v[r * l + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => a[y * l + y] - a[x * l + x]);
  return {
    values: Float64Array.from(order, (i) => a[i * l + i]),
    vectors: order.map((i) => Float64Array.from({ length: l }, (_, r) => v[r * l + i])),
  };
}

/** The top k singular triplets of the bound X. */
export async function randomizedSvd(X: BoundMatrix, k: number, rng: Random, powerIterations = 4, oversample = 10): Promise<TruncatedSvd> {
  const { rows, cols } = X;
  const l = Math.min(k + oversample, Math.min(rows, cols));
  const lp = padRank(l);
  const undo = X.checkpoint();
  // The products run on the device, the orthonormalization on the host: this runs once per fit, so
  // its transfers (O((rows + cols)·l) per product) do not count against an iteration's.
  const yBuf = X.alloc(rows, lp), zBuf = X.alloc(cols, lp);
  const omega = new Float32Array(cols * lp);
  for (let j = 0; j < cols; j++) for (let t = 0; t < l; t++) omega[j * lp + t] = rng.normal();
  /** X·B (side rows) or Xᵀ·B (side cols) of a host buffer, back on the host. */
  const product = async (side: 'rows' | 'cols', B: Float32Array): Promise<Float32Array> => {
    const [src, dst] = side === 'rows' ? [zBuf, yBuf] : [yBuf, zBuf];
    await X.write(src, B);
    await X.times(side, src, dst);
    return X.read(dst);
  };
  let Y = await product('rows', omega);
  let Z: Float32Array;
  for (let it = 0; it < powerIterations; it++) {
    orthonormalize(Y, rows, l, lp);
    Z = await product('cols', Y);
    orthonormalize(Z, cols, l, lp);
    Y = await product('rows', Z);
  }
  orthonormalize(Y, rows, l, lp); // Q
  Z = await product('cols', Y); // Bᵀ = XᵀQ, cols × l
  const BBt = await X.gram(zBuf);
  const small = new Float64Array(l * l);
  for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) small[a * l + b] = BBt[a * lp + b];
  const { values, vectors } = symmetricEigen(small, l);
  const U: Float64Array[] = [], V: Float64Array[] = [];
  const S = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const s = Math.sqrt(Math.max(values[t], 0));
    S[t] = s;
    const u = new Float64Array(rows), v = new Float64Array(cols);
    const e = vectors[t];
    for (let i = 0; i < rows; i++) { let acc = 0; for (let a = 0; a < l; a++) acc += Y[i * lp + a] * e[a]; u[i] = acc; }
    for (let j = 0; j < cols; j++) { let acc = 0; for (let a = 0; a < l; a++) acc += Z[j * lp + a] * e[a]; v[j] = s > 0 ? acc / s : 0; }
    // Fix the sign (as scikit-learn's svd_flip): the largest |u| entry is positive, so a seed fixes U.
    let big = 0;
    for (let i = 0; i < rows; i++) if (Math.abs(u[i]) > Math.abs(big)) big = u[i];
    if (big < 0) { for (let i = 0; i < rows; i++) u[i] = -u[i]; for (let j = 0; j < cols; j++) v[j] = -v[j]; }
    U.push(u); V.push(v);
  }
  undo();
  return { U, S, V };
}
