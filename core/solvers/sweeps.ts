// How many HALS sweeps a half step makes with one product (Gillis & Glineur 2012, accelerated HALS): a
// half's product (X·Hᵀ or Xᵀ·W) and the other factor's Gram cost ρ − 1 sweeps over its own factor, so
// where ρ is large, sweeping again against the same product and Gram is a cheap step further into
// the same convex subproblem. They make at most 1 + α·ρ sweeps (α = ½: a half then costs at most about
// 1.5 times its product), stopping early once a sweep changes P by less than a tenth of the first's.
// Here the count follows from the shape alone, so that every device and every rank makes the same
// sweeps and the same numbers, and is capped at 3: where their early stop would cut it (measured after
// 1, 10 and 50 iterations from nndsvda: the third sweep changed W and H by 0.03–0.08 of the first on
// SpamAssassin at k = 20, 0.10–0.21 on MNIST at k = 10). A fourth sweep bought nothing in
// bench/convergence.js.
import type { Side } from '../backends/backend.js';
import type { DataStats } from '../objective.js';

const ALPHA = 0.5;
const MOST = 3;

/** The sweeps of each half: 'rows' is W's (X's rows), 'cols' H's. */
export function innerSweeps(stats: DataStats, cols: number, k: number): Record<Side, number> {
  const { rows, stored } = stats;
  // a sweep's multiply–adds over n rows of a factor (each entry: a dot product of k, then the step),
  // against a product's stored·k and the other factor's Gram
  const sweep = (n: number) => n * (k * k + k);
  const count = (rho: number) => Math.max(1, Math.min(MOST, Math.floor(1 + ALPHA * rho)));
  return {
    rows: count(1 + (stored * k + cols * k * k) / sweep(rows)),
    cols: count(1 + (stored * k + rows * k * k) / sweep(cols)),
  };
}
