// Starting factors, as scikit-learn's _initialize_nmf: `random` scales |N(0, 1)| to the data's mean;
// `nndsvd` (Boutsidis & Gallopoulos 2008) takes the positive parts of the leading singular vectors;
// `nndsvda` fills nndsvd's zeros with the data's mean, which helps methods that cannot leave zero (mu).
import type { BoundMatrix } from './backends/backend.js';
import type { Init } from './options.js';
import type { Random } from './random.js';
import { sumOverRows } from './distributed/shard.js';
import { randomizedSvdRows, type RowsSvd } from './svd.js';

/** W (rows × kp) and Hᵀ (cols × kp) on the host, computed once per run and then written to the device;
 *  into `W` and `Ht` when given (zeroed: a host device's own buffers, which then need no copy). */
export async function initialize(
  X: BoundMatrix,
  init: Init,
  k: number,
  kp: number,
  mean: number,
  rng: Random,
  W: Float32Array = new Float32Array(X.rows * kp),
  Ht: Float32Array = new Float32Array(X.cols * kp),
): Promise<{ W: Float32Array; Ht: Float32Array }> {
  const { rows, cols } = X;
  if (init === 'random') {
    const avg = Math.sqrt(mean / k);
    for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) Ht[j * kp + t] = avg * Math.abs(rng.normal());
    // a block of X's rows draws what one process would for them: past the earlier blocks' draws
    for (let q = (X.shard?.firstRow ?? 0) * k; q > 0; q--) rng.normal();
    for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) W[i * kp + t] = avg * Math.abs(rng.normal());
    return { W, Ht };
  }
  // filled from U and V while they are the device's scratch (no copy of a rows × kp factor)
  await randomizedSvdRows(X, k, kp, rng, (svd) => fillFromSvd(X, svd, k, kp, W, Ht));
  const eps = 1e-6;
  const fill = init === 'nndsvda' ? mean : 0;
  const clean = (P: Float32Array, n: number) => {
    for (let i = 0; i < n; i++) for (let t = i * kp, e = t + k; t < e; t++) if (P[t] < eps) P[t] = fill;
  };
  clean(W, rows);
  clean(Ht, cols);
  return { W, Ht };
}

/** nndsvd's W and Hᵀ from the truncated SVD of X. */
async function fillFromSvd(
  X: BoundMatrix,
  { U, S, V }: RowsSvd,
  k: number,
  kp: number,
  W: Float32Array,
  Ht: Float32Array,
): Promise<void> {
  const { rows, cols } = X;
  // each column's norms of its positive and negative parts, in float64 over the rows in order
  const norms = async (P: Float32Array, n: number, overBlocks: boolean) => {
    const squares = new Float64Array(2 * k),
      pos = squares.subarray(0, k),
      neg = squares.subarray(k);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const e = P[i * kp + t];
        if (e > 0) pos[t] += e * e;
        else if (e < 0) neg[t] += e * e;
      }
    }
    if (overBlocks) await sumOverRows(X, squares); // U's rows are this block's: the norms are of all of them
    return { pos: pos.map(Math.sqrt), neg: neg.map(Math.sqrt) };
  };
  const nu = await norms(U, rows, true),
    nv = await norms(V, cols, false);
  // per column: W[:, t] = a·max(sign·u, 0) (|u| for t = 0), Hᵀ likewise from v
  const sign = new Float64Array(k),
    a = new Float64Array(k),
    b = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    if (t === 0) {
      sign[0] = 0;
      a[0] = b[0] = Math.sqrt(S[0]);
      continue;
    }
    const xp = nu.pos[t],
      xn = nu.neg[t],
      yp = nv.pos[t],
      yn = nv.neg[t];
    const positive = xp * yp >= xn * yn;
    const [nx, ny, sigma] = positive ? [xp, yp, xp * yp] : [xn, yn, xn * yn];
    const scale = Math.sqrt(S[t] * sigma);
    sign[t] = positive ? 1 : -1;
    a[t] = nx > 0 ? scale / nx : 0;
    b[t] = ny > 0 ? scale / ny : 0;
  }
  const fillFrom = (P: Float32Array, out: Float32Array, n: number, c: Float64Array) => {
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const e = P[i * kp + t];
        out[i * kp + t] = sign[t] === 0 ? c[t] * Math.abs(e) : c[t] * Math.max(sign[t] * e, 0);
      }
    }
  };
  fillFrom(U, W, rows, a);
  fillFrom(V, Ht, cols, b);
}
