import test from 'ava';
import {
  dense,
  factorize,
  factorizeRanks,
  objective,
  releaseBackends,
  SWEEP_MAX_ITER,
  toCsr,
  transform,
} from '../../core/index.js';
import { bindsAsCsr } from '../../core/matrix.js';
import { fitBytes, shapeOf } from '../../core/memory.js';
import type { FactorizeOptions, Progress } from '../../core/index.js';
import { maxAbsDiff, noisy, planted, relativeError } from '../helpers.js';

test.after.always(releaseBackends);

for (const [method, loss, iterations] of [
  ['hals', 'frobenius', 500],
  ['mu', 'frobenius', 3000],
  ['mu', 'kl', 1000],
] as const) {
  test(`${method}/${loss} recovers an exact nonnegative low-rank X (relative error < 1e-3)`, async (t) => {
    const { X } = planted(100, 80, 4);
    const fit = await factorize(X, { k: 4, method, loss, maxIter: iterations, tol: 0, device: 'webasm' });
    t.true(relativeError(X, fit.W, fit.H) < 1e-3, `relative error ${relativeError(X, fit.W, fit.H)}`);
  });
}

const monotone = (method: 'hals' | 'mu', loss: 'frobenius' | 'kl', extra: Partial<FactorizeOptions> = {}) =>
  test(`F never increases across ${method}/${loss} iterations ${JSON.stringify(extra)}`, async (t) => {
    const X = noisy(50, 40);
    const seen: number[] = [];
    const fit = await factorize(
      X,
      { k: 6, method, loss, maxIter: 150, tol: 0, init: 'random', device: 'webasm', ...extra },
      {
        onProgress: (p: Progress) => {
          if (p.phase === 'iterate') seen.push(p.objective);
        },
      },
    );
    // one report per iteration, and (KL, whose step reports F after the W half) one more of the final F:
    // the last report is always the fit's F
    t.is(seen.length, loss === 'kl' ? 151 : 150);
    t.is(seen[seen.length - 1], fit.objective);
    // float32 kernels: allow rounding at a millionth of the starting value, nothing more
    const slack = seen[0] * 1e-6;
    for (let i = 1; i < seen.length; i++)
      t.true(seen[i] <= seen[i - 1] + slack, `iteration ${i + 1}: ${seen[i]} > ${seen[i - 1]}`);
    t.true(seen.at(-1)! < seen[0] * 0.9);
  });
monotone('hals', 'frobenius');
monotone('mu', 'frobenius');
monotone('mu', 'kl');
monotone('hals', 'frobenius', { l1W: 0.5, l2H: 0.3 });
monotone('mu', 'kl', { l1H: 0.2, l2W: 0.1 });

test('the reported objective is F recomputed from its definition for the returned factors', async (t) => {
  const X = noisy(30, 20);
  for (const loss of ['frobenius', 'kl'] as const) {
    const penalties = { l1W: 0.1, l1H: 0.2, l2W: 0.3, l2H: 0.05 };
    const fit = await factorize(X, { k: 3, loss, maxIter: 30, device: 'webasm', ...penalties });
    const direct = objective(X, fit.W, fit.H, loss, penalties);
    t.true(Math.abs(fit.objective - direct) <= 1e-4 * direct, `${loss}: ${fit.objective} vs ${direct}`);
  }
});

test('restarts return exactly the minimum of the runs they report, from seeds s, s+1, …', async (t) => {
  const X = noisy(40, 30, 11);
  const fit = await factorize(X, { k: 5, restarts: 4, seed: 10, maxIter: 40, device: 'webasm' });
  t.deepEqual(
    fit.restarts.map((r) => r.seed),
    [10, 11, 12, 13],
  );
  const min = Math.min(...fit.restarts.map((r) => r.objective));
  t.is(fit.objective, min);
  t.is(fit.restarts[fit.best].objective, min);
  t.is(fit.options.init, 'random');
  t.true(new Set(fit.restarts.map((r) => r.objective)).size > 1, 'different seeds give different runs');
});

test('L1 on W gives more zero entries than no L1, same data and seed', async (t) => {
  const X = noisy(60, 40, 5);
  const zeros = async (l1W: number) => {
    const fit = await factorize(X, { k: 8, l1W, maxIter: 100, seed: 2, device: 'webasm' });
    return fit.W.data.filter((v) => v === 0).length;
  };
  const plain = await zeros(0),
    sparse = await zeros(5);
  t.true(sparse > plain, `zeros: ${sparse} with L1, ${plain} without`);
});

test('the same matrix dense and sparse gives the same factors', async (t) => {
  const { X } = planted(40, 30, 3, 9);
  for (const [method, loss] of [
    ['hals', 'frobenius'],
    ['mu', 'kl'],
  ] as const) {
    const a = await factorize(X, { k: 3, method, loss, maxIter: 50, device: 'webasm' });
    const b = await factorize(toCsr(X), { k: 3, method, loss, maxIter: 50, device: 'webasm' });
    for (let q = 0; q < a.W.data.length; q++)
      t.true(Math.abs(a.W.data[q] - b.W.data[q]) <= 1e-3 * (1 + Math.abs(a.W.data[q])), `${method}: W[${q}]`);
    t.true(Math.abs(a.objective - b.objective) <= 1e-4 * a.objective);
  }
});

test('a dense X mostly zeros is fit as its CSR on the CPU, to the bit; the memory plan counts that CSR', async (t) => {
  // every 5th entry kept: 20 % nonzero, under SPARSE_BINDING_SHARE
  const X = noisy(60, 40, 7);
  for (let q = 0; q < X.data.length; q++) if (q % 5 !== 0) X.data[q] = 0;
  const o = { k: 3, maxIter: 30, tol: 0, device: 'webasm' } as const;
  const a = await factorize(X, o),
    b = await factorize(toCsr(X), o);
  t.deepEqual(
    [Array.from(a.W.data), Array.from(a.H.data), a.objective],
    [Array.from(b.W.data), Array.from(b.H.data), b.objective],
  );
  // the plan: no bound copy for a full dense X, the CSR and its transpose for this one (480 nonzeros:
  // 16 bytes each, 8 per row and column)
  const shape = shapeOf(X),
    full = { ...shape, nonzeros: X.rows * X.cols };
  t.deepEqual([shape.nonzeros, bindsAsCsr(60, 40, 480), bindsAsCsr(60, 40, 601)], [480, true, false]);
  t.is(fitBytes(shape, 3) - fitBytes(full, 3), 16 * 480 + 8 * 100);
});

test('a rank sweep runs its fits to SWEEP_MAX_ITER iterations unless maxIter says', async (t) => {
  const X = noisy(20, 15, 3),
    its = async (o: { maxIter?: number }) =>
      (await factorizeRanks(X, [2], { tol: 0, device: 'webasm', ...o }))[0].fit.iterations;
  t.deepEqual([await its({}), await its({ maxIter: 7 }), SWEEP_MAX_ITER], [1000, 7, 1000]);
});

test('all-zero rows and columns give finite factors, no NaN', async (t) => {
  const X = noisy(20, 15);
  for (let j = 0; j < 15; j++) X.data[3 * 15 + j] = 0;
  for (let i = 0; i < 20; i++) X.data[i * 15 + 4] = 0;
  for (const [method, loss] of [
    ['hals', 'frobenius'],
    ['mu', 'frobenius'],
    ['mu', 'kl'],
    ['gd', 'kl'],
  ] as const) {
    const fit = await factorize(X, { k: 4, method, loss, maxIter: 30, device: 'webasm' });
    t.true([...fit.W.data, ...fit.H.data].every(Number.isFinite), method);
    t.true(Number.isFinite(fit.objective));
  }
  const zero = await factorize(toCsr(dense(5, 5)), { k: 2, device: 'webasm' });
  t.is(zero.objective, 0);
  t.true([...zero.W.data, ...zero.H.data].every(Number.isFinite));
});

test('transform with H fixed recovers the W that training found', async (t) => {
  const { X } = planted(60, 40, 3, 4);
  for (const [method, loss] of [
    ['hals', 'frobenius'],
    ['mu', 'kl'],
  ] as const) {
    const fit = await factorize(X, { k: 3, method, loss, maxIter: 400, tol: 0, device: 'webasm' });
    const again = await transform(X, fit.H, { method, loss, maxIter: 400, tol: 0, device: 'webasm' });
    const scale = Math.max(...fit.W.data);
    t.true(maxAbsDiff(fit.W.data, again.W.data) < 1e-2 * scale, `${method}: ${maxAbsDiff(fit.W.data, again.W.data)}`);
    // both are near zero on exact data: compare at the scale of ‖X‖², where float32 rounding lives
    const normX2 = X.data.reduce((a, v) => a + v * v, 0);
    t.true(again.objective <= fit.objective + 1e-5 * normX2, `${method}: ${again.objective} vs ${fit.objective}`);
  }
  const one = await transform(dense(1, 40, X.data.slice(0, 40)), (await factorize(X, { k: 3, device: 'webasm' })).H, {
    device: 'webasm',
  });
  t.is(one.W.rows, 1);
});

test('factorizations started together give what they give one after the other', async (t) => {
  const a = noisy(40, 30, 1),
    b = toCsr(noisy(35, 50, 2));
  const together = await Promise.all([
    factorize(a, { k: 4, maxIter: 30, device: 'webasm' }),
    factorize(b, { k: 6, loss: 'kl', maxIter: 30, device: 'webasm' }),
  ]);
  const alone = [
    await factorize(a, { k: 4, maxIter: 30, device: 'webasm' }),
    await factorize(b, { k: 6, loss: 'kl', maxIter: 30, device: 'webasm' }),
  ];
  for (let i = 0; i < 2; i++) {
    t.deepEqual(together[i].W.data, alone[i].W.data);
    t.is(together[i].objective, alone[i].objective);
  }
});
