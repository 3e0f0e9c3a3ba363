// The webgpu device's WGSL kernels (products with X and Xᵀ, Gram matrices) give the numbers of the
// gpu.js kernels they replaced, run on the same device, and of webasm: dense and CSR X, odd shapes,
// widths that are no multiple of a tile; and past gpu.js's float32 index limits, where gpu.js could not.
// They run where a WebGPU adapter answers (in CI: Mesa's llvmpipe with LATENT_WEBGPU_SOFTWARE=1);
// elsewhere each test says why it skipped.
import test from 'ava';
import type { BoundMatrix, Buf, Matrix } from '../../core/index.js';
import { csr, factorize, getBackend, probeDevices, Random, releaseBackends, toCsr } from '../../core/index.js';
import type { GpuJsBackend } from '../../core/backends/gpujs/index.js';
import { EXACT } from '../../core/backends/gpujs/limits.js';
import { maxAbsDiff, noisy, pieces } from '../helpers.js';

test.after.always(releaseBackends);

/** The webgpu backend, or null after saying why there is none. */
async function webgpu(t: { log(...a: unknown[]): void }): Promise<GpuJsBackend | null> {
  const probe = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  if (!probe.available) {
    t.log(`webgpu skipped: ${probe.detail}`);
    return null;
  }
  return (await getBackend('webgpu')) as GpuJsBackend;
}

/** rows × kp values in the first k columns, zero padding. */
function fill(rows: number, kp: number, k: number, seed: number): Float32Array {
  const P = new Float32Array(rows * kp);
  for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) P[i * kp + t] = 0.1 + ((i * 7 + t * 13 + seed) % 17) / 17;
  return P;
}

async function put(b: BoundMatrix, rows: number, kp: number, k: number, seed: number): Promise<Buf> {
  const P = b.alloc(rows, kp);
  await b.write(P, fill(rows, kp, k, seed));
  return P;
}

/** X·Hᵀ, Xᵀ·W and the Gram matrices of W and Hᵀ, at width kp (k used). */
async function products(bind: () => Promise<BoundMatrix>, M: Matrix, kp: number, k: number) {
  const b = await bind();
  try {
    const W = await put(b, M.rows, kp, k, 1),
      Ht = await put(b, M.cols, kp, k, 2);
    const XHt = b.alloc(M.rows, kp),
      XtW = b.alloc(M.cols, kp);
    await b.times('rows', Ht, XHt);
    await b.times('cols', W, XtW);
    // a second product into the same output: the kernel overwrites, it does not add
    await b.times('rows', Ht, XHt);
    return { XHt: await b.read(XHt), XtW: await b.read(XtW), WtW: await b.gram(W), HHt: await b.gram(Ht) };
  } finally {
    b.dispose();
  }
}

type Products = Awaited<ReturnType<typeof products>>;

function agree(
  t: { true(c: boolean, m?: string): void },
  want: Products,
  got: Products,
  what: string,
  tolerance = 2e-5,
) {
  for (const key of Object.keys(want) as (keyof Products)[]) {
    const w = want[key],
      g = got[key];
    let scale = 1e-30;
    for (const v of w) scale = Math.max(scale, Math.abs(v));
    t.true(
      w.length === g.length && maxAbsDiff(w, g) <= tolerance * scale,
      `${what} ${key}: off by ${maxAbsDiff(w, g)} of ${scale}`,
    );
  }
}

/** A noisy X with a third of its entries and its row 1 zero (a CSR row with nothing in it). */
function holed(rows: number, cols: number, seed: number) {
  const X = noisy(rows, cols, seed);
  for (let q = 0; q < X.data.length; q++) if (q % 3 === 0 || (rows > 1 && Math.floor(q / cols) === 1)) X.data[q] = 0;
  return X;
}

/** Each shape's products at every width, WGSL against gpu.js on the same device and against webasm. */
async function shapesAgree(
  t: { true(c: boolean, m?: string): void; log(...a: unknown[]): void; pass(): void },
  shapes: [number, number][],
  widths: [number, number][],
) {
  const gpu = await webgpu(t);
  if (!gpu) {
    t.pass();
    return;
  }
  const wasm = await getBackend('webasm');
  for (const [rows, cols] of shapes) {
    const X = holed(rows, cols, rows + cols);
    for (const M of [X, toCsr(X)]) {
      for (const [kp, k] of widths) {
        const what = `${rows}×${cols} ${M.kind} kp=${kp}`;
        const got = await products(() => gpu.bind(M), M, kp, k);
        agree(t, await products(() => gpu.bind(M, true), M, kp, k), got, `${what} vs gpu.js`);
        agree(t, await products(() => wasm.bind(M), M, kp, k), got, `${what} vs webasm`);
      }
    }
  }
}

// widths (padded ranks are multiples of 4): below, across and past the 32-wide tile and 8-wide Gram tile
const widths: [number, number][] = [
  [4, 3],
  [12, 10],
  [36, 33],
  [68, 68],
  [100, 97],
];

// serial: each test ends well inside ava's timeout, even on llvmpipe with the suite's other files running
test.serial(
  'WGSL products and Gram matrices agree with the gpu.js kernels on webgpu and with webasm: odd ' +
    'shapes, widths off the tiles',
  async (t) => {
    // one entry; rows and columns off the 32-row tiles and 16-deep slices; few rows and many columns
    await shapesAgree(
      t,
      [
        [1, 1],
        [67, 131],
        [3, 200],
        [130, 3],
      ],
      widths,
    );
  },
);

test.serial('WGSL Gram matrices of many rows (16 parts folded from 20) agree with gpu.js and webasm', async (t) => {
  await shapesAgree(t, [[5000, 17]], widths.slice(0, 3));
});

/** A seeded sparse matrix of exactly `nnz` nonzeros, spread evenly over the rows in sorted columns. */
function sparse(rows: number, cols: number, nnz: number, seed: number): Matrix {
  const r = new Random(seed);
  const indptr = new Int32Array(rows + 1),
    indices = new Int32Array(nnz),
    data = new Float32Array(nnz);
  let q = 0;
  for (let i = 0; i < rows; i++) {
    const count = Math.floor(((i + 1) * nnz) / rows) - Math.floor((i * nnz) / rows);
    const gap = Math.floor(cols / count);
    for (let j = -1, e = q + count; q < e; q++) {
      // count gaps of at most cols / count each: the last column is below cols
      j += 1 + Math.floor(r.uniform() * gap);
      indices[q] = j;
      data[q] = 0.5 + r.uniform();
    }
    indptr[i + 1] = q;
  }
  return csr(rows, cols, indptr, indices, data);
}

/** 2²⁴ + 1000 nonzeros: the last column indices and offsets are past what float32 holds exactly. */
let past: Matrix | null = null;
const pastExact = () => (past ??= sparse(70_001, 30_011, EXACT + 1000, 5));

test.serial(
  "past gpu.js's float32 indexing: products and Gram matrices of 2²⁴ + 1000 nonzeros agree with webasm",
  async (t) => {
    const gpu = await webgpu(t);
    if (!gpu) {
      t.pass();
      return;
    }
    const big = pastExact();
    t.is(big.kind === 'csr' && big.indptr[big.rows], EXACT + 1000);
    agree(
      t,
      await products(() => getBackend('webasm').then((b) => b.bind(big)), big, 8, 5),
      await products(() => gpu.bind(big), big, 8, 5),
      'nnz 2²⁴ + 1000',
      1e-5,
    );
    // gpu.js refuses it, saying why
    await t.throwsAsync(() => gpu.bind(big, true), { message: /16777216/ });
  },
);

test.serial(
  "a fit of 2²⁴ + 1000 nonzeros on --device webgpu gives webasm's F; the KL loss there is refused in one line",
  async (t) => {
    if (!(await webgpu(t))) {
      t.pass();
      return;
    }
    const big = pastExact();
    const options = { k: 5, method: 'mu', init: 'random', seed: 3, maxIter: 3, tol: 0 } as const;
    const onWasm = await factorize(big, { ...options, device: 'webasm' }),
      onGpu = await factorize(big, { ...options, device: 'webgpu' });
    t.is(onGpu.device, 'webgpu');
    t.true(
      Math.abs(onGpu.objective - onWasm.objective) <= 1e-4 * onWasm.objective,
      `F ${onGpu.objective} on webgpu, ${onWasm.objective} on webasm`,
    );
    // the KL pass is still gpu.js's, indexed in float32: refused, not computed wrong
    const kl = await t.throwsAsync(() => factorize(big, { ...options, loss: 'kl', device: 'webgpu' }));
    t.regex(
      kl!.message,
      pieces(
        /^the matrix has 16778216 nonzeros; the webgpu device's KL pass indexes sparse data in /,
        /float32.*--loss frobenius$/,
      ),
    );
    past = null;
  },
);

test.serial(
  "past gpu.js's float32 indexing: products and Gram matrices at rows × kp over 2²⁴ agree with webasm",
  async (t) => {
    const gpu = await webgpu(t);
    if (!gpu) {
      t.pass();
      return;
    }
    // 300,000 × 60 = 1.8·10⁷
    const tall = sparse(300_000, 2_003, 1_200_000, 6);
    agree(
      t,
      await products(() => getBackend('webasm').then((b) => b.bind(tall)), tall, 60, 57),
      await products(() => gpu.bind(tall), tall, 60, 57),
      'rows × kp 1.8·10⁷',
      1e-5,
    );
  },
);

test.serial('webgpu refuses in one line what exceeds one storage buffer instead of splitting it', async (t) => {
  const gpu = await webgpu(t);
  if (!gpu) {
    t.pass();
    return;
  }
  const probe = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  t.log(probe.detail);
  // only the lengths are read before the refusal: no array of that size is made
  const limit = await (async () => {
    const b = await gpu.bind(noisy(2, 2, 1));
    try {
      const error = (() => {
        try {
          b.alloc(2 ** 31, 4);
          return null;
        } catch (e) {
          return e as Error;
        }
      })();
      t.regex(
        error!.message,
        pieces(
          /^a factor of 2147483648 rows × 4 columns takes 34359738368 bytes in one GPU buffer, over /,
          /this device's (\d+) per storage buffer/,
        ),
      );
      return Number(/over this device's (\d+)/.exec(error!.message)![1]);
    } finally {
      b.dispose();
    }
  })();
  const rows = Math.ceil(limit / 4 / 64) + 1;
  const tooDense = { kind: 'dense', rows, cols: 64, data: { length: rows * 64 } } as unknown as Matrix;
  const error = await t.throwsAsync(() => gpu.bind(tooDense));
  t.regex(
    error!.message,
    new RegExp(
      `^the dense matrix \\(${rows} × 64\\) takes ${rows * 256} bytes in one GPU buffer.*use --device webasm$`,
    ),
  );
  t.false(error!.message.includes('\n'));
  const tooSparse = {
    kind: 'csr',
    rows: 10,
    cols: 10,
    data: { length: rows * 64 },
    indices: { length: rows * 64 },
    indptr: { length: 11 },
  } as unknown as Matrix;
  await t.throwsAsync(() => gpu.bind(tooSparse), {
    message: /^the sparse matrix's values \(\d+ nonzeros\) takes \d+ bytes/,
  });
});
