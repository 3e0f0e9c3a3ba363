import test from 'ava';
import { factorize, releaseBackends } from '../../core/index.js';
import { normalizedStep } from '../../core/solvers/solver.js';
import { noisy } from '../helpers.js';

test.after.always(releaseBackends);

test('the seed\'s gd step has norm β and follows −∇', (t) => {
  const rows = 7, k = 3, kp = 4;
  const P = new Float32Array(rows * kp), grad = new Float32Array(rows * kp);
  for (let i = 0; i < rows * kp; i++) if (i % kp < k) { P[i] = Math.sin(i); grad[i] = Math.cos(3 * i); }
  const before = P.slice();
  const beta = 0.25;
  const norm = normalizedStep(P, grad, rows, k, kp, beta, false);
  let step2 = 0, along = 0;
  for (let i = 0; i < P.length; i++) { const d = P[i] - before[i]; step2 += d * d; along += d * grad[i]; }
  t.true(Math.abs(Math.sqrt(step2) - beta) < 1e-6, `step norm ${Math.sqrt(step2)}`);
  t.true(Math.abs(along + beta * norm) < 1e-5, 'the step is −β·∇/‖∇‖');
  t.true([...P].every((v, i) => i % kp < k || v === 0), 'padding stays zero');
});

test('the step projected onto P ≥ 0 leaves no negative entry', (t) => {
  const P = new Float32Array([0.1, 0.2, 0.3, 0.4]), grad = new Float32Array([1, -1, 1, -1]);
  normalizedStep(P, grad, 1, 4, 4, 1, true);
  t.deepEqual([...P].map((v) => v >= 0), [true, true, true, true]);
  t.is(P[0], 0);
});

for (const loss of ['frobenius', 'kl'] as const) {
  for (const nonnegative of [true, false]) {
    test(`gd decreases F (${loss}, nonnegative ${nonnegative})`, async (t) => {
      const X = noisy(30, 20);
      const seen: number[] = [];
      await factorize(X, { k: 3, method: 'gd', loss, lr: 0.05, lrDecay: 0.99, maxIter: 100, tol: 0, nonnegative, init: 'random', device: 'webasm' }, (p) => seen.push(p.objective));
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
