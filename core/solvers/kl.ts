// The generalized KL loss, for mu and gd. One fused pass over X's nonzeros gives both the product
// (X ./ WH)·B and Σ x·log(x/y), so a half step costs O(nnz·k) and never forms WH.
//   mu   P ← P ∘ (R·B) / (colsum(B) + l1 + 2·l2·P)       (Lee & Seung 2001, with penalties)
//   gd   P ← P − β·∇/‖∇‖,  ∇ = colsum(B) − R·B + 2·l2·P + l1·sign(P)
// The value a step returns is F between its two halves (new W, old H): the pass for the H half
// computes it for free, and mu decreases F at every half, so the sequence is still monotone.
import type { Method } from '../options.js';
import { columnSums, klFromParts, penalty } from '../objective.js';
import type { Solver, SolverContext } from './solver.js';
import { l1Gradient, normalizedStep, stepLength } from './solver.js';

const TINY = 1e-30;

export function klSolver(ctx: SolverContext, method: Method): Solver {
  const { X, rows, cols, k, kp, options: o, W, Ht } = ctx;
  const RHt = X.alloc(rows, kp), RtW = X.alloc(cols, kp);
  const grad = method === 'gd' ? X.alloc(Math.max(rows, cols), kp) : null;

  function update(P: Float32Array, RB: Float32Array, sumB: Float64Array, n: number, l1: number, l2: number, iteration: number) {
    if (method === 'mu') {
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < k; t++) {
          const at = i * kp + t;
          P[at] *= RB[at] / Math.max(sumB[t] + l1 + 2 * l2 * P[at], TINY);
        }
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const at = i * kp + t;
        grad![at] = sumB[t] - RB[at] + 2 * l2 * P[at] + l1Gradient(P[at], l1, o.nonnegative);
      }
    }
    normalizedStep(P, grad!, n, k, kp, stepLength(o, iteration), o.nonnegative);
  }

  const F = (xlog: number) =>
    klFromParts(xlog, ctx.sumX, columnSums(W, rows, kp), columnSums(Ht, cols, kp), k) +
    penalty(W, rows, k, kp, o.l1W, o.l2W) + penalty(Ht, cols, k, kp, o.l1H, o.l2H);

  if (ctx.fixedH) {
    return {
      async step(iteration) {
        await X.klTimes('rows', W, Ht, kp, RHt, false);
        update(W, RHt, columnSums(Ht, cols, kp), rows, o.l1W, o.l2W, iteration);
        return F(await X.klTimes('rows', W, Ht, kp, RHt));
      },
      async objective() {
        return F(await X.klTimes('rows', W, Ht, kp, RHt));
      },
    };
  }

  return {
    async step(iteration) {
      await X.klTimes('rows', W, Ht, kp, RHt, false);
      update(W, RHt, columnSums(Ht, cols, kp), rows, o.l1W, o.l2W, iteration);
      const between = F(await X.klTimes('cols', Ht, W, kp, RtW));
      update(Ht, RtW, columnSums(W, rows, kp), cols, o.l1H, o.l2H, iteration);
      return between;
    },
    async objective() {
      return F(await X.klTimes('rows', W, Ht, kp, RHt));
    },
  };
}
