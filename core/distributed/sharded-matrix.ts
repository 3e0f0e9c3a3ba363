// One rank's block of rows of X, bound to its device, as the BoundMatrix every solver is written
// against: the solvers, nndsvd's SVD and the restarts run unchanged, and the collectives sit where a
// product sums over X's rows (MPI-FAUN's split: Kannan, Ballard & Park 2016).
// - Buffers along X's rows (W, X·Hᵀ) are this rank's block: operations on them are local, and their
//   sums over rows (WᵀW, Σ|W|, ⟨W, XHᵀ⟩) are summed over ranks.
// - Buffers along X's columns (Hᵀ, XᵀW) are the whole matrix, the same on every rank: XᵀW = Σ XᵢᵀWᵢ is
//   reduced to rank 0 (in float64), which alone updates Hᵀ and broadcasts it, so every rank's H is the
//   root's, bit for bit, whatever each machine's kernels round. Other ranks never use their XᵀW.
// Per iteration that moves Xᵀ W's cols × kp float64 to the root, Hᵀ's cols × kp float32 back, and
// O(k²) numbers: the Gram matrices and the penalties' sums.
import type { BoundMatrix, Buf, Denominator, FactorSums, GradientTerms, Side, Transfers } from '../backends/backend.js';
import { usageError } from '../errors.js';
import type { MaskedData } from '../mask.js';
import type { Communicator } from './communicator.js';
import type { RowShard } from './shard.js';

/** Which of X's dimensions a buffer runs along: one row per row of X ('rows') or per column ('cols'). */
export type Along = 'rows' | 'cols';

export class ShardedMatrix implements BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly shard: RowShard;
  private readonly along = new WeakMap<Buf, Along>();
  private readonly comm: Communicator;
  private readonly root: boolean;

  constructor(
    private readonly local: BoundMatrix,
    shard: RowShard,
  ) {
    this.rows = local.rows;
    this.cols = local.cols;
    this.shard = shard;
    this.comm = shard.comm;
    this.root = shard.comm.rank === 0;
  }

  alloc(rows: number, kp: number, along?: Along): Buf {
    const side =
      along ??
      (rows === this.rows && rows !== this.cols ? 'rows' : rows === this.cols && rows !== this.rows ? 'cols' : null);
    if (!side)
      throw new Error(
        `a ${rows}-row buffer of a block of ${this.rows} rows × ${this.cols} columns needs its side named`,
      );
    const P = this.local.alloc(rows, kp);
    this.along.set(P, side);
    return P;
  }

  private sideOf(P: Buf): Along {
    const side = this.along.get(P);
    if (!side) throw new Error('a buffer not allocated by this sharded matrix');
    return side;
  }

  private get single(): boolean {
    return this.comm.size === 1;
  }

  /** Rank 0's values of a buffer along the columns, on every rank. */
  private async fromRoot(P: Buf): Promise<void> {
    if (this.single) return;
    const values = this.root ? await this.local.read(P) : new Float32Array(P.rows * P.kp);
    await this.comm.broadcast(values);
    if (!this.root) await this.local.write(P, values);
  }

  /** Σ over ranks of a buffer along the columns, at rank 0 (in float64, rounded once). */
  private async sumAtRoot(P: Buf): Promise<void> {
    if (this.single) return;
    const sums = Float64Array.from(await this.local.read(P));
    await this.comm.sumToRoot(sums);
    if (this.root) await this.local.write(P, Float32Array.from(sums));
  }

  /** A value of the columns' side as rank 0 computes it, on every rank (the others skip the work). */
  private async rootValue(compute: () => Promise<Float64Array>, length: number): Promise<Float64Array> {
    if (this.single) return compute();
    const values = this.root ? await compute() : new Float64Array(length);
    await this.comm.broadcast(values);
    return values;
  }

  private async summed(values: Float64Array): Promise<Float64Array> {
    if (!this.single) await this.comm.allSum(values);
    return values;
  }

  async write(P: Buf, data: Float32Array): Promise<void> {
    if (this.sideOf(P) === 'cols' && !this.single) await this.comm.broadcast(data);
    await this.local.write(P, data);
  }

  read(P: Buf): Promise<Float32Array> {
    return this.local.read(P);
  }
  dispose(): void {
    this.local.dispose();
  }
  checkpoint(): () => void {
    return this.local.checkpoint();
  }
  transfers(): Transfers {
    return this.local.transfers();
  }

  async times(side: Side, B: Buf, out: Buf): Promise<void> {
    await this.local.times(side, B, out);
    if (side === 'cols') await this.sumAtRoot(out);
  }

  async klTimes(side: Side, A: Buf, B: Buf, out: Buf, loss = true): Promise<number> {
    const part = await this.local.klTimes(side, A, B, out, loss);
    if (side === 'cols') await this.sumAtRoot(out);
    return loss ? (await this.summed(new Float64Array([part])))[0] : 0;
  }

  async gram(B: Buf): Promise<Float64Array> {
    if (this.sideOf(B) === 'rows') return this.summed(await this.local.gram(B));
    return this.rootValue(() => this.local.gram(B), B.kp * B.kp);
  }

  async hals(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, sweeps = 1): Promise<void> {
    if (this.sideOf(P) === 'rows') return this.local.hals(P, XB, G, k, l1half, sweeps);
    if (this.root || this.single) await this.local.hals(P, XB, G, k, l1half, sweeps);
    await this.fromRoot(P);
  }

  get halsRows(): BoundMatrix['halsRows'] {
    const fused = this.local.halsRows;
    if (!fused) return undefined;
    return async (P, Q, G, k, l1half, XtP, add, sweeps) => {
      const gram = await fused.call(this.local, P, Q, G, k, l1half, XtP, add, sweeps);
      if (XtP) await this.sumAtRoot(XtP);
      return this.summed(gram);
    };
  }

  /** The local rows' part alone: the solver reduces it as the sum it is (frobenius.ts' violation). */
  get gradientSize(): BoundMatrix['gradientSize'] {
    return this.local.gradientSize?.bind(this.local);
  }
  get gradientSizeOfRows(): BoundMatrix['gradientSizeOfRows'] {
    return this.local.gradientSizeOfRows?.bind(this.local);
  }

  async multiplicative(P: Buf, N: Buf, d: Denominator, k: number): Promise<void> {
    if (this.sideOf(P) === 'rows') return this.local.multiplicative(P, N, d, k);
    if (this.root || this.single) await this.local.multiplicative(P, N, d, k);
    await this.fromRoot(P);
  }

  async gradientStep(P: Buf, N: Buf, d: GradientTerms, k: number, beta: number, nonnegative: boolean): Promise<number> {
    // the step is normalized by ‖∇‖ over all of W: a sum the fused kernel cannot wait for
    if (this.sideOf(P) === 'rows' && !this.single)
      throw usageError(
        "--distributed runs methods hals and mu: gd's normalized step needs ‖∇W‖ over every rank inside one kernel",
      );
    const norm = await this.rootValue(
      async () => new Float64Array([await this.local.gradientStep(P, N, d, k, beta, nonnegative)]),
      1,
    );
    await this.fromRoot(P);
    return norm[0];
  }

  get timesSmall(): BoundMatrix['timesSmall'] {
    const small = this.local.timesSmall;
    if (!small) return undefined;
    return async (P, M, out, upper) => {
      if (this.sideOf(P) === 'rows') return small.call(this.local, P, M, out, upper);
      if (this.root || this.single) await small.call(this.local, P, M, out, upper);
      await this.fromRoot(out);
    };
  }

  async sums(P: Buf, k: number): Promise<FactorSums> {
    const pack = async () => {
      const s = await this.local.sums(P, k),
        out = new Float64Array(P.kp + 2);
      out.set(s.columns);
      out[P.kp] = s.abs;
      out[P.kp + 1] = s.squares;
      return out;
    };
    const v = this.sideOf(P) === 'rows' ? await this.summed(await pack()) : await this.rootValue(pack, P.kp + 2);
    return { columns: v.subarray(0, P.kp), abs: v[P.kp], squares: v[P.kp + 1] };
  }

  async inner(A: Buf, B: Buf, k: number): Promise<number> {
    const one = async () => new Float64Array([await this.local.inner(A, B, k)]);
    return (this.sideOf(A) === 'rows' ? await this.summed(await one()) : await this.rootValue(one, 1))[0];
  }

  maskCorrection(
    _mask: MaskedData,
    _side: Side,
    _P: Buf,
    _Q: Buf,
    _out: Buf | null,
    _k: number,
    _kind: 'gram' | 'sum',
  ): Promise<number> {
    throw usageError(
      '--distributed fits every entry: masks (--missing, held-out entries) are not available across ranks',
    );
  }
}
