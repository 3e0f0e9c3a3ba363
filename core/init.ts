// Starting factors, as scikit-learn's _initialize_nmf: `random` scales |N(0, 1)| to the data's mean;
// `nndsvd` (Boutsidis & Gallopoulos 2008) takes the positive parts of the leading singular vectors;
// `nndsvda` fills nndsvd's zeros with the data's mean, which helps methods that cannot leave zero (mu).
import type { BoundMatrix } from './backends/backend.js';
import type { Init } from './options.js';
import type { Random } from './random.js';
import { randomizedSvd } from './svd.js';

/** W (rows × kp) and Hᵀ (cols × kp) on the host, computed once per run and then written to the device;
 *  into `W` and `Ht` when given (zeroed: a host device's own buffers, which then need no copy). */
export async function initialize(X: BoundMatrix, init: Init, k: number, kp: number, mean: number, rng: Random,
  W: Float32Array = new Float32Array(X.rows * kp), Ht: Float32Array = new Float32Array(X.cols * kp)): Promise<{ W: Float32Array; Ht: Float32Array }> {
  const { rows, cols } = X;
  if (init === 'random') {
    const avg = Math.sqrt(mean / k);
    for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) Ht[j * kp + t] = avg * Math.abs(rng.normal());
    for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) W[i * kp + t] = avg * Math.abs(rng.normal());
    return { W, Ht };
  }
  const { U, S, V } = await randomizedSvd(X, k, rng);
  for (let t = 0; t < k; t++) {
    const x = U[t], y = V[t];
    let u: (i: number) => number, v: (j: number) => number, scale: number;
    if (t === 0) {
      scale = Math.sqrt(S[0]);
      u = (i) => Math.abs(x[i]); v = (j) => Math.abs(y[j]);
    } else {
      const norms = (a: Float64Array, sign: 1 | -1) => Math.sqrt(a.reduce((s, e) => (sign * e > 0 ? s + e * e : s), 0));
      const xp = norms(x, 1), xn = norms(x, -1), yp = norms(y, 1), yn = norms(y, -1);
      const positive = xp * yp >= xn * yn;
      const [nx, ny, sigma, sign] = positive ? [xp, yp, xp * yp, 1] : [xn, yn, xn * yn, -1];
      scale = Math.sqrt(S[t] * sigma);
      u = (i) => (nx > 0 ? Math.max(sign * x[i], 0) / nx : 0);
      v = (j) => (ny > 0 ? Math.max(sign * y[j], 0) / ny : 0);
    }
    for (let i = 0; i < rows; i++) W[i * kp + t] = scale * u(i);
    for (let j = 0; j < cols; j++) Ht[j * kp + t] = scale * v(j);
  }
  const eps = 1e-6;
  const fill = init === 'nndsvda' ? mean : 0;
  const clean = (P: Float32Array, n: number) => {
    for (let i = 0; i < n; i++) for (let t = i * kp, e = t + k; t < e; t++) if (P[t] < eps) P[t] = fill;
  };
  clean(W, rows);
  clean(Ht, cols);
  return { W, Ht };
}
