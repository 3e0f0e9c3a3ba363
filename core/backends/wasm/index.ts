// The webasm device: hand-written WebAssembly SIMD kernels (assembly/kernels.ts) on all cores.
import type { MaskedData } from '../../mask.js';
import type { Csr, DenseStorage, Matrix } from '../../matrix.js';
import { bindsAsCsr, nnz, toCsr, transposeCsr } from '../../matrix.js';
import type { Backend, BoundMatrix, Buf, Denominator, FactorSums, GradientTerms, Side, Transfers } from '../backend.js';
import { factorSums, gradientUpdate, HostBuf, innerProduct, multiplicativeUpdate, viewOf } from '../host.js';
import type { Stored } from './blocks.js';
import { BoundBlocks, ptr } from './blocks.js';
import { HalsRowsSlot } from './headers.js';
import { windowTotals } from './window-pass.js';
import { fusedMultiplyAdd, KernelPool, type Block } from './pool.js';
import type { Flag } from './protocol.js';

/** Slices of the rows whose Gram matrices are summed in order. */
const GRAM_SLICES = 16;
/** Rows of X·Q that halsRows makes and sweeps at a time: the product's block of rows (product.ts). */
const FUSED_ROWS = 64;
/** halsRows' threads take groups of consecutive Gram parts, each group summing its own Xᵀ·P, the first
 *  in the output itself: 9 groups of 16 parts (seven of two, then two of one, for a short tail on two
 *  threads and no longer a wait on eight), 8 partial sums (784 columns at k = 100: 2.4 MB; one per part
 *  was 4.8 MB more at a fit's peak, where wasm memory keeps what it once held). */
const XTP_GROUPS = 9;
/** At most this much memory for those partial sums; wider matrices take a pass of their own. */
const XTP_BYTES = 16 * 2 ** 20;
/** A CSR product whose B is larger than this goes over B in panels (product.ts, csrTimesPanels): Xᵀ·W
 *  of 300,000 documents at k = 50 (W 62 MB) took 690 ms a row at a time, 250 ms in panels; X·Hᵀ (Hᵀ
 *  10 MB, in L3) 136 ms a row at a time and 266 ms in panels (AMD EPYC, 2 MB L2 a core, 32 MB L3). */
const PANELS_ABOVE = 16 * 2 ** 20;
/** A panel's rows of B: half a core's L2 (512 KB took 290 ms, 2 MB 400 ms on the case above). */
const PANEL_BYTES = 2 ** 20;

export class WasmBackend implements Backend {
  readonly device = 'webasm' as const;
  readonly description: string;
  private constructor(private readonly pool: KernelPool) {
    this.description =
      `WebAssembly SIMD${fusedMultiplyAdd ? ' with FMA' : ''}, ` +
      `${pool.threads} thread${pool.threads > 1 ? 's' : ''}`;
  }

  static async create(threads?: number): Promise<WasmBackend> {
    return new WasmBackend(await KernelPool.create(threads));
  }

  async bind(X: Matrix): Promise<BoundMatrix> {
    return new WasmBound(this.pool, X);
  }

  /** Dense values in the kernels' memory, bound in place (see DenseStorage). */
  readonly storage: DenseStorage = {
    alloc: (length) => this.pool.alloc(length).view,
    allocIndices: (length) => this.pool.alloc(length, 'i32').view,
    free: (values) => {
      if (this.pool.holds(values)) this.pool.free(values.byteOffset);
    },
  };

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}

class WasmBound implements BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  private readonly sides: Record<Side, Stored>;
  /** Every block this bound matrix holds, X's first. */
  private readonly mem: BoundBlocks;

  constructor(
    private readonly pool: KernelPool,
    X: Matrix,
  ) {
    this.rows = X.rows;
    this.cols = X.cols;
    this.mem = new BoundBlocks(pool);
    // a dense X that is mostly zeros is bound as CSR (matrix.ts: SPARSE_BINDING_SHARE says why), made
    // straight in this memory
    if (X.kind === 'dense') {
      const nonzeros = nnz(X);
      if (bindsAsCsr(X.rows, X.cols, nonzeros)) X = toCsr(X, this.mem.storage(), nonzeros);
    }
    const rows = this.mem.store(X);
    // a sparse Xᵀ is built in blocks of this memory, not built and then copied
    this.sides = {
      rows,
      cols: rows.dense
        ? { rows: X.cols, cols: X.rows, dense: rows.dense, transposed: true }
        : this.mem.store(transposeCsr(X as Csr, this.mem.storage())),
    };
  }

  alloc(rows: number, kp: number): Buf {
    return new HostBuf(rows, kp, this.mem.block(rows * kp).view);
  }

  async write(P: Buf, data: Float32Array): Promise<void> {
    viewOf(P).set(data);
  }

  async read(P: Buf): Promise<Float32Array> {
    return viewOf(P).slice();
  }

  /** Host memory: nothing crosses. */
  transfers(): Transfers {
    return { up: 0, down: 0 };
  }

  dispose(): void {
    this.mem.release(0);
  }

  checkpoint(): () => void {
    return this.mem.checkpoint();
  }

  async times(side: Side, B: Buf, out: Buf): Promise<void> {
    const s = this.sides[side],
      kp = B.kp;
    const b = ptr(B),
      o = ptr(out);
    if (s.transposed) {
      const a = s.dense!.ptr;
      this.pool.run('denseTimesT', s.rows, [a, s.rows, s.cols, b, kp, o, 0]);
    } else if (s.dense) {
      const a = s.dense.ptr;
      this.pool.run('denseTimes', s.rows, [a, s.cols, s.cols, b, kp, o]);
    } else {
      const ip = s.indptr!.ptr,
        ix = s.indices!.ptr,
        d = s.data!.ptr;
      if (4 * kp * s.cols <= PANELS_ABOVE) {
        this.pool.run('csrTimes', s.rows, [ip, ix, d, b, kp, o]);
        return;
      }
      const undo = this.checkpoint();
      try {
        const cursor = this.mem.block(s.rows, 'i32', false),
          panelRows = Math.floor(PANEL_BYTES / (4 * kp));
        this.pool.run('csrTimesPanels', s.rows, [ip, ix, d, b, kp, o, panelRows, s.cols, cursor.ptr]);
      } finally {
        undo();
      }
    }
  }

  async klTimes(side: Side, A: Buf, B: Buf, out: Buf, wantLoss = true): Promise<number> {
    const s = this.sides[side],
      kp = B.kp;
    const undo = this.checkpoint();
    try {
      const loss = this.mem.block(Math.max(this.rows, this.cols), 'f64');
      const a = ptr(A),
        b = ptr(B),
        o = ptr(out),
        l = loss.ptr,
        want = wantLoss ? 1 : 0;
      if (s.dense) {
        // by rows of X on both sides: Y = W·Hᵀ, then R·Hᵀ's rows (rows) or Rᵀ·W summed over the blocks (cols)
        const [W, Ht] = s.transposed ? [B, A] : [A, B];
        this.denseKl(s.dense.ptr, ptr(W), viewOf(Ht), ptr(Ht), kp, o, l, want, s.transposed === true);
      } else {
        const ip = s.indptr!.ptr,
          ix = s.indices!.ptr,
          d = s.data!.ptr;
        this.pool.run('csrKl', s.rows, [ip, ix, d, a, b, kp, o, l, want]);
      }
      let total = 0;
      for (let i = 0; i < loss.view.length; i++) total += loss.view[i];
      return total;
    } finally {
      undo();
    }
  }

  /** Dense X, a block of its rows at a time so that Y never holds more than a few million values:
   *  Y = W·Hᵀ (the GEMM kernel), R = X/Y in place, then R·Hᵀ into those rows of out, or (`cols`) Rᵀ·W
   *  added into out by the transposed kernel. */
  private denseKl(
    x: number,
    w: number,
    Ht: Float32Array,
    h: number,
    kp: number,
    o: number,
    l: number,
    want: Flag,
    cols: boolean,
  ): void {
    const rows = this.rows,
      n = this.cols,
      n16 = Math.ceil(n / 16) * 16;
    const Hb = this.mem.block(kp * n16);
    for (let j = 0; j < n; j++) for (let t = 0; t < kp; t++) Hb.view[t * n16 + j] = Ht[j * kp + t];
    const rowsPerBlock = Math.max(1, Math.min(rows, Math.floor(4_000_000 / n16)));
    const Y = this.mem.block(rowsPerBlock * n16);
    for (let start = 0; start < rows; start += rowsPerBlock) {
      const count = Math.min(rowsPerBlock, rows - start);
      const wb = w + 4 * start * kp,
        xb = x + 4 * start * n,
        lb = l + 8 * start;
      this.pool.run('denseTimes', count, [wb, kp, kp, Hb.ptr, n16, Y.ptr]);
      this.pool.run('klRatio', count, [xb, n, Y.ptr, n16, lb, want]);
      if (cols) this.pool.run('denseTimesT', n, [Y.ptr, n16, count, wb, kp, o, start > 0 ? 1 : 0]);
      else this.pool.run('denseTimes', count, [Y.ptr, n16, n, h, kp, o + 4 * start * kp]);
    }
  }

  async gram(B: Buf): Promise<Float64Array> {
    const { rows, kp } = B;
    const undo = this.checkpoint();
    try {
      const parts = gramParts(rows);
      const blocks = this.mem.block(kp * kp * parts, 'f64', false),
        wide = this.mem.block(4 * kp * parts, 'f64', false);
      const b = ptr(B);
      this.pool.run('gramParts', parts, [b, kp, rows, parts, blocks.ptr, wide.ptr], 1);
      return sumParts(blocks.view, parts, kp);
    } finally {
      undo();
    }
  }

  /** The slots of a halsRows header that say where X's rows side, P, Q and G are: what halsRows and
   *  gradientSizeRows (assembly/sweep.ts, gradient.ts) share. */
  private rowsPlace(P: Buf, Q: Buf, g: Block, k: number, l1half: number, parts: number) {
    const s = this.sides.rows;
    const [x, indices, data, lda] = s.dense
      ? [s.dense.ptr, 0, 0, s.cols]
      : [s.indptr!.ptr, s.indices!.ptr, s.data!.ptr, 0];
    const { rows, kp } = P;
    return {
      x,
      indices,
      data,
      lda,
      cols: s.cols,
      q: ptr(Q),
      kp,
      k,
      p: ptr(P),
      g: g.ptr,
      l1half,
      rows,
      parts,
      blockRows: FUSED_ROWS,
    };
  }

  /** The rows' half of hals with X·Q made a block of rows at a time (assembly/sweep.ts, halsRows); for a
   *  dense X whose groups' partial Xᵀ·P fit XTP_BYTES, Xᵀ·P in the same pass. */
  async halsRows(
    P: Buf,
    Q: Buf,
    G: Float64Array,
    k: number,
    l1half: number,
    XtP: Buf | null = null,
    add: Buf | null = null,
    sweeps = 1,
  ): Promise<Float64Array> {
    const { rows, kp } = P,
      s = this.sides.rows;
    const parts = gramParts(rows),
      groups = Math.min(parts, XTP_GROUPS),
      partStride = 4 * (s.cols * kp + 16);
    const inPass = XtP !== null && s.dense !== undefined && (groups - 1) * partStride <= XTP_BYTES;
    const undo = this.checkpoint();
    let PtP: Float64Array;
    try {
      const g = this.mem.block(kp * kp, 'f32', false);
      g.view.set(G);
      // the kernels write all of these before they read them
      const blocks = this.mem.block(kp * kp * parts, 'f64', false),
        wide = this.mem.block(4 * kp * parts, 'f64', false);
      // each part's block of X·Q and each group's Xᵀ·P on cache lines of their own: threads share nothing
      // they write
      const stride = 4 * (FUSED_ROWS * kp + 16);
      const scratch = this.mem.block((stride / 4) * parts, 'f32', false);
      const partials = inPass && groups > 1 ? this.mem.block((partStride / 4) * (groups - 1), 'f32', false) : null;
      const args = this.mem.header(HalsRowsSlot, {
        ...this.rowsPlace(P, Q, g, k, l1half, parts),
        grams: blocks.ptr,
        wides: wide.ptr,
        scratch: scratch.ptr,
        scratchStride: stride,
        xtp: inPass ? ptr(XtP!) : 0,
        partStride,
        groups,
        partials: partials?.ptr ?? 0,
        l2: 0,
        sizes: 0,
        add: add ? ptr(add) : 0,
        sweeps,
      });
      this.pool.run('halsRows', groups, [args.ptr], 1);
      PtP = sumParts(blocks.view, parts, kp);
      if (partials) this.pool.run('addParts', s.cols, [partials.ptr, groups - 1, partStride, kp, ptr(XtP!)]);
    } finally {
      undo();
    }
    if (XtP && !inPass) await this.times('cols', P, XtP);
    return PtP;
  }

  async timesSmall(P: Buf, M: Float64Array, out: Buf, upper: boolean): Promise<void> {
    const undo = this.checkpoint();
    try {
      const m = this.mem.block(M.length, 'f64', false);
      m.view.set(M);
      this.pool.run('timesSmall', P.rows, [ptr(P), P.kp, m.ptr, out.kp, ptr(out), upper ? 1 : 0]);
    } finally {
      undo();
    }
  }

  /** P·G into a scratch block (G, kp × kp in float64, goes to float32 for the kernel). */
  private timesG(P: Buf, G: Float64Array, k: number): Block {
    const { rows, kp } = P;
    const g = this.mem.block(kp * kp),
      out = this.mem.block(rows * kp);
    g.view.set(G);
    const a = ptr(P);
    this.pool.run('denseTimes', rows, [a, kp, k, g.ptr, kp, out.ptr]);
    return out;
  }

  async gradientSize(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, l2: number): Promise<number> {
    const { rows, kp } = P;
    const parts = gramParts(rows);
    const undo = this.checkpoint();
    try {
      const g = this.mem.block(kp * kp);
      g.view.set(G);
      const sizes = this.mem.block(parts, 'f64', false),
        scratch = this.mem.block(kp * parts, 'f32', false);
      this.pool.run(
        'gradientSizeParts',
        parts,
        [ptr(P), ptr(XB), g.ptr, k, kp, l1half, l2, rows, parts, sizes.ptr, scratch.ptr],
        1,
      );
      let size = 0;
      for (let part = 0; part < parts; part++) size += sizes.view[part];
      return size;
    } finally {
      undo();
    }
  }

  async gradientSizeOfRows(P: Buf, Q: Buf, G: Float64Array, k: number, l1half: number, l2: number): Promise<number> {
    const { rows, kp } = P;
    const parts = gramParts(rows);
    const undo = this.checkpoint();
    try {
      const g = this.mem.block(kp * kp);
      g.view.set(G);
      // each part's block of X·Q and then rowSize's row, on cache lines of their own
      const stride = 4 * ((FUSED_ROWS + 1) * kp + 16);
      const scratch = this.mem.block((stride / 4) * parts, 'f32', false),
        sizes = this.mem.block(parts, 'f64', false);
      const args = this.mem.header(HalsRowsSlot, {
        ...this.rowsPlace(P, Q, g, k, l1half, parts),
        grams: 0,
        wides: 0,
        scratch: scratch.ptr,
        scratchStride: stride,
        xtp: 0,
        partStride: 0,
        groups: 0,
        partials: 0,
        l2,
        sizes: sizes.ptr,
        add: 0,
        sweeps: 0,
      });
      this.pool.run('gradientSizeRows', parts, [args.ptr], 1);
      let size = 0;
      for (let part = 0; part < parts; part++) size += sizes.view[part];
      return size;
    } finally {
      undo();
    }
  }

  async hals(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, sweeps = 1): Promise<void> {
    const { kp } = P;
    const p = ptr(P),
      x = ptr(XB);
    const undo = this.checkpoint();
    try {
      const g = this.mem.block(kp * kp);
      g.view.set(G);
      this.pool.run('hals', P.rows, [p, x, g.ptr, k, kp, l1half, sweeps]);
    } finally {
      undo();
    }
  }

  async multiplicative(P: Buf, N: Buf, d: Denominator, k: number): Promise<void> {
    const undo = this.checkpoint();
    try {
      multiplicativeUpdate(P, N, d.G ? this.timesG(P, d.G, k).view : null, d, k);
    } finally {
      undo();
    }
  }

  async gradientStep(P: Buf, N: Buf, d: GradientTerms, k: number, beta: number, nonnegative: boolean): Promise<number> {
    const undo = this.checkpoint();
    try {
      const PG = d.G ? this.timesG(P, d.G, k).view : null;
      return gradientUpdate(P, N, PG, d, k, beta, nonnegative, this.mem.block(P.rows * P.kp).view);
    } finally {
      undo();
    }
  }

  async sums(P: Buf, k: number): Promise<FactorSums> {
    return factorSums(P, k);
  }

  async inner(A: Buf, B: Buf, k: number): Promise<number> {
    return innerProduct(A, B, k);
  }

  /** The held-out window pass on the kernels, over a fixed number of parts of the targets (the same sums
   *  on any number of threads); a file's missing entries on the host, in place. */
  async maskCorrection(
    mask: MaskedData,
    side: Side,
    P: Buf,
    Q: Buf,
    out: Buf | null,
    k: number,
    kind: 'gram' | 'sum',
  ): Promise<number> {
    const plan = mask.windowPlan(side);
    const total = plan
      ? windowTotals(this.mem, this.pool, plan, P, Q, out, k, kind, [{ from: 0, width: plan.threshold }])[0]
      : 0;
    return total + mask.missingCorrection(side, viewOf(P), viewOf(Q), k, P.kp, kind, out ? viewOf(out) : null);
  }

  /** The same pass's sums alone over each held-out range, W's rows the targets: one plan and one gather
   *  for all of them. */
  async heldOutSums(mask: MaskedData, W: Buf, Ht: Buf, k: number, kind: 'gram' | 'sum'): Promise<number[]> {
    const plan = mask.windowPlan('rows');
    return plan ? windowTotals(this.mem, this.pool, plan, W, Ht, null, k, kind, mask.heldOutRanges()) : [];
  }
}

/** How many fixed slices a Gram matrix of so many rows is summed in, whatever the thread count: the
 *  same data gives the same bits everywhere. */
function gramParts(rows: number): number {
  return Math.min(GRAM_SLICES, Math.max(1, Math.floor(rows / 256)));
}

/** The parts' kp × kp blocks added in order, the lower triangle mirrored (the kernel sums on and above
 *  the diagonal). */
function sumParts(blocks: Float64Array, parts: number, kp: number): Float64Array {
  const size = kp * kp,
    G = new Float64Array(size);
  for (let p = 0; p < parts; p++) for (let q = 0; q < size; q++) G[q] += blocks[p * size + q];
  for (let t = 1; t < kp; t++) for (let u = 0; u < t; u++) G[t * kp + u] = G[u * kp + t];
  return G;
}
