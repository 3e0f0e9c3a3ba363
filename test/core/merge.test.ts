import test from 'ava';
import {
  dense,
  mergeFactors,
  objective,
  reduceGroups,
  refitRows,
  Random,
  seedTopics,
  toCsr,
} from '../../core/index.js';

const P0 = { l1W: 0, l1H: 0, l2W: 0, l2H: 0 };

/** X = W·H exactly for random nonnegative W (n × k) and H (k × V), H's first row split in two halves of
 *  the same shape: a model of k + 1 topics whose first two are duplicates. */
function splitModel(n: number, k: number, V: number, seed: number) {
  const r = new Random(seed);
  const W = dense(
    n,
    k,
    Float32Array.from({ length: n * k }, () => (r.uniform() < 0.4 ? 0 : r.uniform())),
  );
  const H = dense(
    k,
    V,
    Float32Array.from({ length: k * V }, () => (r.uniform() < 0.5 ? 0 : r.uniform())),
  );
  const X = dense(n, V);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < V; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += W.data[i * k + t] * H.data[t * V + j];
      X.data[i * V + j] = s;
    }
  const W2 = dense(n, k + 1),
    H2 = dense(k + 1, V);
  for (let i = 0; i < n; i++) {
    W2.data[i * (k + 1)] = W.data[i * k];
    W2.data[i * (k + 1) + 1] = W.data[i * k];
    for (let t = 1; t < k; t++) W2.data[i * (k + 1) + t + 1] = W.data[i * k + t];
  }
  for (let j = 0; j < V; j++) {
    H2.data[j] = 0.5 * H.data[j];
    H2.data[V + j] = 0.5 * H.data[j];
    for (let t = 1; t < k; t++) H2.data[(t + 1) * V + j] = H.data[t * V + j];
  }
  return { X, W: W2, H: H2 };
}

test("mergeFactors sums the rows of H and keeps each document's reconstructed mass", (t) => {
  const { W, H } = splitModel(30, 4, 12, 3);
  const m = mergeFactors(W, H, [[2, 4]]);
  t.is(m.H.rows, 4);
  t.deepEqual(Array.from(m.newIndex), [0, 1, 2, 3, 2]);
  t.deepEqual(m.steps, [{ topics: [2, 4], into: 2 }]);
  for (let j = 0; j < 12; j++)
    t.true(Math.abs(m.H.data[2 * 12 + j] - (H.data[2 * 12 + j] + H.data[4 * 12 + j])) < 1e-6);
  const mass = (A: typeof W, B: typeof H, i: number) => {
    let s = 0;
    for (let t = 0; t < A.cols; t++)
      for (let j = 0; j < B.cols; j++) s += A.data[i * A.cols + t] * B.data[t * B.cols + j];
    return s;
  };
  for (let i = 0; i < 30; i++) t.true(Math.abs(mass(m.W, m.H, i) - mass(W, H, i)) < 1e-4 * Math.max(1, mass(W, H, i)));
  t.throws(() => mergeFactors(W, H, [[1, 9]]), { message: /topic 10 is not one of the model's 5/ });
  t.throws(
    () =>
      mergeFactors(W, H, [
        [0, 1],
        [1, 2],
      ]),
    { message: /topic 2 is in two merges/ },
  );
});

test('reduceGroups joins the duplicate topics first; the merged fit reconstructs X again', (t) => {
  const { X, W, H } = splitModel(40, 4, 15, 7);
  const { groups, joins } = reduceGroups(H, 4);
  t.deepEqual(groups, [[0, 1]]);
  t.true(Math.abs(joins[0].cosine - 1) < 1e-6);
  const m = mergeFactors(W, H, groups);
  const { objectives } = refitRows(toCsr(X), m.W, m.H, [0], 5, P0);
  t.true(objectives.at(-1)! < 1e-6 * objectives.length + 1e-4, `F ${objectives.at(-1)}`);
  const all = reduceGroups(H, 1);
  t.deepEqual(all.groups, [[0, 1, 2, 3, 4]]);
  t.is(all.joins.length, 4);
});

test("refitRows: F never rises, held rows stay, and F is the objective's own definition", (t) => {
  const r = new Random(11);
  const n = 50,
    V = 20,
    k = 5;
  const X = toCsr(
    dense(
      n,
      V,
      Float32Array.from({ length: n * V }, () => (r.uniform() < 0.7 ? 0 : r.uniform() * 3)),
    ),
  );
  const W = dense(
    n,
    k,
    Float32Array.from({ length: n * k }, () => r.uniform()),
  );
  const H = dense(
    k,
    V,
    Float32Array.from({ length: k * V }, () => r.uniform()),
  );
  for (const p of [P0, { l1W: 0.1, l1H: 0.2, l2W: 0.05, l2H: 0.3 }]) {
    const fit = refitRows(X, W, H, [1, 3], 15, p);
    for (let s = 1; s < fit.objectives.length; s++)
      t.true(fit.objectives[s] <= fit.objectives[s - 1] * (1 + 1e-12), `sweep ${s}`);
    for (const held of [0, 2, 4])
      t.deepEqual(
        Array.from(fit.H.data.subarray(held * V, (held + 1) * V)),
        Array.from(H.data.subarray(held * V, (held + 1) * V)),
      );
    const F = objective(X, fit.W, fit.H, 'frobenius', p);
    t.true(Math.abs(F - fit.objectives.at(-1)!) < 1e-5 * F, `${F} vs ${fit.objectives.at(-1)}`);
  }
});

test('seedTopics: the seeded rows come first and the pulled objective never rises', (t) => {
  const { X, W, H } = splitModel(40, 4, 15, 5);
  const seeded = seedTopics(toCsr(X), W, H, [[3, 4], [9]], 1, P0, 30, 0);
  t.is(seeded.from.length, 5);
  t.is(new Set(seeded.from).size, 5);
  for (let s = 1; s < seeded.objectives.length; s++)
    t.true(seeded.objectives[s] <= seeded.objectives[s - 1] * (1 + 1e-12));
  t.true(
    Math.abs(seeded.objective - objective(toCsr(X), seeded.W, seeded.H, 'frobenius')) <
      1e-5 * Math.max(1, seeded.objective),
  );
  t.throws(() => seedTopics(toCsr(X), W, H, [[1], [2], [3], [4], [5], [6]], 1, P0, 1, 0), {
    message: /6 seeded topics but -k 5/,
  });
});
