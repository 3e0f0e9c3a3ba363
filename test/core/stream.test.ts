// The online fit against the batch one on planted data, and its exact final objective.
import test from 'ava';
import type { Csr } from '../../core/index.js';
import { batchesOf, csr, dense, factorize, factorizeStream, objective, Random } from '../../core/index.js';

/** rows × cols = W0·H0 with k planted sparse topics plus sparse noise, kept sparse (entries below a
 *  threshold dropped): a fit explains about three quarters of it, as of a real corpus's tf-idf. */
function planted(rows: number, cols: number, k: number, seed: number): Csr {
  const r = new Random(seed);
  const H0 = Array.from({ length: k }, () =>
    Float64Array.from({ length: cols }, () => (r.uniform() < 0.15 ? r.uniform() : 0)),
  );
  const indptr = new Int32Array(rows + 1),
    indices: number[] = [],
    data: number[] = [];
  for (let i = 0; i < rows; i++) {
    const w = Array.from({ length: k }, () => (r.uniform() < 0.3 ? r.uniform() : 0));
    for (let j = 0; j < cols; j++) {
      let v = 0;
      for (let t = 0; t < k; t++) v += w[t] * H0[t][j];
      v += r.uniform() < 0.05 ? r.uniform() : 0;
      if (v > 0.02) {
        indices.push(j);
        data.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return csr(rows, cols, indptr, Int32Array.from(indices), Float32Array.from(data));
}

const X = planted(3000, 400, 8, 11);

test("streaming reaches the batch fit's objective within 1 % on planted data, and its F is exact", async (t) => {
  const batch = await factorize(X, { k: 8, device: 'webasm', seed: 3 });
  const rows: { first: number; W: Float32Array }[] = [];
  const fit = await factorizeStream(
    batchesOf(X, 500),
    { k: 8, device: 'webasm', seed: 3, epochs: 4 },
    {
      onRows: ({ W, first }) => {
        rows.push({ first, W: W.data.slice() });
      },
    },
  );
  t.is(fit.rows, 3000);
  t.deepEqual(
    rows.map((r) => r.first),
    [0, 500, 1000, 1500, 2000, 2500],
    'rows come out in order, batch by batch',
  );
  const W = dense(3000, 8);
  for (const r of rows) W.data.set(r.W, r.first * 8);
  const exact = objective(X, W, fit.H, 'frobenius');
  t.true(
    Math.abs(fit.objective - exact) <= 1e-3 * exact,
    `the final pass's F ${fit.objective} is F of the rows it gave out, ${exact}`,
  );
  t.true(
    fit.objective <= 1.01 * batch.objective,
    `streaming F ${fit.objective} within 1 % of batch F ${batch.objective}`,
  );
  const sums = Array.from({ length: 8 }, (_, c) => W.data.reduce((s, v, q) => (q % 8 === c ? s + v : s), 0));
  sums.forEach((s, c) => t.true(Math.abs(s - fit.columnSums[c]) <= 1e-4 * Math.max(1, s)));
});

test('same seed, same streaming fit; restarts side by side keep the lowest', async (t) => {
  const a = await factorizeStream(batchesOf(X, 700), { k: 5, device: 'webasm', seed: 1, epochs: 2 });
  const b = await factorizeStream(batchesOf(X, 700), { k: 5, device: 'webasm', seed: 1, epochs: 2 });
  t.deepEqual(a.H.data, b.H.data);
  const r = await factorizeStream(batchesOf(X, 700), { k: 5, device: 'webasm', seed: 1, epochs: 2, restarts: 3 });
  t.is(r.restarts.length, 3);
  const online = r.restarts.map((x, i) => (i === r.best ? r.onlineObjective : x.objective));
  t.is(Math.min(...online), r.onlineObjective);
});

test('streaming refuses what it cannot fit, naming the flag', async (t) => {
  await t.throwsAsync(factorizeStream(batchesOf(X, 500), { k: 4, loss: 'kl' }), { message: /--stream fits by HALS/ });
  await t.throwsAsync(factorizeStream(batchesOf(X, 500), { k: 4, forget: 0 }), {
    message: /forget is 0: it must be in \(0, 1\]/,
  });
  await t.throwsAsync(factorizeStream(batchesOf(X, 500), { k: 401 }), { message: /k is 401/ });
});
