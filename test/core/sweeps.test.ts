// hals' inner sweeps (core/solvers/sweeps.ts): the counts by hand, and a fit's iteration making exactly
// those sweeps with one product per half.
import test from 'ava';
import { getBackend, padRank, releaseBackends, resolveOptions, toCsr } from '../../core/index.js';
import { dataStats } from '../../core/objective.js';
import { runOnce } from '../../core/restarts.js';
import { innerSweeps } from '../../core/solvers/sweeps.js';
import { noisy } from '../helpers.js';

test.after.always(releaseBackends);

const stats = (rows: number, stored: number) => ({ normX2: 1, sumX: 1, mean: 1, rows, stored });

test('a half sweeps 1 + α·ρ times (α = ½), ρ its product and Gram over one sweep, at most 3', (t) => {
  // SpamAssassin's tf-idf at k = 20: W's ρ = 1 + (554,329·20 + 51,369·400) / (6,046·420) = 13.46 → 7, capped;
  // H's ρ = 1 + (554,329·20 + 6,046·400) / (51,369·420) = 1.63 → ⌊1.81⌋ = 1
  t.deepEqual(innerSweeps(stats(6046, 554_329), 51_369, 20), { rows: 3, cols: 1 });
  // 1000 × 1000 with 12,000 nonzeros at k = 10: ρ = 1 + (120,000 + 100,000) / 110,000 = 3 on both sides → 2
  t.deepEqual(innerSweeps(stats(1000, 12_000), 1000, 10), { rows: 2, cols: 2 });
  // a dense X, every entry a product's work: MNIST's 10,000 × 784 at k = 10, ρ = 72 and 921
  t.deepEqual(innerSweeps(stats(10_000, 7_840_000), 784, 10), { rows: 3, cols: 3 });
});

test("one iteration is W's sweeps with one X·Hᵀ, then H's with one XᵀW, to the bit", async (t) => {
  // 2000 × 40, a tenth of it stored, k = 4: W's ρ = 1 + (8,000·4 + 40·16) / (2,000·20) = 1.8 → 1 sweep,
  // H's ρ = 1 + (8,000·4 + 2,000·16) / (40·20) = 81 → 3
  const D = noisy(2000, 40, 4);
  for (let q = 0; q < D.data.length; q++) if (q % 10 !== 0) D.data[q] = 0;
  const X = toCsr(D),
    k = 4,
    kp = padRank(k);
  const sweeps = innerSweeps(dataStats(X), X.cols, k);
  t.deepEqual(sweeps, { rows: 1, cols: 3 });
  const w0 = noisy(X.rows, kp, 5).data.map((v, q) => (q % kp < k ? v : 0)),
    h0 = noisy(X.cols, kp, 6).data.map((v, q) => (q % kp < k ? v : 0));
  const b = await (await getBackend('webasm')).bind(X);
  try {
    const o = resolveOptions(X, { k, method: 'hals', maxIter: 1, tol: 0, device: 'webasm' });
    const resume = { iteration: 0, checked: Infinity, firstViolation: Number.NaN, W: w0, Ht: h0 };
    const fit = await runOnce(b, o, dataStats(X), 0, 1, undefined, { resume });
    // by hand: the same operations, each half's sweeps against the product made once
    const byHand = async (sweepsOfH: number) => {
      const W = b.alloc(X.rows, kp, 'rows'),
        Ht = b.alloc(X.cols, kp, 'cols'),
        XHt = b.alloc(X.rows, kp, 'rows'),
        XtW = b.alloc(X.cols, kp, 'cols');
      await b.write(W, w0);
      await b.write(Ht, h0);
      await b.times('rows', Ht, XHt);
      await b.hals(W, XHt, await b.gram(Ht), k, 0, sweeps.rows);
      await b.times('cols', W, XtW);
      await b.hals(Ht, XtW, await b.gram(W), k, 0, sweepsOfH);
      // the fit's W unpadded (rows × k) and H (k × cols)
      const w = await b.read(W),
        ht = await b.read(Ht);
      return {
        W: Array.from({ length: X.rows * k }, (_, q) => w[Math.floor(q / k) * kp + (q % k)]),
        H: Array.from({ length: k * X.cols }, (_, q) => ht[(q % X.cols) * kp + Math.floor(q / X.cols)]),
      };
    };
    const got = { W: Array.from(fit.W.data), H: Array.from(fit.H.data) };
    t.deepEqual(got, await byHand(3));
    t.notDeepEqual(got.H, (await byHand(1)).H, 'the count is what the fit used');
  } finally {
    b.dispose();
  }
});
