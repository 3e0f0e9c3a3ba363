import test from 'ava';
import type { FactorizeOptions, Matrix } from '../../core/index.js';
import { dense, factorize, LatentError, releaseBackends, toCsr } from '../../core/index.js';
import { noisy } from '../helpers.js';

test.after.always(releaseBackends);

const X = noisy(6, 5);

async function fails(
  t: import('ava').ExecutionContext,
  M: Matrix,
  o: FactorizeOptions,
  kind: 'usage' | 'data',
  words: RegExp,
) {
  const e = await t.throwsAsync(() => factorize(M, o), { instanceOf: LatentError });
  t.is(e!.kind, kind);
  t.regex(e!.message, words);
}

test('NaN and Inf in X name their position', async (t) => {
  const M = dense(6, 5, X.data.slice());
  M.data[7] = NaN;
  await fails(t, M, { k: 2 }, 'data', /NaN at row 2, column 3/);
  M.data[7] = Infinity;
  await fails(t, toCsr(M), { k: 2 }, 'data', /Infinity at row 2, column 3/);
});

test('a negative entry with a nonnegative method names the first one', async (t) => {
  const M = dense(6, 5, X.data.slice());
  M.data[11] = -0.5;
  M.data[20] = -2;
  await fails(t, M, { k: 2 }, 'data', /negative value -0\.5 at row 3, column 2: method hals/);
  await fails(t, toCsr(M), { k: 2, method: 'mu' }, 'data', /row 3, column 2: method mu/);
  await fails(t, M, { k: 2, method: 'gd', nonnegative: false, loss: 'kl' }, 'data', /KL loss needs X ≥ 0/);
});

test('k out of range', async (t) => {
  await fails(t, X, { k: 0 }, 'usage', /k is 0: .*1 to min\(rows, columns\) = 5/);
  await fails(t, X, { k: 6 }, 'usage', /k is 6/);
  await fails(t, X, { k: 2.5 }, 'usage', /k is 2\.5/);
});

test('an empty matrix', async (t) => {
  await fails(t, dense(0, 4), { k: 1 }, 'data', /empty \(0 × 4\)/);
});

test('unknown method, loss, init or device', async (t) => {
  await fails(t, X, { k: 2, method: 'als' as never }, 'usage', /unknown method "als": choose one of hals, mu, gd/);
  await fails(t, X, { k: 2, loss: 'l1' as never }, 'usage', /unknown loss "l1"/);
  await fails(t, X, { k: 2, init: 'svd' as never }, 'usage', /unknown init "svd"/);
  await fails(t, X, { k: 2, device: 'tpu' as never }, 'usage', /unknown device "tpu"/);
  await fails(t, X, { k: 2, method: 'hals', loss: 'kl' }, 'usage', /hals minimizes the Frobenius loss only/);
});

test('an unavailable device names what was found', async (t) => {
  await fails(
    t,
    X,
    { k: 2, device: 'headlessgl' },
    'usage',
    /device headlessgl is not available: .*available here: .*webasm/,
  );
});

test('tol, learning rate and other numbers out of range', async (t) => {
  await fails(t, X, { k: 2, tol: -1 }, 'usage', /tol is -1: it must be in \[0, 1\)/);
  await fails(t, X, { k: 2, tol: 1 }, 'usage', /tol is 1/);
  await fails(t, X, { k: 2, method: 'gd', lr: 0 }, 'usage', /lr is 0: it must be a number > 0/);
  await fails(t, X, { k: 2, method: 'gd', lrDecay: 1.5 }, 'usage', /lr-decay is 1\.5/);
  await fails(t, X, { k: 2, maxIter: 0 }, 'usage', /max-iter is 0/);
  await fails(t, X, { k: 2, restarts: 0 }, 'usage', /restarts is 0/);
  await fails(t, X, { k: 2, l1W: -1 }, 'usage', /l1-w is -1/);
  await fails(t, X, { k: 2, timeLimit: 0 }, 'usage', /time-limit is 0/);
});

test('X too small for float32 products (1e-25, subnormal) is refused, not fitted to W·H = 0', async (t) => {
  for (const scale of [1e-25, 1e-40]) {
    const tiny = dense(
      6,
      5,
      X.data.map((v) => v * scale),
    );
    const largest = Math.max(...tiny.data);
    const power = Math.ceil(-Math.log10(largest));
    for (const method of ['hals', 'mu'] as const)
      await fails(
        t,
        method === 'mu' ? toCsr(tiny) : tiny,
        { k: 2, method },
        'data',
        new RegExp(`^X's largest value is ${largest.toPrecision(3)}: .* \\(multiply it by 1e${power}\\)$`),
      );
  }
  // at 1e-15 the products are normal numbers: the fit is the unit fit, scaled (F by scale²)
  const unit = await factorize(X, { k: 2, seed: 3 });
  const small = await factorize(
    dense(
      6,
      5,
      X.data.map((v) => v * 1e-15),
    ),
    { k: 2, seed: 3 },
  );
  t.true(Math.abs(small.objective / 1e-30 / unit.objective - 1) < 1e-3, `${small.objective} vs ${unit.objective}`);
});
