import test from 'ava';
import { factorize, getBackend, probeDevices, releaseBackends, toCsr } from '../../core/index.js';
import { noisy } from '../helpers.js';

test.after.always(releaseBackends);

/** ∇ = N exactly: no G, no constant, no penalty, nScale −1. */
const plainGradient = { G: null, c: new Float64Array(4), a: 0, gScale: 0, nScale: -1, l1: 0 };

test("the seed's gd step has norm β and follows −∇, on every device", async (t) => {
  const rows = 7,
    k = 3,
    kp = 4;
  const P0 = new Float32Array(rows * kp),
    grad = new Float32Array(rows * kp);
  for (let i = 0; i < rows * kp; i++)
    if (i % kp < k) {
      P0[i] = Math.sin(i);
      grad[i] = Math.cos(3 * i);
    }
  let norm2 = 0;
  for (const g of grad) norm2 += g * g;
  const devices = (await probeDevices()).filter((d) => d.available).map((d) => d.device);
  for (const device of devices) {
    const b = await (await getBackend(device)).bind(toCsr(noisy(rows, 5)));
    const P = b.alloc(rows, kp),
      N = b.alloc(rows, kp);
    await b.write(P, P0);
    await b.write(N, grad);
    const beta = 0.25;
    const norm = await b.gradientStep(P, N, plainGradient, k, beta, false);
    const after = await b.read(P);
    b.dispose();
    let step2 = 0,
      along = 0;
    for (let i = 0; i < after.length; i++) {
      const d = after[i] - P0[i];
      step2 += d * d;
      along += d * grad[i];
    }
    t.true(Math.abs(norm - Math.sqrt(norm2)) < 1e-5, `${device}: ‖∇‖ ${norm}`);
    t.true(Math.abs(Math.sqrt(step2) - beta) < 1e-6, `${device}: step norm ${Math.sqrt(step2)}`);
    t.true(Math.abs(along + beta * norm) < 1e-5, `${device}: the step is −β·∇/‖∇‖`);
    t.true(
      [...after].every((v, i) => i % kp < k || v === 0),
      `${device}: padding stays zero`,
    );
  }
});

test('the step projected onto P ≥ 0 leaves no negative entry', async (t) => {
  const b = await (await getBackend('webasm')).bind(noisy(1, 4));
  const P = b.alloc(1, 4),
    N = b.alloc(1, 4);
  await b.write(P, Float32Array.of(0.1, 0.2, 0.3, 0.4));
  await b.write(N, Float32Array.of(1, -1, 1, -1));
  await b.gradientStep(P, N, plainGradient, 4, 1, true);
  const after = await b.read(P);
  b.dispose();
  t.deepEqual(
    [...after].map((v) => v >= 0),
    [true, true, true, true],
  );
  t.is(after[0], 0);
});

for (const loss of ['frobenius', 'kl'] as const) {
  for (const nonnegative of [true, false]) {
    test(`gd decreases F (${loss}, nonnegative ${nonnegative})`, async (t) => {
      const X = noisy(30, 20);
      const seen: number[] = [];
      await factorize(
        X,
        {
          k: 3,
          method: 'gd',
          loss,
          lr: 0.05,
          lrDecay: 0.99,
          maxIter: 100,
          tol: 0,
          nonnegative,
          init: 'random',
          device: 'webasm',
        },
        {
          onProgress: (p) => {
            if (p.phase === 'iterate') seen.push(p.objective);
          },
        },
      );
      t.true(seen.at(-1)! < 0.9 * seen[0], `F from ${seen[0]} to ${seen.at(-1)}`);
    });
  }
}

test('gd without nonnegativity accepts negative data (Frobenius)', async (t) => {
  const X = noisy(10, 8);
  X.data[5] = -1;
  const fit = await factorize(X, { k: 2, method: 'gd', nonnegative: false, maxIter: 5, device: 'webasm' });
  t.true(Number.isFinite(fit.objective));
});
