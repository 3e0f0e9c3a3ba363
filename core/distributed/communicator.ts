// The collectives a fit across ranks needs, and nothing else (the MPI binding implements them; one
// process is the trivial case). Every rank calls the same collectives in the same order: the
// distributed fit's control flow depends only on values every rank holds alike.

export interface Communicator {
  readonly rank: number;
  readonly size: number;
  /** The machine this rank runs on, as MPI names it. */
  readonly host: string;
  /** Σ over ranks, in place on every rank: reduced at rank 0 and broadcast, so every rank holds the root's
   *  bits whatever MPI's reduction algorithm (MPI does not promise that of an all-reduce). */
  allSum(values: Float64Array): Promise<void>;
  /** Σ over ranks in place at rank 0; elsewhere `values` is left as it was. */
  sumToRoot(values: Float64Array): Promise<void>;
  /** Rank 0's values to every rank, in place. */
  broadcast(values: Float32Array | Float64Array | Uint8Array): Promise<void>;
  /** Every rank's `values` (the same length everywhere), in rank order. */
  allGather(values: Float64Array): Promise<Float64Array>;
  /** Every rank's bytes (any length), in rank order. */
  allGatherBytes(bytes: Uint8Array): Promise<Uint8Array[]>;
  barrier(): Promise<void>;
  /** Payload bytes of the collectives this rank has taken part in so far (what it sends or receives). */
  readonly payload: number;
}

/** One process: every collective is the identity. */
export const SOLO: Communicator = {
  rank: 0,
  size: 1,
  host: 'localhost',
  payload: 0,
  async allSum() {},
  async sumToRoot() {},
  async broadcast() {},
  async barrier() {},
  async allGather(values) {
    return Float64Array.from(values);
  },
  async allGatherBytes(bytes) {
    return [Uint8Array.from(bytes)];
  },
};
