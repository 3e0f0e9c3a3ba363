// The Frobenius loss for all three methods. Each half step needs the same two things, a product of X
// with the other factor and the other factor's Gram matrix; only the update rule differs:
//   hals  exact coordinate minimization, column by column (Cichocki & Phan 2009; scikit-learn's cd)
//   mu    P ← P ∘ XB / (P·G + l1/2)  with G = Gram + l2·I  (Lee & Seung 2001, with penalties)
//   gd    P ← P − β·∇/‖∇‖,  ∇ = 2(P·G − XB) + l1·sign(P)
// F itself costs no product: ‖X‖² − 2⟨Hᵀ, XᵀW⟩ + ⟨WᵀW, HHᵀ⟩ reuses what the H half computed.
import type { Side } from '../backends/backend.js';
import type { Method } from '../options.js';
import { frobeniusFromProducts, penalty } from '../objective.js';
import type { Solver, SolverContext } from './solver.js';
import { l1Gradient, normalizedStep, stepLength, withRidge } from './solver.js';

type Update = (P: Float32Array, XB: Float32Array, G: Float32Array, rows: number, l1: number, iteration: number) => Promise<void>;

/** Multiplicative updates never divide by zero: a zero denominator means a zero numerator too. */
const TINY = 1e-30;

export function frobeniusSolver(ctx: SolverContext, method: Method): Solver {
  const { X, rows, cols, k, kp, options: o, W, Ht } = ctx;
  const XHt = X.alloc(rows, kp), XtW = X.alloc(cols, kp), G = X.alloc(kp, kp);
  const PG = method === 'hals' ? null : X.alloc(Math.max(rows, cols), kp);
  let GH: Float64Array | null = null;
  let GW: Float64Array | null = null;
  let last: number | null = null;

  const update: Update = method === 'hals'
    ? (P, XB, G, n, l1) => X.hals(P, XB, G, n, k, kp, l1 / 2)
    : method === 'mu'
      ? async (P, XB, G, n, l1) => {
        await X.timesSmall(P, n, G, k, kp, PG!);
        for (let i = 0; i < n; i++) {
          for (let t = i * kp, e = t + k; t < e; t++) P[t] *= XB[t] / Math.max(PG![t] + l1 / 2, TINY);
        }
      }
      : async (P, XB, G, n, l1, iteration) => {
        await X.timesSmall(P, n, G, k, kp, PG!);
        const grad = PG!;
        for (let i = 0; i < n; i++) {
          for (let t = i * kp, e = t + k; t < e; t++) grad[t] = 2 * (grad[t] - XB[t]) + l1Gradient(P[t], l1, o.nonnegative);
        }
        normalizedStep(P, grad, n, k, kp, stepLength(o, iteration), o.nonnegative);
      };

  async function half(side: Side, P: Float32Array, Q: Float32Array, XB: Float32Array, GQ: Float64Array, l1: number, l2: number, iteration: number) {
    const n = side === 'rows' ? rows : cols;
    await X.times(side, Q, kp, XB);
    await update(P, XB, withRidge(GQ, l2, kp, G), n, l1, iteration);
  }

  const penalties = () => penalty(W, rows, k, kp, o.l1W, o.l2W) + penalty(Ht, cols, k, kp, o.l1H, o.l2H);
  const value = () => frobeniusFromProducts(ctx.normX2, Ht, XtW, cols, k, kp, GW!, GH!) + penalties();
  // with H fixed, the same identity with the roles of the factors swapped: ‖X‖² − 2⟨W, XHᵀ⟩ + ⟨HHᵀ, WᵀW⟩
  const fixedValue = () => frobeniusFromProducts(ctx.normX2, W, XHt, rows, k, kp, GH!, GW!) + penalties();

  if (ctx.fixedH) {
    // Only the W half.
    return {
      async step(iteration) {
        GH ??= await X.gram(Ht, cols, kp);
        await half('rows', W, Ht, XHt, GH, o.l1W, o.l2W, iteration);
        GW = await X.gram(W, rows, kp);
        last = fixedValue();
        return last;
      },
      async objective() {
        if (last !== null) return last;
        GH ??= await X.gram(Ht, cols, kp);
        await X.times('rows', Ht, kp, XHt);
        GW = await X.gram(W, rows, kp);
        return fixedValue();
      },
    };
  }

  return {
    async step(iteration) {
      GH ??= await X.gram(Ht, cols, kp);
      await half('rows', W, Ht, XHt, GH, o.l1W, o.l2W, iteration);
      GW = await X.gram(W, rows, kp);
      await half('cols', Ht, W, XtW, GW, o.l1H, o.l2H, iteration);
      GH = await X.gram(Ht, cols, kp);
      last = value();
      return last;
    },
    async objective() {
      if (last !== null) return last;
      await X.times('cols', W, kp, XtW);
      GW = await X.gram(W, rows, kp);
      GH = await X.gram(Ht, cols, kp);
      return value();
    },
  };
}
