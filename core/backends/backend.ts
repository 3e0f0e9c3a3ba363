// The operations every solver is written against, and nothing else: a solver never knows which device
// runs it (the way tfjs-core's kernels sit behind one backend interface).
//
// Factor matrices are stored padded and row by row: W as rows × kp, and H as its transpose Hᵀ
// (cols × kp), so that both products with X read a factor row by row. They live where the device
// computes (host memory for the CPU devices, GPU memory for webgpu): a solver holds `Buf` handles and
// reaches the numbers only through the operations below, so an iteration moves O(k²) numbers between
// host and device, never a factor.
import type { Along } from '../distributed/sharded-matrix.js';
import type { RowShard } from '../distributed/shard.js';
import type { MaskedData } from '../mask.js';
import type { Matrix } from '../matrix.js';

/** The devices' names, one key each: every device's module adds its own (`declare module` … `interface
 *  DeviceNames`) beside its descriptor, so that a new device needs no edit here. */
export interface DeviceNames {}
export type DeviceName = keyof DeviceNames;

/** Which side of X a product runs on: 'rows' is X·B (B has X's columns as rows), 'cols' is Xᵀ·B. */
export type Side = 'rows' | 'cols';

/** A rows × kp float32 buffer where the device keeps it. Opaque: read and write it through the device. */
export interface Buf {
  readonly rows: number;
  readonly kp: number;
}

/** Bytes moved between host and device since the matrix was bound, each way. */
export interface Transfers {
  up: number;
  down: number;
}

/** Sums over the k used columns of a factor, in float64. */
export interface FactorSums {
  /** Σᵢ P[i, t] for each t < kp. */
  columns: Float64Array;
  /** Σ |P| and Σ P². */
  abs: number;
  squares: number;
}

/** The shared update of multiplicative and gradient steps, per entry (i, t < k):
 *  D = (P·G)[i, t] + c[t] + a·P[i, t]   (G is kp × kp, or absent: no P·G term). */
export interface Denominator {
  G: Float64Array | null;
  c: Float64Array;
  a: number;
}

/** gd's gradient, per entry: gScale·(P·G) − nScale·N + c + a·P + l1·sign(P). */
export interface GradientTerms extends Denominator {
  gScale: number;
  nScale: number;
  l1: number;
}

/** X as a device holds it (with its transpose), and the operations on it. */
export interface BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Where X is one rank's block of rows of a matrix spread over ranks (distributed/): its place. */
  readonly shard?: RowShard;
  /** A zeroed rows × kp buffer on the device; `along` says whether its rows are X's rows or columns
   *  (a block of rows may have as many rows as X has columns). */
  alloc(rows: number, kp: number, along?: Along): Buf;
  /** Host → device: `data` holds rows × kp values. */
  write(P: Buf, data: Float32Array): Promise<void>;
  /** Device → host. */
  read(P: Buf): Promise<Float32Array>;
  /** Frees X's storage and every buffer allocated from it. */
  dispose(): void;
  /** Frees every buffer allocated after this call when the returned function runs. */
  checkpoint(): () => void;
  /** out = X·B (side 'rows', B is cols × kp) or Xᵀ·B (side 'cols', B is rows × kp). */
  times(side: Side, B: Buf, out: Buf): Promise<void>;
  /** Generalized KL: with Y = A·Bᵀ, out = (X ./ Y)·B on the given side; returns Σ x·log(x/y) over the
   *  nonzeros when `loss` is true (the default), else 0 (a device may then skip the logarithms). */
  klTimes(side: Side, A: Buf, B: Buf, out: Buf, loss?: boolean): Promise<number>;
  /** BᵀB (kp × kp), summed in float64 where it leaves the device. */
  gram(B: Buf): Promise<Float64Array>;
  /** `sweeps` HALS sweeps (default 1) over P's k columns with XB and G fixed: each sweeps
   *  P[:, t] ← max(0, P[:, t] − (P·G[:, t] − XB[:, t] + l1half) / G[t, t]) in turn for t < k, each column
   *  seeing the ones already updated (G has l2 on its diagonal). */
  hals(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, sweeps?: number): Promise<void>;
  /** hals on the rows' side with its product fused: the sweep of `hals` with XB = X·Q, made a block of
   *  rows at a time (never stored whole), then PᵀP as `gram` gives it, the same numbers as the three
   *  operations run apart; with XtP, also XtP = Xᵀ·P of the updated P (as `times('cols')` gives it, up to
   *  the order of its sums); with `add` (rows × kp), XB = X·Q + add (a mask's correction); `sweeps` as
   *  hals'. Optional: a device without it runs them apart. */
  halsRows?(
    P: Buf,
    Q: Buf,
    G: Float64Array,
    k: number,
    l1half: number,
    XtP?: Buf | null,
    add?: Buf | null,
    sweeps?: number,
  ): Promise<Float64Array>;
  /** Σ|PG| of hals' stopping rule (convergence.ts) for F/2's gradient P·G + l2·P − XB + l1half, G the
   *  other factor's Gram (kp × kp), summed in float64 over this device's rows of P (no reduction across
   *  ranks). Optional: without it the solver reads P and XB and sums on the host. */
  gradientSize?(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, l2: number): Promise<number>;
  /** gradientSize of P against XB = X·Q made a block of rows at a time (never stored whole), as
   *  halsRows makes it: the check of a fused W half needs no rows × kp buffer. Optional. */
  gradientSizeOfRows?(P: Buf, Q: Buf, G: Float64Array, k: number, l1half: number, l2: number): Promise<number>;
  /** Lee–Seung: P ← P ∘ N / max(D, 1e-30), D as in `Denominator`, on the k used columns. */
  multiplicative(P: Buf, N: Buf, d: Denominator, k: number): Promise<void>;
  /** gd: ∇ = gScale·(P·G) − nScale·N + c + a·P + l1·sign(P) (sign(0) = 1 under nonnegativity), then
   *  P ← P − beta·∇/‖∇‖ (then P ≥ 0 if asked); returns ‖∇‖ (float64). A zero gradient leaves P as it is. */
  gradientStep(P: Buf, N: Buf, d: GradientTerms, k: number, beta: number, nonnegative: boolean): Promise<number>;
  /** out = P·M for a small M (P.kp × out.kp, row-major float64), each entry summed in float64 over P's
   *  columns in order and rounded once; `upper` (M upper triangular) allows out = P. The randomized SVD's
   *  orthonormalization and singular vectors (svd.ts). Optional: without it svd.ts reads P and makes the
   *  product on the host, with the same sums. */
  timesSmall?(P: Buf, M: Float64Array, out: Buf, upper: boolean): Promise<void>;
  /** Column sums, Σ|P| and ΣP² over the k used columns. */
  sums(P: Buf, k: number): Promise<FactorSums>;
  /** ⟨A, B⟩ over the k used columns (float64). */
  inner(A: Buf, B: Buf, k: number): Promise<number>;
  /** The held-out Σ y² ('gram') or Σ y ('sum') of W·H over each of the mask's held-out ranges
   *  (MaskedData.heldOutRanges; what HoldoutPattern.windowPass('rows', …) sums on the host), where the
   *  device runs the pass itself. */
  heldOutSums?(mask: MaskedData, W: Buf, Ht: Buf, k: number, kind: 'gram' | 'sum'): Promise<number[]>;
  /** A mask's EM correction of a half step (mask.ts): for each row i of P with masked entries Sᵢ,
   *  out[i] += Σ_{j∈Sᵢ} (pᵢ·qⱼ) qⱼ ('gram') or Σ_{j∈Sᵢ} qⱼ ('sum'); returns Σᵢ pᵢ·(that sum), float64.
   *  out null: the sum alone. */
  maskCorrection(
    mask: MaskedData,
    side: Side,
    P: Buf,
    Q: Buf,
    out: Buf | null,
    k: number,
    kind: 'gram' | 'sum',
  ): Promise<number>;
  /** Bytes moved each way so far. */
  transfers(): Transfers;
}

export interface Backend {
  readonly device: DeviceName;
  /** What runs the kernels, in words (an adapter's name, a thread count). */
  readonly description: string;
  bind(X: Matrix): Promise<BoundMatrix>;
  dispose(): Promise<void>;
}
