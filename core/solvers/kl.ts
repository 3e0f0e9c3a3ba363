// The generalized KL loss, for mu and gd. One fused pass over X's nonzeros gives both the product
// (X ./ WH)·B and Σ x·log(x/y), so a half step costs O(nnz·k) and never forms WH.
//   mu   P ← P ∘ (R·B) / (colsum(B) + l1 + 2·l2·P)       (Lee & Seung 2001, with penalties)
//   gd   P ← P − β·∇/‖∇‖,  ∇ = colsum(B) − R·B + 2·l2·P + l1·sign(P)
// The value a step returns is F between its two halves (new W, old H): the pass for the H half
// computes it for free, and mu decreases F at every half, so the sequence is still monotone.
// With a mask (mask.ts) each R·B gains Σ bⱼ over a row's masked entries, and F leaves out Σ y there.
import type { Buf, FactorSums } from '../backends/backend.js';
import type { Method } from '../options.js';
import { klFromParts } from '../objective.js';
import type { Solver, SolverContext } from './solver.js';
import { penaltyOf, stepLength } from './solver.js';

export function klSolver(ctx: SolverContext, method: Method): Solver {
  const { X, rows, cols, k, kp, options: o, W, Ht, masked } = ctx;
  const RHt = X.alloc(rows, kp, 'rows'),
    RtW = ctx.fixedH ? RHt : X.alloc(cols, kp, 'cols');

  /** One half: P from R·B and the column sums of the other factor B. */
  async function update(P: Buf, RB: Buf, sumB: Float64Array, l1: number, l2: number, iteration: number) {
    if (method === 'mu') return X.multiplicative(P, RB, { G: null, c: sumB.map((v) => v + l1), a: 2 * l2 }, k);
    await X.gradientStep(
      P,
      RB,
      { G: null, c: sumB, a: 2 * l2, gScale: 0, nScale: 1, l1 },
      k,
      stepLength(o, iteration),
      o.nonnegative,
    );
  }

  /** F from the fused pass's Σ x·log(x/y) and the factors' sums (which the next half reuses). */
  async function F(xlog: number, missingY = 0): Promise<{ F: number; sW: FactorSums; sH: FactorSums }> {
    const sW = await X.sums(W, k),
      sH = await X.sums(Ht, k);
    const value =
      klFromParts(xlog, ctx.sumX + missingY, sW.columns, sH.columns, k) +
      penaltyOf(sW, o.l1W, o.l2W) +
      penaltyOf(sH, o.l1H, o.l2H);
    return { F: value, sW, sH };
  }

  // with H fixed (transform) its sums are computed once and only the W half runs
  let sH: FactorSums | null = null;
  return {
    async step(iteration) {
      await X.klTimes('rows', W, Ht, RHt, false);
      if (masked) await X.maskCorrection(masked, 'rows', W, Ht, RHt, k, 'sum');
      if (!ctx.fixedH || !sH) sH = await X.sums(Ht, k);
      await update(W, RHt, sH.columns, o.l1W, o.l2W, iteration);
      if (ctx.fixedH) return (await F(await X.klTimes('rows', W, Ht, RHt))).F;
      const xlog = await X.klTimes('cols', Ht, W, RtW);
      const between = await F(xlog, masked ? await X.maskCorrection(masked, 'cols', Ht, W, RtW, k, 'sum') : 0);
      await update(Ht, RtW, between.sW.columns, o.l1H, o.l2H, iteration);
      return between.F;
    },
    async objective() {
      const xlog = await X.klTimes('rows', W, Ht, RHt);
      return (await F(xlog, masked ? await X.maskCorrection(masked, 'rows', W, Ht, null, k, 'sum') : 0)).F;
    },
  };
}
