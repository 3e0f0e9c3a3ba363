// A truncated SVD for nndsvd initialization, computed with the device's products with X: a randomized
// range finder with power iterations (Halko, Martinsson & Tropp 2011, as scikit-learn's randomized_svd).
// The orthonormalization is Cholesky QR: the Gram matrix and the products with small matrices on the
// device (float64 sums), the l × l Cholesky factor and eigenproblem on the host in float64.
import type { BoundMatrix, Buf } from './backends/backend.js';
import { HostBuf } from './backends/host.js';
import type { Along } from './distributed/sharded-matrix.js';
import { allRows, sumOverRows } from './distributed/shard.js';
import { padRank } from './matrix.js';
import type { Random } from './random.js';

export interface TruncatedSvd {
  /** Left singular vectors, rows × k, column-major per vector: U[t][i]. */
  U: Float64Array[];
  S: Float64Array;
  /** Right singular vectors, V[t][j] for j < cols. */
  V: Float64Array[];
}

/** Cholesky QR trusts a Gram matrix whose every column keeps more than this fraction of its squared
 *  norm outside the span of the columns before it (float32 data are noise below it); otherwise the
 *  columns are orthonormalized by Gram–Schmidt, where such a column becomes zero. */
const DEPENDENT = 1e-12;

/** The inverse of the Cholesky factor R of the leading l × l block of a kp × kp Gram matrix G = YᵀY, in
 *  float64: M (kp × kp, upper triangular, zero past l) with Y·M orthonormal; null where a pivot falls to
 *  DEPENDENT or below (a rank-deficient or too ill-conditioned Y: G is not safely positive definite). */
export function choleskyInverse(G: Float64Array, kp: number, l: number): Float64Array | null {
  const R = new Float64Array(l * l);
  for (let j = 0; j < l; j++) {
    for (let i = 0; i < j; i++) {
      let s = G[i * kp + j];
      for (let p = 0; p < i; p++) s -= R[p * l + i] * R[p * l + j];
      R[i * l + j] = s / R[i * l + i];
    }
    const gjj = G[j * kp + j];
    let d = gjj;
    for (let p = 0; p < j; p++) d -= R[p * l + j] * R[p * l + j];
    if (!(gjj > 1e-60 && d > DEPENDENT * gjj)) return null;
    R[j * l + j] = Math.sqrt(d);
  }
  // M = R⁻¹, column by column from its diagonal up
  const M = new Float64Array(kp * kp);
  for (let c = 0; c < l; c++) {
    M[c * kp + c] = 1 / R[c * l + c];
    for (let i = c - 1; i >= 0; i--) {
      let s = 0;
      for (let p = i + 1; p <= c; p++) s += R[i * l + p] * M[p * kp + c];
      M[i * kp + c] = -s / R[i * l + i];
    }
  }
  return M;
}

/** Orthonormalize the l columns of a rows × kp buffer in place by modified Gram–Schmidt in float64, on
 *  the host: Cholesky QR's fallback. A column left with at most 1e-6 of its norm (DEPENDENT: a
 *  rank-deficient X) becomes zero, and its singular value will be zero. A buffer along the rows of a
 *  block of X sums its dot products over every block. */
async function gramSchmidt(X: BoundMatrix, B: Buf, l: number, along: Along): Promise<void> {
  const { rows, kp } = B,
    Y = await X.read(B);
  const cols: Float64Array[] = [];
  const total = async (s: number) => {
    if (along === 'cols') return s;
    const v = new Float64Array([s]);
    await sumOverRows(X, v);
    return v[0];
  };
  for (let t = 0; t < l; t++) {
    const v = new Float64Array(rows);
    let n0 = 0;
    for (let i = 0; i < rows; i++) {
      v[i] = Y[i * kp + t];
      n0 += v[i] * v[i];
    }
    n0 = await total(n0);
    for (const q of cols) {
      let d = 0;
      for (let i = 0; i < rows; i++) d += q[i] * v[i];
      d = await total(d);
      for (let i = 0; i < rows; i++) v[i] -= d * q[i];
    }
    let n = 0;
    for (let i = 0; i < rows; i++) n += v[i] * v[i];
    n = await total(n);
    if (n > 1e-60 && n > DEPENDENT * n0) {
      n = Math.sqrt(n);
      for (let i = 0; i < rows; i++) v[i] /= n;
    } else v.fill(0);
    cols.push(v);
    for (let i = 0; i < rows; i++) Y[i * kp + t] = v[i];
  }
  await X.write(B, Y);
}

/** out = P·M (BoundMatrix.timesSmall), on the host where the device lacks it: the same sums in the same
 *  order. */
async function timesSmall(X: BoundMatrix, P: Buf, M: Float64Array, out: Buf, upper: boolean): Promise<void> {
  if (X.timesSmall) return X.timesSmall(P, M, out, upper);
  const A = await X.read(P),
    { rows, kp } = P,
    mp = out.kp;
  const O = new Float32Array(rows * mp);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < mp; c++) {
      const end = upper ? Math.min(kp, (c & ~7) + 8) : kp;
      let acc = 0;
      for (let a = 0; a < end; a++) acc += A[i * kp + a] * M[a * mp + c];
      O[i * mp + c] = acc;
    }
  }
  await X.write(out, O);
}

/** The largest deviation of the leading l × l block of a kp × kp Gram matrix from the identity. */
function fromIdentity(G: Float64Array, kp: number, l: number): number {
  let worst = 0;
  for (let a = 0; a < l; a++)
    for (let b = 0; b < l; b++) worst = Math.max(worst, Math.abs(G[a * kp + b] - (a === b ? 1 : 0)));
  return worst;
}

/** Orthonormalize the l columns of a device buffer in place by Cholesky QR (Fukaya et al. 2014): the
 *  device's float64 Gram matrix, its Cholesky factor on the host (l × l), the columns times its inverse
 *  on the device. One pass gives a well-conditioned basis of the same span (what a power iteration
 *  needs: scikit-learn's takes LU there); `exact` repeats it (CholeskyQR2) until the Gram matrix is the
 *  identity to 1e-6 (two passes where the device sums in float64). Where the Cholesky factor is not to
 *  be trusted (choleskyInverse), or four passes do not reach the identity, Gram–Schmidt does it. */
export async function orthonormalize(
  X: BoundMatrix,
  Y: Buf,
  l: number,
  exact = false,
  along: Along = 'rows',
): Promise<void> {
  const passes = exact ? 4 : 1;
  for (let pass = 0; pass < passes; pass++) {
    const G = await X.gram(Y);
    if (pass >= 2 && fromIdentity(G, Y.kp, l) <= 1e-6) return;
    const M = choleskyInverse(G, Y.kp, l);
    if (!M) return gramSchmidt(X, Y, l, along);
    await timesSmall(X, Y, M, Y, true);
  }
  if (exact && fromIdentity(await X.gram(Y), Y.kp, l) > 1e-6) await gramSchmidt(X, Y, l, along);
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
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let r = 0; r < l; r++) {
          const arp = a[r * l + p],
            arq = a[r * l + q];
          a[r * l + p] = c * arp - s * arq;
          a[r * l + q] = s * arp + c * arq;
        }
        for (let r = 0; r < l; r++) {
          const apr = a[p * l + r],
            aqr = a[q * l + r];
          a[p * l + r] = c * apr - s * aqr;
          a[q * l + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < l; r++) {
          const vrp = v[r * l + p],
            vrq = v[r * l + q];
          v[r * l + p] = c * vrp - s * vrq;
          v[r * l + q] = s * vrp + c * vrq;
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

/** U, S and V of a truncated SVD, as randomizedSvdRows gives them. */
export interface RowsSvd {
  U: Float32Array;
  S: Float64Array;
  V: Float32Array;
}

/** The top k singular triplets of the bound X, the vectors row-major in float32 with a row stride kp
 *  (≥ k; zero past k): U rows × kp, V cols × kp, as the starting factors hold them. Y stays on the
 *  device from product to product; the host holds l × l matrices, and U and V once at the end.
 *  `use` is given them while the device's scratch still holds them (on a host device they are that
 *  scratch, valid only within the call): what it returns is returned. */
export async function randomizedSvdRows<T>(
  X: BoundMatrix,
  k: number,
  kp: number,
  rng: Random,
  use: (svd: RowsSvd) => Promise<T>,
  powerIterations = 4,
  oversample = 10,
): Promise<T> {
  const { rows, cols } = X;
  const l = Math.min(k + oversample, Math.min(allRows(X), cols));
  const lp = padRank(l);
  const undo = X.checkpoint();
  try {
    const yBuf = X.alloc(rows, lp, 'rows'),
      zBuf = X.alloc(cols, lp, 'cols');
    const omega = new Float32Array(cols * lp);
    for (let j = 0; j < cols; j++) for (let t = 0; t < l; t++) omega[j * lp + t] = rng.normal();
    await X.write(zBuf, omega);
    await X.times('rows', zBuf, yBuf);
    for (let it = 0; it < powerIterations; it++) {
      await orthonormalize(X, yBuf, l);
      await X.times('cols', yBuf, zBuf);
      await orthonormalize(X, zBuf, l, false, 'cols');
      await X.times('rows', zBuf, yBuf);
    }
    await orthonormalize(X, yBuf, l, true); // Q
    await X.times('cols', yBuf, zBuf); // Bᵀ = XᵀQ, cols × l
    const BBt = await X.gram(zBuf);
    const small = new Float64Array(l * l);
    for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) small[a * l + b] = BBt[a * lp + b];
    const { values, vectors } = symmetricEigen(small, l);
    const S = new Float64Array(k);
    // U = Q·E and V = Bᵀ·E·S⁻¹ (a zero singular value gives a zero v), E's columns the eigenvectors
    const E = new Float64Array(lp * kp),
      Es = new Float64Array(lp * kp);
    for (let t = 0; t < k; t++) {
      const s = Math.sqrt(Math.max(values[t], 0));
      S[t] = s;
      for (let a = 0; a < l; a++) {
        E[a * kp + t] = vectors[t][a];
        Es[a * kp + t] = s > 0 ? vectors[t][a] / s : 0;
      }
    }
    const uBuf = X.alloc(rows, kp, 'rows'),
      vBuf = X.alloc(cols, kp, 'cols');
    await timesSmall(X, yBuf, E, uBuf, false);
    await timesSmall(X, zBuf, Es, vBuf, false);
    const U = await valuesOf(X, uBuf),
      V = await valuesOf(X, vBuf);
    // Fix the signs (as scikit-learn's svd_flip): each column's largest |u| entry positive, so a seed fixes U.
    const big = new Float64Array(k);
    for (let i = 0; i < rows; i++)
      for (let t = 0; t < k; t++) {
        const u = U[i * kp + t];
        if (Math.abs(u) > Math.abs(big[t])) big[t] = u;
      }
    const flip = Array.from(await largestOverRows(X, big), (b) => b < 0);
    if (flip.some(Boolean)) {
      const negate = (P: Float32Array, n: number) => {
        for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) if (flip[t]) P[i * kp + t] = -P[i * kp + t];
      };
      negate(U, rows);
      negate(V, cols);
    }
    return await use({ U, S, V }); // before undo() frees them
  } finally {
    undo();
  }
}

/** A device buffer's values: its own memory on a host device (a rows × kp copy is the init's peak:
 *  224 MB at 1M rows and k = 50), a copy read from the device otherwise. */
const valuesOf = async (X: BoundMatrix, P: Buf): Promise<Float32Array> => (P instanceof HostBuf ? P.view : X.read(P));

/** Each column's entry of largest magnitude over every block of rows (the first of equals in row order,
 *  as one block's own loop finds it), given this block's. */
async function largestOverRows(X: BoundMatrix, big: Float64Array): Promise<Float64Array> {
  if (!X.shard || X.shard.comm.size === 1) return big;
  const all = await X.shard.comm.allGather(big),
    k = big.length,
    out = new Float64Array(k);
  for (let r = 0; r < X.shard.comm.size; r++)
    for (let t = 0; t < k; t++) if (Math.abs(all[r * k + t]) > Math.abs(out[t])) out[t] = all[r * k + t];
  return out;
}

/** The top k singular triplets of the bound X, one array per vector. */
export async function randomizedSvd(
  X: BoundMatrix,
  k: number,
  rng: Random,
  powerIterations = 4,
  oversample = 10,
): Promise<TruncatedSvd> {
  const kp = padRank(k);
  const column = (P: Float32Array, n: number, t: number) => Float64Array.from({ length: n }, (_, i) => P[i * kp + t]);
  return randomizedSvdRows(
    X,
    k,
    kp,
    rng,
    async ({ U, S, V }) => ({
      U: Array.from({ length: k }, (_, t) => column(U, X.rows, t)),
      S,
      V: Array.from({ length: k }, (_, t) => column(V, X.cols, t)),
    }),
    powerIterations,
    oversample,
  );
}
