// W of new rows with a trained H fixed, batch by batch, in memory bounded by one batch. Given H, each
// row's W is its own problem (F and every penalty on W are sums over rows), so each batch is solved by
// transform() itself — the model's loss and method, this run's tolerance and iterations — and its rows
// are what transform of the whole matrix gives them, to the solver's tolerance. The online fit's
// solveW (online.ts) is not used: it is HALS with the Frobenius loss only, while a model may be KL or mu.
import type { DeviceName } from '../backends/backend.js';
import { dataError } from '../errors.js';
import { transform } from '../factorize.js';
import type { Dense, Matrix } from '../matrix.js';
import type { FactorizeOptions } from '../options.js';
import { resolveOptions } from '../options.js';
import { penaltyOf } from '../solvers/solver.js';
import type { BatchSource } from './online.js';
import { sumsOf } from './online.js';

/** A batch's rows as solved: W (rows × k) of rows `first`… of the source, and the batch itself. */
export interface TransformedRows {
  W: Dense;
  X: Matrix;
  first: number;
}

export interface StreamTransformed {
  /** F over every row, as transform of them all at once reports it. */
  objective: number;
  /** The most iterations any batch took; converged when every batch did. */
  iterations: number;
  converged: boolean;
  device: DeviceName;
  rows: number;
  batches: number;
  seconds: number;
}

export async function transformStream(
  source: BatchSource,
  H: Dense,
  options: Omit<FactorizeOptions, 'k' | 'restarts' | 'init'>,
  onRows: (rows: TransformedRows) => void | Promise<void>,
): Promise<StreamTransformed> {
  const start = performance.now();
  let objective = 0,
    iterations = 0,
    converged = true,
    rows = 0,
    batches = 0,
    hPenalty = 0;
  let device: DeviceName | null = null;
  for await (const X of source.pass(0)) {
    if (device === null) {
      // each batch's F holds H's penalty once; F of all rows holds it once in all
      const o = resolveOptions(X, { ...options, k: H.rows, restarts: 1, init: 'random' }, true);
      hPenalty = o.l1H || o.l2H ? penaltyOf(sumsOf(H.data), o.l1H, o.l2H) : 0;
    }
    // the device auto picks for the first batch serves them all: a smaller last batch does not move
    const r = await transform(X, H, device ? { ...options, device } : options);
    device = r.device;
    objective += r.objective - hPenalty;
    iterations = Math.max(iterations, r.iterations);
    converged &&= r.converged;
    await onRows({ W: r.W, X, first: rows });
    rows += X.rows;
    batches++;
  }
  if (device === null) throw dataError('the data has no rows: there is nothing to transform');
  return {
    objective: objective + hPenalty,
    iterations,
    converged,
    device,
    rows,
    batches,
    seconds: (performance.now() - start) / 1000,
  };
}
