// Every operation on every device present gives the same numbers as gpu.js's cpu mode, the reference.
import test from 'ava';
import type { Backend, BoundMatrix, Matrix } from '../../core/index.js';
import { factorize, getBackend, probeDevices, releaseBackends, toCsr } from '../../core/index.js';
import { maxAbsDiff, noisy } from '../helpers.js';

test.after.always(releaseBackends);

const X = noisy(70, 45, 21);
for (let q = 0; q < X.data.length; q++) if (q % 3 === 0) X.data[q] = 0;
const k = 6, kp = 8;

/** A factor buffer with k columns of values and zero padding. */
function factor(bound: BoundMatrix, rows: number, seed: number): Float32Array {
  const P = bound.alloc(rows, kp);
  for (let i = 0; i < rows; i++) for (let t = 0; t < k; t++) P[i * kp + t] = 0.1 + ((i * 7 + t * 13 + seed) % 17) / 17;
  return P;
}

async function everyOp(backend: Backend, M: Matrix) {
  const b = await backend.bind(M);
  const W = factor(b, M.rows, 1), Ht = factor(b, M.cols, 2), S = factor(b, kp, 3);
  const XHt = b.alloc(M.rows, kp), XtW = b.alloc(M.cols, kp), KL = b.alloc(M.rows, kp), WS = b.alloc(M.rows, kp);
  await b.times('rows', Ht, kp, XHt);
  await b.times('cols', W, kp, XtW);
  const loss = await b.klTimes('rows', W, Ht, kp, KL);
  const gram = await b.gram(W, M.rows, kp);
  await b.timesSmall(W, M.rows, S, k, kp, WS);
  const halsed = W.slice();
  const G = b.alloc(kp, kp);
  for (let i = 0; i < kp * kp; i++) G[i] = gram[i] / M.rows;
  const P = b.alloc(M.rows, kp);
  P.set(W);
  await b.hals(P, XHt, G, M.rows, k, kp, 0.1);
  halsed.set(P);
  const out = { XHt: XHt.slice(), XtW: XtW.slice(), KL: KL.slice(), loss, gram, WS: WS.slice(), halsed };
  b.dispose();
  return out;
}

test('webasm and cpu devices agree on every operation, dense and sparse', async (t) => {
  const found = await probeDevices();
  t.log(found.map((d) => `${d.device}: ${d.available ? d.detail : `not available (${d.detail})`}`).join('\n'));
  const reference = await getBackend('cpu');
  const devices = found.filter((d) => d.available && d.device !== 'cpu').map((d) => d.device);
  t.true(devices.includes('webasm'));
  for (const device of devices) {
    const backend = await getBackend(device);
    for (const M of [X, toCsr(X)]) {
      const want = await everyOp(reference, M), got = await everyOp(backend, M);
      for (const key of ['XHt', 'XtW', 'KL', 'WS', 'halsed', 'gram'] as const) {
        const scale = Math.max(...Array.from(want[key] as ArrayLike<number>, Math.abs));
        t.true(maxAbsDiff(want[key] as ArrayLike<number>, got[key] as ArrayLike<number>) <= 2e-5 * scale, `${device} ${M.kind} ${key}`);
      }
      t.true(Math.abs(want.loss - got.loss) <= 1e-5 * Math.abs(want.loss), `${device} ${M.kind} loss`);
    }
  }
});

test('a whole factorization on webasm and on cpu gives the same result', async (t) => {
  for (const [method, loss] of [['hals', 'frobenius'], ['mu', 'kl']] as const) {
    const a = await factorize(X, { k: 4, method, loss, maxIter: 20, device: 'cpu' });
    const b = await factorize(X, { k: 4, method, loss, maxIter: 20, device: 'webasm' });
    t.is(a.device, 'cpu');
    t.is(b.device, 'webasm');
    t.true(Math.abs(a.objective - b.objective) <= 1e-4 * a.objective, `${method}: ${a.objective} vs ${b.objective}`);
  }
});

test('the same seed gives the same result twice, bit for bit', async (t) => {
  for (const init of ['random', 'nndsvda'] as const) {
    const run = () => factorize(toCsr(X), { k: 5, init, seed: 42, maxIter: 30, device: 'webasm' });
    const a = await run(), b = await run();
    t.deepEqual(a.W.data, b.W.data);
    t.deepEqual(a.H.data, b.H.data);
    t.is(a.objective, b.objective);
  }
});

test('a GPU device runs when an adapter answers', async (t) => {
  const webgpu = (await probeDevices()).find((d) => d.device === 'webgpu')!;
  if (!webgpu.available) { t.log(`skipped: ${webgpu.detail}`); t.pass(); return; }
  const a = await factorize(X, { k: 4, maxIter: 20, device: 'webgpu' });
  const b = await factorize(X, { k: 4, maxIter: 20, device: 'webasm' });
  t.true(Math.abs(a.objective - b.objective) <= 1e-3 * b.objective);
});

test('the self-test that guards GPU devices passes on every CPU device and catches a wrong kernel', async (t) => {
  const { selfTest } = await import('../../core/backends/selftest.js');
  for (const device of ['webasm', 'cpu'] as const) t.is(await selfTest(await getBackend(device)), null, device);
  const good = await getBackend('webasm');
  const broken: Backend = {
    device: 'webgpu', description: 'a driver that adds one',
    bind: async (M) => {
      const b = await good.bind(M);
      return Object.assign(Object.create(b), { times: async (side: 'rows' | 'cols', B: Float32Array, kp: number, out: Float32Array) => { await b.times(side, B, kp, out); out[0] += 1; } });
    },
    dispose: async () => undefined,
  };
  t.regex((await selfTest(broken))!, /X·B gave 12 /);
});

test('one thread and several give the same bits', async (t) => {
  const { WasmBackend } = await import('../../core/backends/wasm/index.js');
  const one = await WasmBackend.create(1), three = await WasmBackend.create(3);
  const big = noisy(1500, 40, 8);
  const result = async (backend: Backend) => {
    const b = await backend.bind(big);
    const W = factor(b, big.rows, 4);
    const out = b.alloc(big.cols, kp);
    await b.times('cols', W, kp, out);
    const G = await b.gram(W, big.rows, kp);
    const loss = await b.klTimes('cols', out, W, kp, b.alloc(big.cols, kp));
    b.dispose();
    return { out: Array.from(out), G: Array.from(G), loss };
  };
  t.deepEqual(await result(one), await result(three));
  await one.dispose(); await three.dispose();
});
