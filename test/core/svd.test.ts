// The randomized SVD of the nndsvd inits: its Cholesky QR orthonormalizes an ill-conditioned basis, keeps
// dependent columns zero, and the singular values match a float64 reference; on the webasm kernels and
// on the host's product (the cpu device), with the same bits on one thread and three.
import test from 'ava';
import type { Backend, BoundMatrix, Matrix } from '../../core/index.js';
import { dense, getBackend, Random, releaseBackends, toCsr } from '../../core/index.js';
import { orthonormalize, randomizedSvd, symmetricEigen } from '../../core/svd.js';
import { noisy, planted } from '../helpers.js';

test.after.always(releaseBackends);

const devices = ['webasm', 'cpu'] as const;

/** QᵀQ in float64 from a rows × kp buffer's first l columns. */
function gramOf(Q: Float32Array, rows: number, kp: number, l: number): Float64Array {
  const G = new Float64Array(l * l);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) G[a * l + b] += Q[i * kp + a] * Q[i * kp + b];
  return G;
}

async function orthonormalized(
  backend: Backend,
  Y: Float32Array,
  rows: number,
  kp: number,
  l: number,
): Promise<Float32Array> {
  const b = await backend.bind(noisy(rows, 4));
  try {
    const buf = b.alloc(rows, kp);
    await b.write(buf, Y);
    await orthonormalize(b, buf, l, true);
    return await b.read(buf);
  } finally {
    b.dispose();
  }
}

/** Y = G·diag(σ)·Vᵀ: G Gaussian (rows × l), V a random orthogonal l × l, σ falling from 1 to 1/cond. */
function illConditioned(rows: number, l: number, kp: number, cond: number, seed: number): Float32Array {
  const r = new Random(seed);
  const V: Float64Array[] = [];
  for (let c = 0; c < l; c++) {
    const v = Float64Array.from({ length: l }, () => r.normal());
    for (const q of V) {
      let d = 0;
      for (let a = 0; a < l; a++) d += q[a] * v[a];
      for (let a = 0; a < l; a++) v[a] -= d * q[a];
    }
    const n = Math.hypot(...v);
    V.push(v.map((e) => e / n));
  }
  const sigma = Array.from({ length: l }, (_, c) => cond ** (-c / (l - 1)));
  const Y = new Float32Array(rows * kp);
  for (let i = 0; i < rows; i++) {
    const g = Array.from({ length: l }, (_, c) => r.normal() * sigma[c]);
    for (let c = 0; c < l; c++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += g[a] * V[a][c];
      Y[i * kp + c] = s;
    }
  }
  return Y;
}

test('Cholesky QR makes an ill-conditioned basis orthonormal to 1e-6 and keeps its span', async (t) => {
  const rows = 3000,
    l = 18,
    kp = 20;
  for (const cond of [1e4, 1e7]) {
    const Y = illConditioned(rows, l, kp, cond, 5);
    for (const device of devices) {
      const Q = await orthonormalized(await getBackend(device), Y, rows, kp, l);
      const G = gramOf(Q, rows, kp, l);
      let worst = 0;
      for (let a = 0; a < l; a++)
        for (let b = 0; b < l; b++) worst = Math.max(worst, Math.abs(G[a * l + b] - (a === b ? 1 : 0)));
      t.true(worst <= 1e-6, `${device}, cond ${cond}: QᵀQ is off the identity by ${worst}`);
      // the span is Y's: Y − Q·QᵀY is float32 noise
      let res = 0,
        norm = 0;
      const QtY = new Float64Array(l * l);
      for (let i = 0; i < rows; i++)
        for (let a = 0; a < l; a++) for (let c = 0; c < l; c++) QtY[a * l + c] += Q[i * kp + a] * Y[i * kp + c];
      for (let i = 0; i < rows; i++) {
        for (let c = 0; c < l; c++) {
          let s = Y[i * kp + c];
          norm += s * s;
          for (let a = 0; a < l; a++) s -= Q[i * kp + a] * QtY[a * l + c];
          res += s * s;
        }
      }
      t.true(Math.sqrt(res / norm) <= 1e-6, `${device}, cond ${cond}: Y leaves Q's span by ${Math.sqrt(res / norm)}`);
      t.true(
        Q.every((e, q) => q % kp < l || e === 0),
        'the padding stays zero',
      );
    }
  }
});

test('Cholesky QR gives zero columns for dependent ones, and an orthonormal rest', async (t) => {
  const rows = 500,
    l = 8,
    kp = 8,
    r = new Random(9);
  const Y = new Float32Array(rows * kp);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < l; c++) Y[i * kp + c] = r.normal();
    Y[i * kp + 2] = 3 * Y[i * kp + 0]; // a multiple of column 0
    Y[i * kp + 4] = 0; // zero
    Y[i * kp + 6] = Y[i * kp + 1] - 2 * Y[i * kp + 5]; // a combination of 1 and 5
  }
  const dependent = (c: number) => c === 2 || c === 4 || c === 6;
  for (const device of devices) {
    const Q = await orthonormalized(await getBackend(device), Y, rows, kp, l);
    t.true(Q.every(Number.isFinite), device);
    const G = gramOf(Q, rows, kp, l);
    for (let a = 0; a < l; a++) {
      for (let b = 0; b < l; b++) {
        if (dependent(a) || dependent(b)) continue;
        t.true(Math.abs(G[a * l + b] - (a === b ? 1 : 0)) <= 1e-6, `${device}: (QᵀQ)[${a}, ${b}] = ${G[a * l + b]}`);
      }
    }
    // a zero column stays zero everywhere; a dependent one where the Gram matrix is summed in float64
    // (webasm; gpu.js sums it in float32, whose rounding leaves the dependent columns independent)
    for (const c of device === 'webasm' ? [2, 4, 6] : [4])
      t.true(
        Q.every((e, q) => q % kp !== c || e === 0),
        `${device}: column ${c}`,
      );
  }
});

/** The singular values of X from the eigenvalues of XᵀX in float64 (Jacobi). */
function referenceValues(X: Matrix & { kind: 'dense' }): Float64Array {
  const { rows, cols, data } = X;
  const A = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < cols; a++)
      for (let b = 0; b < cols; b++) A[a * cols + b] += data[i * cols + a] * data[i * cols + b];
  return symmetricEigen(A, cols).values.map((v) => Math.sqrt(Math.max(v, 0)));
}

async function svdOn(device: string | Backend, M: Matrix, k: number, seed = 1) {
  const backend = typeof device === 'string' ? await getBackend(device as 'webasm') : device;
  const b: BoundMatrix = await backend.bind(M);
  try {
    return await randomizedSvd(b, k, new Random(seed));
  } finally {
    b.dispose();
  }
}

test('the singular values and vectors match a float64 reference', async (t) => {
  // l = k + 10 = 14 columns span all of X's 14: the randomized SVD is exact up to rounding
  const X = noisy(90, 14, 4);
  const want = referenceValues(X);
  for (const device of devices) {
    for (const M of [X, toCsr(X)]) {
      const { U, S, V } = await svdOn(device, M, 4);
      for (let t0 = 0; t0 < 4; t0++) {
        t.true(Math.abs(S[t0] - want[t0]) <= 1e-5 * want[0], `${device} ${M.kind} σ${t0} ${S[t0]} vs ${want[t0]}`);
        // X·v = σ·u, and ‖u‖ = ‖v‖ = 1
        let nu = 0,
          nv = 0,
          res = 0;
        for (let j = 0; j < X.cols; j++) nv += V[t0][j] ** 2;
        for (let i = 0; i < X.rows; i++) {
          nu += U[t0][i] ** 2;
          let s = 0;
          for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j] * V[t0][j];
          res = Math.max(res, Math.abs(s - S[t0] * U[t0][i]));
        }
        t.true(Math.abs(nu - 1) <= 1e-5 && Math.abs(nv - 1) <= 1e-5, `${device}: norms ${nu} ${nv}`);
        t.true(res <= 1e-5 * want[0], `${device}: X·v − σu = ${res}`);
      }
    }
  }
  // and on a larger planted matrix, with oversampling short of its columns: the leading values to 1e-5
  const { X: P } = planted(400, 120, 6, 3);
  const wantP = referenceValues(P);
  for (const device of devices) {
    const { S } = await svdOn(device, P, 5);
    for (let t0 = 0; t0 < 5; t0++)
      t.true(Math.abs(S[t0] - wantP[t0]) <= 1e-5 * wantP[t0], `${device} planted σ${t0} ${S[t0]} vs ${wantP[t0]}`);
  }
});

test('a rank-deficient X gives zero singular values, not NaN', async (t) => {
  const { X } = planted(60, 30, 3, 11); // rank 3
  const zero = dense(20, 10, new Float32Array(200));
  for (const device of devices) {
    const { U, S, V } = await svdOn(device, X, 6);
    t.true([...S, ...U.flatMap((u) => [...u]), ...V.flatMap((v) => [...v])].every(Number.isFinite), device);
    for (let t0 = 3; t0 < 6; t0++) t.true(S[t0] <= 1e-5 * S[0], `${device}: σ${t0} = ${S[t0]} of ${S[0]}`);
    const z = await svdOn(device, zero, 3);
    t.deepEqual([...z.S], [0, 0, 0], device);
    t.true(z.U.every((u) => u.every((e) => e === 0)) && z.V.every((v) => v.every((e) => e === 0)), device);
  }
});

test('the randomized SVD gives the same bits on one thread and three', async (t) => {
  const { WasmBackend } = await import('../../core/backends/wasm/index.js');
  const one = await WasmBackend.create(1),
    three = await WasmBackend.create(3);
  const X = toCsr(noisy(3000, 300, 6));
  for (let q = 0; q < X.data.length; q++) if (q % 3) X.data[q] = 0;
  const a = await svdOn(one, X, 12, 7),
    b = await svdOn(three, X, 12, 7);
  t.deepEqual(a.S, b.S);
  t.deepEqual(a.U, b.U);
  t.deepEqual(a.V, b.V);
  await one.dispose();
  await three.dispose();
});
