// Masked NMF: the corrections against brute force, missing entries recovered, monotone masked F, the
// reported F and held-out loss equal to their definitions, and the same fit on every device.
import test from 'ava';
import type { Dense, Mask, Matrix, Progress } from '../../core/index.js';
import {
  dense,
  factorize,
  getBackend,
  probeDevices,
  Random,
  releaseBackends,
  toCsr,
  toDense,
} from '../../core/index.js';
import { MaskedData } from '../../core/mask.js';
import { maxAbsDiff, multiply, noisy, planted } from '../helpers.js';

test.after.always(releaseBackends);

/** Row-major padded copy of a dense factor (H given k × n is transposed). */
function padded(P: Dense, kp: number, transposed = false): Float32Array {
  const n = transposed ? P.cols : P.rows,
    k = transposed ? P.rows : P.cols;
  const out = new Float32Array(n * kp);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++) out[i * kp + t] = transposed ? P.data[t * n + i] : P.data[i * k + t];
  return out;
}

/** A random share of coordinates, as a mask's missing list. */
function someMissing(rows: number, cols: number, share: number, seed: number): { rows: Int32Array; cols: Int32Array } {
  const r = new Random(seed),
    a: number[] = [],
    b: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      if (r.uniform() < share) {
        a.push(i);
        b.push(j);
      }
  return { rows: Int32Array.from(a), cols: Int32Array.from(b) };
}

/** Whether (i, j) is masked, by brute force over the mask's definition. */
function maskedAt(m: MaskedData, mask: Mask, cols: number): (i: number, j: number) => boolean {
  const missing = new Set<number>();
  for (let q = 0; q < (mask.missing?.rows.length ?? 0); q++)
    missing.add(mask.missing!.rows[q] * cols + mask.missing!.cols[q]);
  return (i, j) => m.isHeldOut(i, j) || missing.has(i * cols + j);
}

/** D over the unmasked entries, straight from the definition. */
function maskedLoss(
  X: Matrix,
  W: Dense,
  H: Dense,
  masked: (i: number, j: number) => boolean,
  loss: 'frobenius' | 'kl',
  keep = false,
): number {
  const Xd = toDense(X),
    Y = multiply(W, H);
  let d = 0;
  for (let i = 0; i < X.rows; i++)
    for (let j = 0; j < X.cols; j++) {
      if (masked(i, j) !== keep) continue;
      const x = Xd.data[i * X.cols + j],
        y = Y.data[i * X.cols + j];
      d += loss === 'frobenius' ? (x - y) ** 2 : (x > 0 ? x * Math.log(x / y) : 0) - x + y;
    }
  return d;
}

test("the sliding-window corrections equal the sums over each row's and column's masked entries", (t) => {
  const rows = 37,
    cols = 23,
    k = 3,
    kp = 4;
  const X = noisy(rows, cols, 4);
  const mask: Mask = { holdout: { fraction: 0.3, seed: 9 }, missing: someMissing(rows, cols, 0.1, 2) };
  const m = new MaskedData(X, mask);
  const at = maskedAt(m, mask, cols);
  let held = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (m.isHeldOut(i, j)) held++;
  t.is(m.heldOutEntries, held);
  t.true(Math.abs(held / (rows * cols) - 0.3) < 0.06, `held out ${held / (rows * cols)}`);
  const W = padded(noisy(rows, k, 5), kp),
    Ht = padded(noisy(cols, k, 6), kp);
  for (const side of ['rows', 'cols'] as const) {
    const [P, Q, n, o] = side === 'rows' ? [W, Ht, rows, cols] : [Ht, W, cols, rows];
    for (const kind of ['gram', 'sum'] as const) {
      const out = new Float32Array(n * kp);
      const total = m.correction(side, P, Q, k, kp, kind, out);
      const want = new Float64Array(n * kp);
      let wantTotal = 0;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < o; b++) {
          if (!(side === 'rows' ? at(a, b) : at(b, a))) continue;
          let y = 0;
          for (let u = 0; u < k; u++) y += P[a * kp + u] * Q[b * kp + u];
          for (let u = 0; u < k; u++) want[a * kp + u] += (kind === 'gram' ? y : 1) * Q[b * kp + u];
          wantTotal += kind === 'gram' ? y * y : y;
        }
      t.true(maxAbsDiff(out, want) < 1e-4, `${side}/${kind}: ${maxAbsDiff(out, want)}`);
      t.true(Math.abs(total - wantTotal) < 1e-6 * wantTotal, `${side}/${kind} total ${total} vs ${wantTotal}`);
    }
  }
});

for (const [method, loss, maxIter] of [
  ['hals', 'frobenius', 1500],
  ['mu', 'frobenius', 4000],
  ['mu', 'kl', 3000],
] as const) {
  for (const storage of ['dense', 'csr'] as const) {
    test(`${method}/${loss} on ${storage} X recovers the 20 % of entries it never saw (error < 1e-2)`, async (t) => {
      const { X } = planted(60, 50, 4, 3);
      const mask: Mask = { holdout: { fraction: 0.2, seed: 1 } };
      const fit = await factorize(
        storage === 'csr' ? toCsr(X) : X,
        { k: 4, method, loss, maxIter, tol: 1e-9, device: 'webasm' },
        { mask },
      );
      const m = new MaskedData(X, mask);
      const Y = multiply(fit.W, fit.H);
      let e = 0,
        n = 0;
      for (let i = 0; i < X.rows; i++)
        for (let j = 0; j < X.cols; j++) {
          if (!m.isHeldOut(i, j)) continue;
          e += (Y.data[i * X.cols + j] - X.data[i * X.cols + j]) ** 2;
          n += X.data[i * X.cols + j] ** 2;
        }
      t.true(Math.sqrt(e / n) < 1e-2, `relative error on the held-out entries ${Math.sqrt(e / n)}`);
      // the held-out loss the fit reports is the same sum
      if (loss === 'frobenius') t.true(Math.abs(fit.heldOut!.loss - e) <= 1e-3 * n, `${fit.heldOut!.loss} vs ${e}`);
    });
  }
}

for (const [method, loss] of [
  ['hals', 'frobenius'],
  ['mu', 'frobenius'],
  ['mu', 'kl'],
] as const) {
  test(`masked F never increases across ${method}/${loss} iterations; the reported F is the masked one`, async (t) => {
    const X = noisy(50, 40, 8);
    const mask: Mask = { holdout: { fraction: 0.1, seed: 4 }, missing: someMissing(50, 40, 0.1, 5) };
    const seen: number[] = [];
    const fit = await factorize(
      X,
      { k: 6, method, loss, maxIter: 150, tol: 0, init: 'random', device: 'webasm' },
      {
        onProgress: (p: Progress) => {
          if (p.phase === 'iterate') seen.push(p.objective);
        },
        mask,
      },
    );
    const slack = seen[0] * 1e-6;
    for (let i = 1; i < seen.length; i++)
      t.true(seen[i] <= seen[i - 1] + slack, `iteration ${i + 1}: ${seen[i]} > ${seen[i - 1]}`);
    const at = maskedAt(new MaskedData(X, mask), mask, X.cols);
    const direct = maskedLoss(X, fit.W, fit.H, at, loss);
    t.true(Math.abs(fit.objective - direct) <= 1e-4 * direct, `reported ${fit.objective}, definition ${direct}`);
    // progress ends on the F reported, which a masked step's F (between its halves) is not
    t.is(seen[seen.length - 1], fit.objective);
    const heldOut = maskedLoss(
      X,
      fit.W,
      fit.H,
      (i, j) => new MaskedData(X, { holdout: mask.holdout }).isHeldOut(i, j),
      loss,
      true,
    );
    t.true(
      Math.abs(fit.heldOut!.loss - heldOut) <= 1e-4 * heldOut,
      `held out ${fit.heldOut!.loss}, definition ${heldOut}`,
    );
    t.true(fit.observed.entries < X.rows * X.cols * 0.85);
  });
}

for (const loss of ['frobenius', 'kl'] as const) {
  test(`${loss}: the held-out loss's parts add up to it, each part and the trivial model's as defined`, async (t) => {
    const X = toCsr(noisy(70, 50, 9));
    const mask: Mask = { holdout: { fraction: 0.2, seed: 6 } };
    const fit = await factorize(
      X,
      { k: 5, method: 'mu', loss, maxIter: 60, tol: 0, init: 'random', device: 'webasm' },
      { mask },
    );
    const h = fit.heldOut!,
      m = new MaskedData(X, mask),
      Xd = toDense(X),
      Y = multiply(fit.W, fit.H);
    let nonzeros = 0,
      count = 0,
      trivial = 0,
      seen = 0,
      sumSeen = 0;
    for (let i = 0; i < X.rows; i++)
      for (let j = 0; j < X.cols; j++)
        if (!m.isHeldOut(i, j)) {
          seen++;
          sumSeen += Xd.data[i * X.cols + j];
        }
    const mean = sumSeen / seen;
    for (let i = 0; i < X.rows; i++)
      for (let j = 0; j < X.cols; j++) {
        if (!m.isHeldOut(i, j)) continue;
        const x = Xd.data[i * X.cols + j],
          y = Y.data[i * X.cols + j];
        trivial += loss === 'frobenius' ? x * x : (x > 0 ? x * Math.log(x / mean) : 0) - x + mean;
        if (x === 0) continue;
        count++;
        nonzeros += loss === 'frobenius' ? (x - y) ** 2 : x * Math.log(x / y) - x + y;
      }
    t.is(h.nonzeros.entries, count);
    t.true(Math.abs(h.nonzeros.loss - nonzeros) <= 1e-4 * nonzeros, `nonzeros ${h.nonzeros.loss} vs ${nonzeros}`);
    t.true(Math.abs(h.trivial - trivial) <= 1e-4 * trivial, `trivial ${h.trivial} vs ${trivial}`);
    t.is(h.folds.length, 10);
    t.is(
      h.folds.reduce((s, f) => s + f.entries, 0),
      h.entries,
    );
    const sum = h.folds.reduce((s, f) => s + f.loss, 0);
    t.true(Math.abs(sum - h.loss) <= 1e-9 * h.loss, `${sum} vs ${h.loss}`);
    // the parts are about equal shares of the held-out entries
    for (const f of h.folds)
      t.true(Math.abs(f.entries - h.entries / 10) < (0.35 * h.entries) / 10, `${f.entries} of ${h.entries}`);
  });
}

test('gd minimizes the masked F too: it ends far below where it starts', async (t) => {
  const X = noisy(40, 30, 2);
  const seen: number[] = [];
  await factorize(
    X,
    { k: 4, method: 'gd', lr: 0.05, maxIter: 300, tol: 0, device: 'webasm' },
    {
      onProgress: (p) => {
        if (p.phase === 'iterate') seen.push(p.objective);
      },
      mask: { holdout: { fraction: 0.2, seed: 3 } },
    },
  );
  t.true(seen.at(-1)! < 0.5 * seen[0], `${seen[0]} → ${seen.at(-1)}`);
});

test('a masked fit is the same on every device present', async (t) => {
  const X = noisy(45, 35, 12);
  for (let q = 0; q < X.data.length; q++) if (q % 4 === 0) X.data[q] = 0;
  const mask: Mask = { holdout: { fraction: 0.15, seed: 2 }, missing: someMissing(45, 35, 0.05, 3) };
  const devices = (await probeDevices()).filter((d) => d.available).map((d) => d.device);
  t.log(`devices: ${devices.join(', ')}`);
  for (const loss of ['frobenius', 'kl'] as const) {
    const fits = [];
    for (const device of devices)
      fits.push(await factorize(X, { k: 5, loss, maxIter: 30, tol: 0, seed: 1, device }, { mask }));
    for (let d = 1; d < fits.length; d++) {
      t.true(
        Math.abs(fits[d].objective - fits[0].objective) <= 1e-4 * fits[0].objective,
        `${loss} ${devices[d]}: ${fits[d].objective} vs ${fits[0].objective}`,
      );
      t.true(
        maxAbsDiff(fits[d].W.data, fits[0].W.data) < 1e-2,
        `${loss} ${devices[d]}: W differs by ${maxAbsDiff(fits[d].W.data, fits[0].W.data)}`,
      );
    }
  }
});

test('a mask with nothing left to fit, or a held-out share of 1, is refused', async (t) => {
  const X = dense(2, 2, Float32Array.of(1, 2, 3, 4));
  const all = { rows: Int32Array.of(0, 0, 1, 1), cols: Int32Array.of(0, 1, 0, 1) };
  await t.throwsAsync(factorize(X, { k: 1, device: 'webasm' }, { mask: { missing: all } }), {
    message: /every entry of X is masked/,
  });
  await t.throwsAsync(factorize(X, { k: 1, device: 'webasm' }, { mask: { holdout: { fraction: 1, seed: 0 } } }), {
    message: /held-out share is 1/,
  });
});

test("the held-out loss with its parts' sums from the webasm kernels is the host's", async (t) => {
  // 1,500 × 700 with a 5 % holdout: each part's window pass runs in 5 kernel parts of the targets
  const X = toCsr(noisy(1500, 700, 31)),
    k = 6,
    kp = 8;
  const m = new MaskedData(X, { holdout: { fraction: 0.05, seed: 3 } });
  const w = padded(noisy(1500, k, 32), kp),
    ht = padded(noisy(700, k, 33), kp);
  const b = await (await getBackend('webasm')).bind(m.observed);
  try {
    const W = b.alloc(1500, kp, 'rows'),
      Ht = b.alloc(700, kp, 'cols');
    await b.write(W, w);
    await b.write(Ht, ht);
    for (const [loss, kind] of [
      ['frobenius', 'gram'],
      ['kl', 'sum'],
    ] as const) {
      const host = m.heldOut(w, ht, k, kp, loss, 0.5),
        sums = await b.heldOutSums!(m, W, Ht, k, kind),
        device = m.heldOut(w, ht, k, kp, loss, 0.5, sums);
      t.is(sums.length, 10);
      for (let f = 0; f < 10; f++)
        t.true(Math.abs(device.folds[f].loss - host.folds[f].loss) <= 1e-9 * host.folds[f].loss, `${loss} part ${f}`);
      t.true(Math.abs(device.loss - host.loss) <= 1e-9 * host.loss);
    }
  } finally {
    b.dispose();
  }
});
