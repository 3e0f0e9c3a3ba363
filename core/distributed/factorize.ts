// factorize() across ranks: each rank holds a block of X's rows (consecutive blocks in rank order) and
// its rows of W; the solvers run unchanged on a ShardedMatrix, which reduces what sums over rows. A
// fit of P ranks is the fit of one process up to the order of float64 sums (and P = 1 is it exactly).
import { dataError, usageError } from '../errors.js';
import type { Fit } from '../factorize.js';
import { fitOf, withBound } from '../factorize.js';
import type { Matrix } from '../matrix.js';
import type { DataStats } from '../objective.js';
import { dataStats } from '../objective.js';
import type { FactorizeOptions } from '../options.js';
import { resolveOptions } from '../options.js';
import type { Progress, RestartsHooks } from '../restarts.js';
import { runRestarts } from '../restarts.js';
import type { Communicator } from './communicator.js';
import { ShardedMatrix } from './sharded-matrix.js';
import type { RowShard } from './shard.js';

/** A fit across ranks, as this rank holds it: W is this rank's rows (from `firstRow` of `totalRows`),
 *  H the whole, the same on every rank. */
export interface DistributedFit extends Fit {
  firstRow: number;
  totalRows: number;
  ranks: number;
  payloadBytes: number;
}

/** Where each rank's block starts, and X's whole size; refuses blocks that do not fit together. */
export async function shardOf(X: Matrix, comm: Communicator): Promise<RowShard> {
  const sizes = await comm.allGather(new Float64Array([X.rows, X.cols]));
  let firstRow = 0,
    totalRows = 0;
  for (let r = 0; r < comm.size; r++) {
    const rows = sizes[2 * r],
      cols = sizes[2 * r + 1];
    if (cols !== X.cols)
      throw dataError(
        `rank ${r} read ${cols} columns and rank ${comm.rank} read ${X.cols}: every rank must read the same columns`,
      );
    if (rows === 0)
      throw dataError(
        `rank ${r} of ${comm.size} has no rows of X: run fewer ` +
          `ranks (X has ${sizes.filter((_, q) => q % 2 === 0).reduce((a, b) => a + b, 0)} rows)`,
      );
    if (r < comm.rank) firstRow += rows;
    totalRows += rows;
  }
  return { totalRows, firstRow, comm };
}

/** Σx², Σx, the mean and the stored entries over the whole X. */
async function statsOver(X: Matrix, shard: RowShard): Promise<DataStats> {
  const own = dataStats(X),
    sums = new Float64Array([own.normX2, own.sumX, own.stored]);
  await shard.comm.allSum(sums);
  const rows = shard.totalRows;
  return { normX2: sums[0], sumX: sums[1], mean: sums[1] / (rows * X.cols), rows, stored: sums[2] };
}

/** Factorize X ≈ W·H where this rank holds X's rows `shard.firstRow` onwards (every rank calls it
 *  alike). `hooks` continue restarts from a checkpoint and may take one after any iteration. */
export async function factorizeDistributed(
  X: Matrix,
  comm: Communicator,
  options: FactorizeOptions,
  onProgress?: (p: Progress) => void,
  hooks: RestartsHooks = {},
): Promise<DistributedFit> {
  const start = performance.now();
  const shard = await shardOf(X, comm);
  const o = resolveOptions(X, options, false, shard.totalRows);
  if (o.method === 'gd' && comm.size > 1)
    throw usageError(
      "--distributed runs methods hals and mu: gd's normalized step needs ‖∇W‖ over every rank inside one kernel",
    );
  const stats = await statsOver(X, shard);
  return withBound(X, o, async (bound, backend) => {
    const sharded = new ShardedMatrix(bound, shard);
    const { best, runs, bestIndex } = await runRestarts(sharded, o, stats, onProgress, null, false, hooks);
    const fit = fitOf(best, runs, bestIndex, o, backend, bound, start, {
      entries: shard.totalRows * X.cols,
      sumSquares: stats.normX2,
    });
    return {
      ...fit,
      firstRow: shard.firstRow,
      totalRows: shard.totalRows,
      ranks: comm.size,
      payloadBytes: comm.payload,
    };
  });
}
