// The operations every solver is written against, and nothing else: a solver never knows which device
// runs it (the way tfjs-core's kernels sit behind one backend interface).
//
// Factor matrices are stored transposed-free and padded: W as rows × kp, and H as its transpose Hᵀ
// (cols × kp), so that both products with X read a factor row by row.
import type { Matrix } from '../matrix.js';

export type DeviceName = 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';
export const DEVICES: readonly DeviceName[] = ['webgpu', 'headlessgl', 'webasm', 'cpu'];

/** Which side of X a product runs on: 'rows' is X·B (B has X's columns as rows), 'cols' is Xᵀ·B. */
export type Side = 'rows' | 'cols';

/** X as a device holds it (with its transpose), and the operations on it. All are asynchronous, since a
 *  GPU answers later; buffers come from `alloc` so that a device can keep them where its kernels read. */
export interface BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  /** A zeroed rows × kp factor buffer. */
  alloc(rows: number, kp: number): Float32Array;
  /** Frees X's storage and every buffer allocated from it. */
  dispose(): void;
  /** Frees every buffer allocated after this call when the returned function runs. */
  checkpoint(): () => void;
  /** out = X·B (side 'rows', B is cols × kp) or Xᵀ·B (side 'cols', B is rows × kp). */
  times(side: Side, B: Float32Array, kp: number, out: Float32Array): Promise<void>;
  /** Generalized KL: with Y = A·Bᵀ, out = (X ./ Y)·B on the given side; returns Σ x·log(x/y) over the
   *  nonzeros when `loss` is true (the default), else 0 (a device may then skip the logarithms). */
  klTimes(side: Side, A: Float32Array, B: Float32Array, kp: number, out: Float32Array, loss?: boolean): Promise<number>;
  /** BᵀB for B (rows × kp), summed in float64. */
  gram(B: Float32Array, rows: number, kp: number): Promise<Float64Array>;
  /** out = A·S for A (rows × kp) and a small S (kp × kp, first k rows used). */
  timesSmall(A: Float32Array, rows: number, S: Float32Array, k: number, kp: number, out: Float32Array): Promise<void>;
  /** One HALS sweep over P's k columns (see kernels: G includes l2 on its diagonal). */
  hals(P: Float32Array, XB: Float32Array, G: Float32Array, rows: number, k: number, kp: number, l1half: number): Promise<void>;
}

export interface Backend {
  readonly device: DeviceName;
  /** What runs the kernels, in words (an adapter's name, a thread count). */
  readonly description: string;
  bind(X: Matrix): Promise<BoundMatrix>;
  dispose(): Promise<void>;
}
