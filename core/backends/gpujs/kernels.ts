// Every operation of the gpu.js device as a gpu.js kernel: plain functions whose source gpu.js
// transpiles (to WGSL on WebGPU, GLSL on WebGL, JavaScript in cpu mode).
//
// Written in the subset that gpu.js translates correctly to WGSL:
// - Outputs are 2-D [kp, rows] (or 3-D for partial sums) so that row and column are the integer thread
//   indices; a local variable assigned from an integer becomes a float in gpu.js, so index arithmetic
//   uses this.thread.* and integer arguments inline, never a local.
// - Loops count from 0 with an integer bound and add their offset inside: a counter started from an
//   array value is typed as a float, and WGSL refuses ++ on a float.
// - Array values are float32: CSR offsets and column indices are exact below 2²⁴ (the device checks).
// `kp` is the padded rank; padding columns of every factor stay zero.
import { KL_FLOOR, TINY } from '../../floors.js';

/** The floors of core/floors.ts reach the kernels as gpu.js constants (baked into WGSL as literals). */
export const KERNEL_CONSTANTS = { tiny: TINY, klFloor: KL_FLOOR };

export interface KernelThis {
  thread: { x: number; y: number; z: number };
  constants: typeof KERNEL_CONSTANTS;
}

/** gpu.js's types of a kernel's arguments, in order: 'Array' for an array; for a number, 'Integer' (gpu.js
 *  must be told, to index with it) or 'Float'. */
type TypesOf<P extends unknown[]> = { [I in keyof P]: P[I] extends number[] ? 'Array' : 'Integer' | 'Float' };
/** A call's arguments for parameters P: `V` for each array, a number for each number. */
type ArgsOf<P extends unknown[], V> = { [I in keyof P]: P[I] extends number[] ? V : number };

/** A kernel as the device makes it: the function gpu.js transpiles, its arguments' gpu.js types, and a
 *  tiny call that checkKernels runs (its output shape also gives the kernel's number of dimensions). */
export interface GpuKernel<P extends unknown[]> {
  fn: (this: KernelThis, ...args: P) => number;
  types: TypesOf<P>;
  check: { output: number[]; args: ArgsOf<P, Float32Array> };
}

/** A kernel declared with its argument types, which the compiler holds to the function's parameters. */
function kernel<P extends unknown[]>(
  types: TypesOf<P>,
  check: GpuKernel<P>['check'],
  fn: (this: KernelThis, ...args: P) => number,
): GpuKernel<P> {
  return { fn, types, check };
}

/** Inputs of the checks: one row of four with a single 1, and a vector for c. */
const ONE = Float32Array.of(1, 0, 0, 0),
  TWO = Float32Array.of(0, 1, 1);

/** out[i, c] = Σₚ a[i, p]·b[p, c] (a has row stride lda, n columns used). */
export const denseTimes = kernel(
  ['Array', 'Integer', 'Integer', 'Array', 'Integer'],
  { output: [1, 1], args: [ONE, 4, 4, ONE, 1] },
  function denseTimes(this: KernelThis, a: number[], lda: number, n: number, b: number[], kp: number): number {
    let s = 0;
    for (let p = 0; p < n; p++) s += a[this.thread.y * lda + p] * b[p * kp + this.thread.x];
    return s;
  },
);

export const csrTimes = kernel(
  ['Array', 'Array', 'Array', 'Array', 'Integer'],
  { output: [1, 1], args: [Float32Array.of(0, 1), Float32Array.of(0), ONE, ONE, 1] },
  function csrTimes(
    this: KernelThis,
    indptr: number[],
    indices: number[],
    data: number[],
    b: number[],
    kp: number,
  ): number {
    const start = indptr[this.thread.y];
    const count = indptr[this.thread.y + 1] - start;
    let s = 0;
    for (let q = 0; q < count; q++) s += data[start + q] * b[indices[start + q] * kp + this.thread.x];
    return s;
  },
);

/** The fused KL pass on dense X, with y = A[i]·B[j] over the k used columns and x > 0 only:
 *  loss = 0 gives out[i, c] = Σⱼ (x/y)·B[j, c] (output [kp, rows]); loss = 1 gives Σⱼ x·log(x/y)
 *  (output [1, rows]). One kernel for both, so that the two can never disagree on y. */
export const denseKl = kernel(
  ['Array', 'Integer', 'Array', 'Array', 'Integer', 'Integer', 'Integer'],
  { output: [1, 1], args: [ONE, 4, ONE, ONE, 1, 1, 1] },
  function denseKl(
    this: KernelThis,
    x: number[],
    n: number,
    a: number[],
    b: number[],
    kp: number,
    k: number,
    loss: number,
  ): number {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = x[this.thread.y * n + j];
      if (v > 0) {
        let y = 0.0;
        for (let u = 0; u < k; u++) y += a[this.thread.y * kp + u] * b[j * kp + u];
        if (loss > 0) s += v * Math.log(v / Math.max(y, this.constants.klFloor));
        else s += (v / Math.max(y, this.constants.klFloor)) * b[j * kp + this.thread.x];
      }
    }
    return s;
  },
);

export const csrKl = kernel(
  ['Array', 'Array', 'Array', 'Array', 'Array', 'Integer', 'Integer', 'Integer'],
  { output: [1, 1], args: [Float32Array.of(0, 1), Float32Array.of(0), ONE, ONE, ONE, 1, 1, 1] },
  function csrKl(
    this: KernelThis,
    indptr: number[],
    indices: number[],
    data: number[],
    a: number[],
    b: number[],
    kp: number,
    k: number,
    loss: number,
  ): number {
    const start = indptr[this.thread.y];
    const count = indptr[this.thread.y + 1] - start;
    let s = 0;
    for (let q = 0; q < count; q++) {
      const v = data[start + q];
      if (v > 0) {
        const j = indices[start + q];
        let y = 0.0;
        for (let u = 0; u < k; u++) y += a[this.thread.y * kp + u] * b[j * kp + u];
        if (loss > 0) s += v * Math.log(v / Math.max(y, this.constants.klFloor));
        else s += (v / Math.max(y, this.constants.klFloor)) * b[j * kp + this.thread.x];
      }
    }
    return s;
  },
);

/** Partial Gram sums, output [kp, kp, parts]: slice z sums rows z, z + parts, z + 2·parts, … */
export const gramPartials = kernel(
  ['Array', 'Integer', 'Integer', 'Integer', 'Integer'],
  { output: [1, 1, 2], args: [ONE, 4, 1, 2, 2] },
  function gramPartials(this: KernelThis, b: number[], rows: number, kp: number, parts: number, per: number): number {
    let s = 0;
    for (let r = 0; r < per; r++) {
      if (this.thread.z + r * parts < rows)
        s += b[(this.thread.z + r * parts) * kp + this.thread.y] * b[(this.thread.z + r * parts) * kp + this.thread.x];
    }
    return s;
  },
);

/** Partial column sums of P, output [kp, 3, parts]: y = 0 the values, 1 their absolute values, 2 squares. */
export const columnPartials = kernel(
  ['Array', 'Integer', 'Integer', 'Integer', 'Integer'],
  { output: [1, 1, 2], args: [ONE, 4, 1, 2, 2] },
  function columnPartials(this: KernelThis, p: number[], rows: number, kp: number, parts: number, per: number): number {
    let s = 0;
    for (let r = 0; r < per; r++) {
      if (this.thread.z + r * parts < rows) {
        const v = p[(this.thread.z + r * parts) * kp + this.thread.x];
        if (this.thread.y === 0) s += v;
        else if (this.thread.y === 1) s += Math.abs(v);
        else s += v * v;
      }
    }
    return s;
  },
);

/** Partial sums of A ∘ B per column, output [kp, parts]. */
export const innerPartials = kernel(
  ['Array', 'Array', 'Integer', 'Integer', 'Integer', 'Integer'],
  { output: [1, 1], args: [ONE, ONE, 4, 1, 2, 2] },
  function innerPartials(
    this: KernelThis,
    a: number[],
    b: number[],
    rows: number,
    kp: number,
    parts: number,
    per: number,
  ): number {
    let s = 0;
    for (let r = 0; r < per; r++) {
      if (this.thread.y + r * parts < rows)
        s += a[(this.thread.y + r * parts) * kp + this.thread.x] * b[(this.thread.y + r * parts) * kp + this.thread.x];
    }
    return s;
  },
);

/** One column t of a HALS sweep over the whole of P: other columns are copied as they are. */
export const halsColumn = kernel(
  ['Array', 'Array', 'Array', 'Integer', 'Integer', 'Float'],
  { output: [1, 1], args: [ONE, ONE, ONE, 0, 1, 0] },
  function halsColumn(
    this: KernelThis,
    p: number[],
    xb: number[],
    g: number[],
    t: number,
    kp: number,
    l1half: number,
  ): number {
    if (this.thread.x !== t) return p[this.thread.y * kp + this.thread.x];
    let s = 0;
    for (let u = 0; u < kp; u++) s += p[this.thread.y * kp + u] * g[t * kp + u];
    return Math.max(p[this.thread.y * kp + t] - (s - xb[this.thread.y * kp + t] + l1half) / g[t * kp + t], 0);
  },
);

/** Lee–Seung: P ∘ N / max(P·G + c + a·P, tiny) (useG = 0 leaves out P·G). */
export const multiplicative = kernel(
  ['Array', 'Array', 'Array', 'Integer', 'Array', 'Float', 'Integer', 'Integer'],
  { output: [1, 1], args: [ONE, ONE, ONE, 1, TWO, 0, 1, 1] },
  function multiplicative(
    this: KernelThis,
    p: number[],
    nb: number[],
    g: number[],
    useG: number,
    c: number[],
    a: number,
    kp: number,
    k: number,
  ): number {
    if (this.thread.x >= k) return 0;
    let s = 0;
    if (useG > 0) for (let u = 0; u < k; u++) s += p[this.thread.y * kp + u] * g[u * kp + this.thread.x];
    const v = p[this.thread.y * kp + this.thread.x];
    return (v * nb[this.thread.y * kp + this.thread.x]) / Math.max(s + c[this.thread.x] + a * v, this.constants.tiny);
  },
);

/** gd's gradient: gScale·(P·G) − nScale·N + c + a·P + l1·sign(P), sign(0) = nonnegative. */
export const gradient = kernel(
  ['Array', 'Array', 'Array', 'Integer', 'Array', 'Float', 'Integer', 'Integer', 'Float', 'Float', 'Float', 'Integer'],
  { output: [1, 1], args: [ONE, ONE, ONE, 1, TWO, 0, 1, 1, 2, 2, 0, 1] },
  function gradient(
    this: KernelThis,
    p: number[],
    nb: number[],
    g: number[],
    useG: number,
    c: number[],
    a: number,
    kp: number,
    k: number,
    gScale: number,
    nScale: number,
    l1: number,
    nonnegative: number,
  ): number {
    if (this.thread.x >= k) return 0;
    let s = 0;
    if (useG > 0) for (let u = 0; u < k; u++) s += p[this.thread.y * kp + u] * g[u * kp + this.thread.x];
    const v = p[this.thread.y * kp + this.thread.x];
    let sign = 0;
    if (v > 0 || (nonnegative > 0 && v === 0)) sign = 1;
    else if (v < 0) sign = -1;
    return gScale * s - nScale * nb[this.thread.y * kp + this.thread.x] + c[this.thread.x] + a * v + l1 * sign;
  },
);

/** P − step·∇, then ≥ 0 if asked. */
export const step = kernel(
  ['Array', 'Array', 'Float', 'Integer', 'Integer'],
  { output: [1, 1], args: [ONE, ONE, 0.5, 1, 1] },
  function step(
    this: KernelThis,
    p: number[],
    grad: number[],
    length: number,
    nonnegative: number,
    kp: number,
  ): number {
    const v = p[this.thread.y * kp + this.thread.x] - length * grad[this.thread.y * kp + this.thread.x];
    if (nonnegative > 0 && v < 0) return 0;
    return v;
  },
);

/** Every kernel of the device, by name. */
export const GPUJS_KERNELS = {
  denseTimes,
  csrTimes,
  denseKl,
  csrKl,
  gramPartials,
  columnPartials,
  innerPartials,
  halsColumn,
  multiplicative,
  gradient,
  step,
};

export type KernelName = keyof typeof GPUJS_KERNELS;

/** What a call of kernel `K` passes: a device value `V` for each array argument, a number for the others. */
export type KernelArgs<K extends KernelName, V> = ArgsOf<Parameters<(typeof GPUJS_KERNELS)[K]['fn']>, V>;
