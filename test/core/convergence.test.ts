// hals's stopping rule: the projected gradient's size by hand, and a fit that stops at the first check
// where it is tol times the first iteration's, not before.
import test from 'ava';
import type { Dense, Matrix } from '../../core/index.js';
import { dense, factorize, releaseBackends, toDense } from '../../core/index.js';
import { projectedGradientSize } from '../../core/convergence.js';
import { noisy } from '../helpers.js';

test.after.always(releaseBackends);

test("the projected gradient's size, by hand", (t) => {
  // P (2 × 1, padded to kp = 2), G = [[2]], XB = [5, 1]: gradients 1·2 − 5 = −3 and 0·2 − 1 = −1 (entry 0,
  // the gradient pushes it up: counts), so Σ|PG| = 3 + 1
  const P = Float32Array.of(1, 0, 0, 0),
    XB = Float32Array.of(5, 0, 1, 0),
    G = Float64Array.of(2, 0, 0, 0);
  t.is(projectedGradientSize(P, XB, G, 2, 1, 2, 0, 0), 4);
  // XB = [5, −1]: the zero entry's gradient is +1, it would go below zero: it counts 0
  t.is(projectedGradientSize(P, Float32Array.of(5, 0, -1, 0), G, 2, 1, 2, 0, 0), 3);
  // penalties: g = 1·2 + l2·1 − 5 + l1/2 = 2 + 0.5 − 5 + 1 = −1.5 for the first, 0·… − 1 + 1 = 0 for the second
  t.is(projectedGradientSize(P, XB, G, 2, 1, 2, 2, 0.5), 1.5);
  // k = 2: g_t = Σ_u P_u G_ut − XB_t with P = [1, 2], G = [[1, 0.5], [0.5, 3]], XB = [1, 1]: [1 + 1 − 1, 0.5 + 6 − 1]
  t.is(
    projectedGradientSize(Float32Array.of(1, 2), Float32Array.of(1, 1), Float64Array.of(1, 0.5, 0.5, 3), 1, 2, 2, 0, 0),
    1 + 5.5,
  );
});

/** Σ|PG| over W and H of F/2 = ½‖X − WH‖², from dense products (the definition, not the solver's path). */
function violationOf(X: Matrix, W: Dense, H: Dense): number {
  const Xd = toDense(X),
    { rows, cols } = X,
    k = W.cols;
  const Ht = dense(cols, k, new Float32Array(cols * k));
  for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) Ht.data[j * k + t] = H.data[t * cols + j];
  const gramOf = (P: Dense) => {
    const G = new Float64Array(k * k);
    for (let i = 0; i < P.rows; i++)
      for (let t = 0; t < k; t++) for (let u = 0; u < k; u++) G[t * k + u] += P.data[i * k + t] * P.data[i * k + u];
    return G;
  };
  const XHt = new Float32Array(rows * k),
    XtW = new Float32Array(cols * k);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      for (let t = 0; t < k; t++) {
        const x = Xd.data[i * cols + j];
        XHt[i * k + t] += x * Ht.data[j * k + t];
        XtW[j * k + t] += x * W.data[i * k + t];
      }
  return (
    projectedGradientSize(W.data, XHt, gramOf(Ht), rows, k, k, 0, 0) +
    projectedGradientSize(Ht.data, XtW, gramOf(W), cols, k, k, 0, 0)
  );
}

test("hals stops at the first check where Σ|PG| ≤ tol × the first iteration's, not the one before", async (t) => {
  const X = noisy(80, 60, 5),
    tol = 1e-3;
  const options = { k: 6, method: 'hals', init: 'random', seed: 2, device: 'webasm', checkEvery: 10 } as const;
  const first = await factorize(X, { ...options, maxIter: 1, tol: 0 });
  const reference = violationOf(X, first.W, first.H);
  const fit = await factorize(X, { ...options, maxIter: 5000, tol });
  t.true(fit.converged);
  t.is(fit.iterations % 10, 0);
  const end = violationOf(X, fit.W, fit.H);
  t.true(end <= tol * reference * 1.01, `${end} vs ${tol} × ${reference}`);
  const before = await factorize(X, { ...options, maxIter: fit.iterations - 10, tol: 0 });
  const earlier = violationOf(X, before.W, before.H);
  t.true(earlier > tol * reference * 0.99, `at iteration ${fit.iterations - 10}: ${earlier} vs ${tol} × ${reference}`);
  // the same options stop where they stopped: the rule is deterministic
  t.is((await factorize(X, { ...options, maxIter: 5000, tol })).iterations, fit.iterations);
});

test('a start already optimal (nndsvda at k = 1) converges at a check, not at --max-iter', async (t) => {
  // at k = 1 nndsvda's start is the leading singular pair, so the first gradient is already float32
  // noise and Σ|PG| never falls by tol against it; F has stopped moving, and the run says converged
  const X = noisy(120, 40, 7);
  const options = { k: 1, method: 'hals', init: 'nndsvda', device: 'webasm', checkEvery: 10 } as const;
  const fit = await factorize(X, { ...options, maxIter: 200, tol: 1e-4 });
  t.true(fit.converged);
  t.true(fit.iterations < 200, `${fit.iterations} iterations`);
  const long = await factorize(X, { ...options, maxIter: 200, tol: 0 });
  t.true(Math.abs(fit.objective - long.objective) <= 1e-6 * long.objective, `${fit.objective} vs ${long.objective}`);
});

test('webasm sums Σ|PG| on its threads as the host does: zeros, penalties, k short of its padding', async (t) => {
  const { getBackend } = await import('../../core/index.js');
  const rows = 1500, // several of the fixed parts the kernel sums apart
    k = 7,
    kp = 8;
  const X = noisy(rows, 9, 3);
  const b = await (await getBackend('webasm')).bind(X);
  try {
    let seed = 5;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const P = new Float32Array(rows * kp),
      XB = new Float32Array(rows * kp);
    for (let i = 0; i < rows; i++)
      for (let c = 0; c < k; c++) {
        P[i * kp + c] = random() < 0.6 ? 0 : random(); // a factor mostly zero, as NMF's are
        XB[i * kp + c] = 2 * random() - 0.5;
      }
    const G = new Float64Array(kp * kp);
    for (let c = 0; c < k; c++)
      for (let u = 0; u <= c; u++) G[c * kp + u] = G[u * kp + c] = c === u ? 1 + random() : random();
    const Pb = b.alloc(rows, kp),
      XBb = b.alloc(rows, kp);
    await b.write(Pb, P);
    await b.write(XBb, XB);
    for (const [l1, l2] of [
      [0, 0],
      [0.3, 0.1],
    ]) {
      const host = projectedGradientSize(P, XB, G, rows, k, kp, l1, l2);
      const device = await b.gradientSize!(Pb, XBb, G, k, l1 / 2, l2);
      t.true(Math.abs(device - host) <= 1e-5 * host, `l1 ${l1}, l2 ${l2}: ${device} against ${host}`);
    }
  } finally {
    b.dispose();
  }
});

test("webasm's check of a fused W half, X·Q made a block at a time, is the check over X·Q stored whole", async (t) => {
  const { getBackend, toCsr } = await import('../../core/index.js');
  const k = 5,
    kp = 8;
  const dense = noisy(700, 90, 4);
  for (let q = 0; q < dense.data.length; q += 3) dense.data[q] = 0;
  for (const X of [dense, toCsr(dense)]) {
    const b = await (await getBackend('webasm')).bind(X);
    try {
      const P = b.alloc(X.rows, kp),
        Q = b.alloc(X.cols, kp),
        XQ = b.alloc(X.rows, kp);
      const values = (n: number, seed: number) => {
        const v = new Float32Array(n * kp);
        for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) v[i * kp + c] = ((i * 7 + c * 5 + seed) % 11) / 11;
        return v;
      };
      await b.write(P, values(X.rows, 1));
      await b.write(Q, values(X.cols, 2));
      const G = await b.gram(Q);
      await b.times('rows', Q, XQ);
      const whole = await b.gradientSize!(P, XQ, G, k, 0.05, 0.1);
      t.is(await b.gradientSizeOfRows!(P, Q, G, k, 0.05, 0.1), whole, X.kind);
    } finally {
      b.dispose();
    }
  }
});
