// Every operation on every device present gives the same numbers as gpu.js's cpu mode, the reference;
// webgpu included where an adapter answers (in CI: Mesa's llvmpipe, opted in with LATENT_WEBGPU_SOFTWARE).
import test from 'ava';
import type { Backend, BoundMatrix, Buf, DeviceName, Matrix } from '../../core/index.js';
import {
  factorize,
  getBackend,
  padRank,
  probeDevices,
  releaseBackends,
  resolveOptions,
  toCsr,
} from '../../core/index.js';
import { GpuJsBackend } from '../../core/backends/gpujs/index.js';
import { dataStats } from '../../core/objective.js';
import { runOnce } from '../../core/restarts.js';
import { MaskedData } from '../../core/mask.js';
import { maxAbsDiff, noisy } from '../helpers.js';

test.after.always(releaseBackends);

const X = noisy(70, 45, 21);
for (let q = 0; q < X.data.length; q++) if (q % 3 === 0) X.data[q] = 0;
const k = 6,
  kp = 8;

/** k columns of values and zero padding. */
function values(rows: number, seed: number): Float32Array {
  const P = new Float32Array(rows * kp);
  for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) P[i * kp + t] = 0.1 + ((i * 7 + t * 13 + seed) % 17) / 17;
  return P;
}

async function buffer(b: BoundMatrix, rows: number, seed: number): Promise<Buf> {
  const P = b.alloc(rows, kp);
  await b.write(P, values(rows, seed));
  return P;
}

/** Every operation of the interface once, results brought to the host. */
async function everyOp(backend: Backend, M: Matrix) {
  const b = await backend.bind(M);
  try {
    const W = await buffer(b, M.rows, 1),
      Ht = await buffer(b, M.cols, 2);
    const XHt = b.alloc(M.rows, kp),
      XtW = b.alloc(M.cols, kp),
      KL = b.alloc(M.rows, kp);
    await b.times('rows', Ht, XHt);
    await b.times('cols', W, XtW);
    const loss = await b.klTimes('rows', W, Ht, KL);
    const gram = await b.gram(W);
    const G = gram.map((v) => v / M.rows);
    const c = Float64Array.from({ length: kp }, (_, t) => 0.05 * t);
    const P = async (seed: number) => buffer(b, M.rows, seed);
    const halsed = await P(3),
      mu = await P(4),
      muKl = await P(5),
      gd = await P(6),
      gdKl = await P(7),
      halsedThrice = await P(8);
    await b.hals(halsed, XHt, G, k, 0.1);
    await b.hals(halsedThrice, XHt, G, k, 0.1, 3);
    await b.multiplicative(mu, XHt, { G, c, a: 0 }, k);
    await b.multiplicative(muKl, KL, { G: null, c: c.map((v) => v + 1), a: 0.2 }, k);
    const norm = await b.gradientStep(gd, XHt, { G, c, a: 0, gScale: 2, nScale: 2, l1: 0.3 }, k, 0.5, true);
    const normKl = await b.gradientStep(gdKl, KL, { G: null, c, a: 0.2, gScale: 0, nScale: 1, l1: 0 }, k, 0.5, false);
    const sums = await b.sums(W, k);
    const inner = await b.inner(Ht, XtW, k);
    const read = (B: Buf) => b.read(B);
    return {
      arrays: {
        XHt: await read(XHt),
        XtW: await read(XtW),
        KL: await read(KL),
        gram,
        columns: sums.columns,
        halsed: await read(halsed),
        halsedThrice: await read(halsedThrice),
        mu: await read(mu),
        muKl: await read(muKl),
        gd: await read(gd),
        gdKl: await read(gdKl),
      },
      scalars: { loss, norm, normKl, abs: sums.abs, squares: sums.squares, inner },
    };
  } finally {
    b.dispose();
  }
}

/** Devices present besides the reference, and why any is missing. */
async function devicesPresent(t: { log(...a: unknown[]): void }): Promise<DeviceName[]> {
  const found = await probeDevices();
  t.log(found.map((d) => `${d.device}: ${d.available ? d.detail : `not available (${d.detail})`}`).join('\n'));
  return found.filter((d) => d.available && d.device !== 'cpu').map((d) => d.device);
}

test('every device agrees with the cpu reference on every operation, dense and sparse', async (t) => {
  const devices = await devicesPresent(t);
  t.true(devices.includes('webasm'));
  const reference = await getBackend('cpu');
  for (const device of devices) {
    const backend = await getBackend(device);
    for (const M of [X, toCsr(X)]) {
      const want = await everyOp(reference, M),
        got = await everyOp(backend, M);
      for (const [key, w] of Object.entries(want.arrays)) {
        const g = got.arrays[key as keyof typeof want.arrays];
        const scale = Math.max(...Array.from(w as ArrayLike<number>, Math.abs));
        t.true(maxAbsDiff(w, g) <= 2e-5 * scale, `${device} ${M.kind} ${key}: off by ${maxAbsDiff(w, g)} of ${scale}`);
      }
      for (const [key, w] of Object.entries(want.scalars)) {
        const g = got.scalars[key as keyof typeof want.scalars];
        t.true(Math.abs(w - g) <= 1e-5 * Math.abs(w), `${device} ${M.kind} ${key}: ${g} instead of ${w}`);
      }
    }
  }
});

test('every gpu.js kernel compiles and runs in cpu mode and, where an adapter answers, on WebGPU', async (t) => {
  t.deepEqual(await ((await getBackend('cpu')) as GpuJsBackend).checkKernels(), []);
  const webgpu = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  if (!webgpu.available) {
    t.log(`webgpu skipped: ${webgpu.detail}`);
    return;
  }
  // a failure names the kernel whose WGSL was rejected, and why
  t.deepEqual(await ((await getBackend('webgpu')) as GpuJsBackend).checkKernels(), []);
});

const methods = [
  ['hals', 'frobenius'],
  ['mu', 'frobenius'],
  ['mu', 'kl'],
  ['gd', 'frobenius'],
  ['gd', 'kl'],
] as const;

test('a whole factorization gives the same result on every device', async (t) => {
  const devices = await devicesPresent(t);
  for (const device of devices) {
    for (const M of [X, toCsr(X)]) {
      for (const [method, loss] of methods) {
        const options = { k: 4, method, loss, maxIter: 20, lr: 0.05 } as const;
        const a = await factorize(M, { ...options, device: 'cpu' });
        const b = await factorize(M, { ...options, device });
        t.is(b.device, device);
        t.true(
          Math.abs(a.objective - b.objective) <= 1e-4 * a.objective,
          `${device} ${M.kind} ${method}/${loss}: ${b.objective} vs ${a.objective}`,
        );
      }
    }
  }
});

test('the same seed gives the same result twice, bit for bit', async (t) => {
  for (const device of await devicesPresent(t)) {
    for (const init of ['random', 'nndsvda'] as const) {
      const run = () => factorize(toCsr(X), { k: 5, init, seed: 42, maxIter: 30, device });
      const a = await run(),
        b = await run();
      t.deepEqual(a.W.data, b.W.data, device);
      t.deepEqual(a.H.data, b.H.data, device);
      t.is(a.objective, b.objective);
    }
  }
});

/** Bytes one iteration moves: two runs of different lengths on a fresh bind, the difference. */
async function bytesPerIteration(backend: Backend, M: Matrix, method: 'hals' | 'mu', loss: 'frobenius' | 'kl') {
  const per = async (maxIter: number) => {
    const o = resolveOptions(M, { k: 8, method, loss, maxIter, tol: 0, init: 'random', device: backend.device });
    const b = await backend.bind(M);
    try {
      await runOnce(b, o, dataStats(M), 0, 1);
      return b.transfers();
    } finally {
      b.dispose();
    }
  };
  const [a, c] = [await per(2), await per(7)];
  return { up: (c.up - a.up) / 5, down: (c.down - a.down) / 5 };
}

test('on webgpu the factors stay on the device: bytes moved per iteration do not grow with n·m', async (t) => {
  const webgpu = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  if (!webgpu.available) {
    t.log(`skipped: ${webgpu.detail}`);
    t.pass();
    return;
  }
  const backend = await getBackend('webgpu');
  const small = noisy(60, 40, 2),
    large = noisy(480, 320, 3); // 64 times the entries
  for (const [method, loss] of [
    ['hals', 'frobenius'],
    ['mu', 'frobenius'],
    ['mu', 'kl'],
  ] as const) {
    for (const [a, b] of [
      [small, large],
      [toCsr(small), toCsr(large)],
    ]) {
      const s = await bytesPerIteration(backend, a, method, loss),
        l = await bytesPerIteration(backend, b, method, loss);
      t.log(
        `${method}/${loss} ${a.kind}: ${a.rows}×${a.cols} up ${s.up} B, down ` +
          `${s.down} B per iteration; ${b.rows}×${b.cols} up ${l.up} B, down ${l.down} B`,
      );
      t.deepEqual(l, s, `${method}/${loss} ${a.kind}`);
      // O(k²) partial sums come down, less than one factor (W) of the large problem
      t.true(l.down < b.rows * padRank(8) * 4, `${method}/${loss}: ${l.down} bytes down`);
    }
  }
  // and the uploads of X happen once: a fit's total is X's size plus the per-iteration traffic
  const fit = await factorize(large, { k: 8, maxIter: 3, tol: 0, device: 'webgpu' });
  t.true(fit.transfers.up >= 2 * large.data.byteLength, `X and its transpose went up: ${fit.transfers.up} bytes`);
});

test('the self-test that guards GPU devices passes on every CPU device and catches a wrong kernel', async (t) => {
  const { selfTest } = await import('../../core/backends/selftest.js');
  for (const device of ['webasm', 'cpu'] as const) t.is(await selfTest(await getBackend(device)), null, device);
  const good = await getBackend('webasm');
  const broken: Backend = {
    device: 'webgpu',
    description: 'a driver that adds one',
    bind: async (M) => {
      const b = await good.bind(M);
      return Object.assign(Object.create(b), {
        read: async (P: Buf) => {
          const v = await b.read(P);
          v[0] += 1;
          return v;
        },
      });
    },
    dispose: async () => undefined,
  };
  t.regex((await selfTest(broken))!, /X·B gave 12 /);
});

test('one thread and several give the same bits', async (t) => {
  const { WasmBackend } = await import('../../core/backends/wasm/index.js');
  const one = await WasmBackend.create(1),
    three = await WasmBackend.create(3);
  const big = noisy(1500, 40, 8);
  const result = async (backend: Backend) => {
    const b = await backend.bind(big);
    const W = await buffer(b, big.rows, 4);
    const out = b.alloc(big.cols, kp);
    await b.times('cols', W, out);
    const G = await b.gram(W);
    const loss = await b.klTimes('cols', out, W, b.alloc(big.cols, kp));
    const values = Array.from(await b.read(out));
    // a HALS sweep (rows in groups of four, one scratch per thread) and a mask's window pass (fixed parts)
    const Ht = await buffer(b, big.cols, 5),
      XHt = b.alloc(big.rows, kp);
    await b.times('rows', Ht, XHt);
    await b.hals(W, XHt, await b.gram(Ht), k, 0.1);
    const mask = new MaskedData(big, { holdout: { fraction: 0.1, seed: 3 } });
    const missing = await b.maskCorrection(mask, 'rows', W, Ht, XHt, k, 'gram');
    const halsed = Array.from(await b.read(W)),
      corrected = Array.from(await b.read(XHt));
    b.dispose();
    return { values, G: Array.from(G), loss, halsed, corrected, missing };
  };
  t.deepEqual(await result(one), await result(three));
  await one.dispose();
  await three.dispose();
});

test('webasm: hals fused with its product gives the bits of the three run apart, on 1 and 3 threads', async (t) => {
  const { WasmBackend } = await import('../../core/backends/wasm/index.js');
  const one = await WasmBackend.create(1),
    three = await WasmBackend.create(3);
  const sweeps = 3;
  const sweep = async (backend: Backend, M: Matrix, fused: boolean) => {
    const b = await backend.bind(M);
    const W = await buffer(b, M.rows, 4),
      Ht = await buffer(b, M.cols, 5),
      XtW = b.alloc(M.cols, kp);
    const G = (await b.gram(Ht)).map((v, q) => v + (q % (kp + 1) === 0 ? 0.5 : 0));
    let PtP: Float64Array;
    if (fused) PtP = await b.halsRows!(W, Ht, G, k, 0.1, XtW, null, sweeps);
    else {
      const XHt = b.alloc(M.rows, kp);
      await b.times('rows', Ht, XHt);
      // whole sweeps one after another: the numbers of the fused pass's sweeps a block at a time
      for (let s = 0; s < sweeps; s++) await b.hals(W, XHt, G, k, 0.1);
      PtP = await b.gram(W);
      await b.times('cols', W, XtW);
    }
    const result = { W: Array.from(await b.read(W)), PtP: Array.from(PtP), XtW: Array.from(await b.read(XtW)) };
    b.dispose();
    return result;
  };
  // 1500 rows: 5 Gram parts of 300, each 4 blocks of 64 rows and one of 44, taken a part at a time;
  // 4100 rows: 16 parts, taken in seven groups of two parts and two of one
  for (const rows of [1500, 4100]) {
    const big = noisy(rows, 40, 8);
    for (let q = 0; q < big.data.length; q += 3) big.data[q] = 0;
    for (const M of [big, toCsr(big)]) {
      const apart = await sweep(one, M, false);
      t.true(
        apart.W.some((v, q) => v === 0 && q % kp < k),
        'the sweep clipped some entries at 0',
      );
      const fused = await sweep(one, M, true);
      t.deepEqual(fused.W, apart.W, `${rows} ${M.kind}: W`);
      t.deepEqual(fused.PtP, apart.PtP, `${rows} ${M.kind}: WᵀW`);
      // a dense X's XᵀW comes from the pass itself, summed by groups of the rows: the same up to
      // float32 rounding of sums over all the rows
      const scale = Math.max(...apart.XtW);
      t.true(
        maxAbsDiff(fused.XtW, apart.XtW) <= 1e-5 * scale,
        `${rows} ${M.kind}: XᵀW off by ${maxAbsDiff(fused.XtW, apart.XtW)} of ${scale}`,
      );
      t.deepEqual(await sweep(three, M, true), fused, `${rows} ${M.kind}, three threads`);
    }
  }
  await one.dispose();
  await three.dispose();
});

test('auto takes no GPU for a small problem, never a software adapter, none the problem does not fit', async (t) => {
  const { autoDevice } = await import('../../core/index.js');
  const { gpuFits } = await import('../../core/backends/gpujs/index.js');
  t.is(await autoDevice(0), 'webasm');
  const webgpu = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  if (webgpu.adapter?.software) t.not(await autoDevice(), 'webgpu', 'a software adapter, opted in or not');
  // float32 holds CSR offsets and indices exactly below 2²⁴; a 2-D dispatch reaches 524,280 rows
  const sparse = (nnz: number, rows = 100, cols = 100) =>
    ({ kind: 'csr', rows, cols, data: { length: nnz } }) as unknown as Matrix;
  t.true(gpuFits(sparse(1000), 8));
  t.false(gpuFits(sparse(2 ** 24), 8));
  t.false(gpuFits(sparse(1000, 10, 2 ** 21), 8), 'columns × kp past 2²⁴');
  t.false(gpuFits({ kind: 'dense', rows: 600_000, cols: 10, data: { length: 6e6 } } as unknown as Matrix, 8));
  // the products and Gram matrices index in u32 (WGSL): past 2²⁴ only the sparse KL pass is refused
  t.true(gpuFits(sparse(2 ** 24 + 1000), 8, 'frobenius'));
  t.true(gpuFits(sparse(1000, 10, 300_000), 64, 'frobenius'), 'columns × kp past 2²⁴');
  t.false(gpuFits(sparse(1000, 10, 300_000), 64, 'kl'));
  t.false(gpuFits(sparse(2 ** 24 + 1000), 8, 'kl'));
  t.false(gpuFits(sparse(1000, 10, 600_000), 8, 'frobenius'), 'gpu.js still dispatches the updates');
});

test("webasm: a dense X's columns' side, read in place by blocks of rows, is its transpose's rows' side", async (t) => {
  const { transpose } = await import('../../core/matrix.js');
  const backend = await getBackend('webasm');
  // 2100 rows: two blocks of the KL pass (4e6 values of Y at 2000 columns), 33 of the product's at kp = 20
  const X = noisy(2100, 2000, 9),
    Xt = transpose(X),
    kw = 20;
  const fill = (rows: number, seed: number) =>
    Float32Array.from({ length: rows * kw }, (_, q) => 0.1 + ((q * 7 + seed) % 13) / 13);
  const side = async (M: Matrix, s: 'rows' | 'cols') => {
    const b = await backend.bind(M);
    try {
      const [Wr, Hr] = s === 'cols' ? [M.rows, M.cols] : [M.cols, M.rows];
      const W = b.alloc(Wr, kw),
        Ht = b.alloc(Hr, kw),
        prod = b.alloc(Hr, kw),
        kl = b.alloc(Hr, kw);
      await b.write(W, fill(Wr, 1));
      await b.write(Ht, fill(Hr, 2));
      await b.times(s, W, prod);
      const loss = await b.klTimes(s, Ht, W, kl);
      return { prod: await b.read(prod), kl: await b.read(kl), loss };
    } finally {
      b.dispose();
    }
  };
  const inPlace = await side(X, 'cols'),
    ofTranspose = await side(Xt, 'rows');
  t.deepEqual(inPlace.prod, ofTranspose.prod);
  t.deepEqual(inPlace.kl, ofTranspose.kl);
  t.true(Math.abs(inPlace.loss - ofTranspose.loss) <= 1e-9 * Math.abs(ofTranspose.loss));
});

test('webasm: a dense X in denseStorage is read where it is, not copied; given back, it is copied again', async (t) => {
  const { denseStorage, dense } = await import('../../core/index.js');
  const storage = await denseStorage();
  const source = noisy(300, 40, 12);
  const stored = storage.alloc(source.data.length);
  stored.set(source.data);
  const M = dense(300, 40, stored);
  const backend = await getBackend('webasm');
  const product = async (b: BoundMatrix) => {
    const Ht = await buffer(b, 40, 3),
      out = b.alloc(300, kp);
    await b.times('rows', Ht, out);
    return b.read(out);
  };
  const bound = await backend.bind(M);
  const before = await product(bound);
  stored[0] += 1; // row 0, column 0: in place, so the bound matrix sees it
  const after = await product(bound);
  bound.dispose();
  const Ht0 = values(40, 3).subarray(0, kp);
  for (let t2 = 0; t2 < kp; t2++) t.true(Math.abs(after[t2] - before[t2] - Ht0[t2]) <= 1e-5 * Math.abs(after[t2]));
  t.deepEqual(after.subarray(kp), before.subarray(kp));
  storage.free(stored);
  const copied = await backend.bind(M);
  const once = await product(copied);
  stored[0] += 1; // a copy does not see it
  t.deepEqual(await product(copied), once);
  copied.dispose();
});

test('webasm: dense products agree with a float64 reference at every rank width the tiles split', async (t) => {
  const backend = await getBackend('webasm');
  // 67 rows: blocks of three, two and one row; widths: 16-lane chunks whole (16), ending in 8 lanes (40)
  // or in one vector (50, 100), 12-lane chunks (24, 60, 72), and short ones (6, 28)
  const M = noisy(67, 131, 4);
  const b = await backend.bind(M);
  try {
    for (const kw of [6, 16, 24, 28, 40, 50, 60, 72, 100]) {
      const width = padRank(kw);
      const fill = (rows: number, seed: number) =>
        Float32Array.from({ length: rows * width }, (_, q) => (q % width < kw ? 0.1 + ((q * 7 + seed) % 13) / 13 : 0));
      const Hv = fill(M.cols, 1),
        Wv = fill(M.rows, 2);
      const Ht = b.alloc(M.cols, width),
        W = b.alloc(M.rows, width),
        XHt = b.alloc(M.rows, width),
        XtW = b.alloc(M.cols, width);
      await b.write(Ht, Hv);
      await b.write(W, Wv);
      await b.times('rows', Ht, XHt);
      await b.times('cols', W, XtW);
      const [rows, cols] = [await b.read(XHt), await b.read(XtW)];
      let worst = 0;
      for (let i = 0; i < M.rows; i++)
        for (let c = 0; c < width; c++) {
          let s = 0;
          for (let j = 0; j < M.cols; j++) s += M.data[i * M.cols + j] * Hv[j * width + c];
          worst = Math.max(worst, Math.abs(rows[i * width + c] - s) / Math.max(1, s));
        }
      for (let j = 0; j < M.cols; j++)
        for (let c = 0; c < width; c++) {
          let s = 0;
          for (let i = 0; i < M.rows; i++) s += M.data[i * M.cols + j] * Wv[i * width + c];
          worst = Math.max(worst, Math.abs(cols[j * width + c] - s) / Math.max(1, s));
        }
      t.true(worst < 1e-5, `k = ${kw}: relative error ${worst}`);
    }
  } finally {
    b.dispose();
  }
});

test('webasm: an operation that throws gives its scratch back: the next block lands where it would have', async (t) => {
  const { HostBuf, viewOf } = await import('../../core/backends/host.js');
  const b = await (await getBackend('webasm')).bind(X);
  try {
    const out = b.alloc(X.rows, kp);
    /** Where a block goes now: the first gap that fits, every released block being free again. */
    const nextBlock = () => {
      const undo = b.checkpoint();
      const at = viewOf(b.alloc(kp, kp)).byteOffset;
      undo();
      return at;
    };
    // P from outside the kernels' memory: timesSmall has copied M into its scratch when it finds that out.
    // It fails before its first await: nothing else (the other tests share the pool) runs in between.
    const foreign = new HostBuf(X.rows, kp, new Float32Array(X.rows * kp));
    const M = new Float64Array(kp * kp).fill(1);
    const before = nextBlock();
    const failed = b.timesSmall!(foreign, M, out, false);
    const after = nextBlock();
    await t.throwsAsync(failed, { message: /not allocated by this device/ });
    t.is(after, before);
  } finally {
    b.dispose();
  }
});
