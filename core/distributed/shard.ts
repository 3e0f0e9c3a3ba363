// What a bound matrix holding one rank's block of rows tells the code that sums over rows on the host
// (the SVD's signs, nndsvd's norms, the random start): the whole X's size, where the block starts,
// and how to finish a sum over rows. Ranks hold consecutive blocks in rank order, so rank order is X's
// row order and a fit across ranks is the fit of one process, up to the order of float64 sums.
import type { BoundMatrix } from '../backends/backend.js';
import type { Communicator } from './communicator.js';

export interface RowShard {
  /** Rows of the whole X, over every rank. */
  readonly totalRows: number;
  /** X's row index of this block's first row. */
  readonly firstRow: number;
  readonly comm: Communicator;
}

/** Rows of the whole X the buffer's rows belong to. */
export const allRows = (X: BoundMatrix): number => X.shard?.totalRows ?? X.rows;

/** Finish per-block partial sums over X's rows, in place (every rank gets the same bits). */
export async function sumOverRows(X: BoundMatrix, partial: Float64Array): Promise<void> {
  if (X.shard) await X.shard.comm.allSum(partial);
}

/** Rank 0's value of a number every rank computes and must decide alike by. */
export async function rootValue(X: BoundMatrix, value: number): Promise<number> {
  if (!X.shard || X.shard.comm.size === 1) return value;
  const v = new Float64Array([value]);
  await X.shard.comm.broadcast(v);
  return v[0];
}
