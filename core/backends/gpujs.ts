// The gpu.js device: each operation written once as a gpu.js kernel, run by gpu.js on WebGPU, headless
// WebGL or its plain-JavaScript cpu mode. Kernels compute one output per thread over flat buffers;
// on the CPU that is the reference the hand-tuned webasm kernels are tested against.
import { GPU, type IKernelRunShortcut } from 'gpu.js';
import type { Matrix } from '../matrix.js';
import { transpose } from '../matrix.js';
import type { Backend, BoundMatrix, DeviceName, Side } from './backend.js';

/** gpu.js modes this backend runs in; 'webasm' (gpu.js's own WebAssembly mode) only for benchmarks,
 *  since the webasm device uses the hand-written kernels. */
export type GpuMode = 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';
type KernelThis = { thread: { x: number } };

// Kernel bodies are plain functions: gpu.js transpiles their source, so they use only arithmetic,
// loops and the thread index. `kp` is the padded rank; padding lanes of B are zero.
function denseTimes(this: KernelThis, a: number[], lda: number, n: number, b: number[], kp: number): number {
  const i = Math.floor(this.thread.x / kp);
  const c = this.thread.x - i * kp;
  let s = 0;
  for (let p = 0; p < n; p++) s += a[i * lda + p] * b[p * kp + c];
  return s;
}

function csrTimes(this: KernelThis, indptr: number[], indices: number[], data: number[], b: number[], kp: number): number {
  const i = Math.floor(this.thread.x / kp);
  const c = this.thread.x - i * kp;
  let s = 0;
  for (let q = indptr[i]; q < indptr[i + 1]; q++) s += data[q] * b[indices[q] * kp + c];
  return s;
}

// KL on a CSR layout (dense X is bound as CSR for this device): y = A[i]·B[j], out = Σ (x/y)·B[j, c].
function csrKl(this: KernelThis, indptr: number[], indices: number[], data: number[], a: number[], b: number[], kp: number): number {
  const i = Math.floor(this.thread.x / kp);
  const c = this.thread.x - i * kp;
  let s = 0;
  for (let q = indptr[i]; q < indptr[i + 1]; q++) {
    const j = indices[q];
    let y = 0;
    for (let u = 0; u < kp; u++) y += a[i * kp + u] * b[j * kp + u];
    s += (data[q] / Math.max(y, 1e-12)) * b[j * kp + c];
  }
  return s;
}

function csrKlLoss(this: KernelThis, indptr: number[], indices: number[], data: number[], a: number[], b: number[], kp: number): number {
  const i = this.thread.x;
  let s = 0;
  for (let q = indptr[i]; q < indptr[i + 1]; q++) {
    const j = indices[q];
    let y = 0;
    for (let u = 0; u < kp; u++) y += a[i * kp + u] * b[j * kp + u];
    s += data[q] * Math.log(data[q] / Math.max(y, 1e-12));
  }
  return s;
}

function gram(this: KernelThis, b: number[], rows: number, kp: number): number {
  const t = Math.floor(this.thread.x / kp);
  const u = this.thread.x - t * kp;
  let s = 0;
  for (let i = 0; i < rows; i++) s += b[i * kp + t] * b[i * kp + u];
  return s;
}

// One column t of a HALS sweep: the other columns are as the sweep left them.
function halsColumn(this: KernelThis, p: number[], xb: number[], g: number[], t: number, kp: number, l1half: number): number {
  const i = this.thread.x;
  let s = 0;
  for (let u = 0; u < kp; u++) s += p[i * kp + u] * g[t * kp + u];
  const v = p[i * kp + t] - (s - xb[i * kp + t] + l1half) / g[t * kp + t];
  return Math.max(v, 0);
}

interface CsrArrays { indptr: Int32Array; indices: Int32Array; data: Float32Array }
interface Stored { rows: number; cols: number; dense?: Float32Array; csr: CsrArrays }

export class GpuJsBackend implements Backend {
  readonly device: DeviceName;
  readonly description: string;
  private readonly kernels: Record<string, IKernelRunShortcut>;

  constructor(private readonly gpu: GPU, mode: GpuMode, description: string) {
    this.device = mode;
    this.description = description;
    const settings = { dynamicOutput: true, dynamicArguments: true, output: [1], loopMaxIterations: 1 << 20, tactic: 'precision' as const };
    const make = (f: (...a: never[]) => number) => gpu.createKernel(f as never, settings);
    this.kernels = {
      denseTimes: make(denseTimes), csrTimes: make(csrTimes), csrKl: make(csrKl),
      csrKlLoss: make(csrKlLoss), gram: make(gram), halsColumn: make(halsColumn),
    };
  }

  /** Run one kernel over `size` outputs and return them as a flat float32 array. */
  async call(name: string, size: number, ...args: unknown[]): Promise<Float32Array> {
    const kernel = this.kernels[name];
    kernel.setOutput([size]);
    const result = await (kernel as unknown as (...a: unknown[]) => Promise<Float32Array> | Float32Array)(...args);
    return result instanceof Float32Array ? result : Float32Array.from(result as ArrayLike<number>);
  }

  async bind(X: Matrix): Promise<BoundMatrix> { return new GpuJsBound(this, X); }

  async dispose(): Promise<void> {
    for (const k of Object.values(this.kernels)) k.destroy();
    await this.gpu.destroy();
  }
}

function toCsrArrays(X: Matrix): CsrArrays {
  if (X.kind === 'csr') return X;
  const indptr = new Int32Array(X.rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[i * X.cols + j];
      if (v !== 0) { indices.push(j); data.push(v); }
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), data: Float32Array.from(data) };
}

class GpuJsBound implements BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  private readonly sides: Record<Side, Stored>;

  constructor(private readonly be: GpuJsBackend, X: Matrix) {
    this.rows = X.rows;
    this.cols = X.cols;
    const store = (M: Matrix): Stored => ({ rows: M.rows, cols: M.cols, dense: M.kind === 'dense' ? M.data : undefined, csr: toCsrArrays(M) });
    this.sides = { rows: store(X), cols: store(transpose(X)) };
  }

  alloc(rows: number, kp: number): Float32Array { return new Float32Array(rows * kp); }
  checkpoint(): () => void { return () => undefined; }
  dispose(): void { /* plain arrays: the garbage collector frees them */ }

  async times(side: Side, B: Float32Array, kp: number, out: Float32Array): Promise<void> {
    const s = this.sides[side];
    const size = s.rows * kp;
    out.set(s.dense
      ? await this.be.call('denseTimes', size, s.dense, s.cols, s.cols, B, kp)
      : await this.be.call('csrTimes', size, s.csr.indptr, s.csr.indices, s.csr.data, B, kp));
  }

  async klTimes(side: Side, A: Float32Array, B: Float32Array, kp: number, out: Float32Array, wantLoss = true): Promise<number> {
    const { rows, csr } = this.sides[side];
    out.set(await this.be.call('csrKl', rows * kp, csr.indptr, csr.indices, csr.data, A, B, kp));
    if (!wantLoss) return 0;
    const loss = await this.be.call('csrKlLoss', rows, csr.indptr, csr.indices, csr.data, A, B, kp);
    let total = 0;
    for (let i = 0; i < rows; i++) total += loss[i];
    return total;
  }

  async gram(B: Float32Array, rows: number, kp: number): Promise<Float64Array> {
    return Float64Array.from(await this.be.call('gram', kp * kp, B, rows, kp));
  }

  async timesSmall(A: Float32Array, rows: number, S: Float32Array, k: number, kp: number, out: Float32Array): Promise<void> {
    out.set(await this.be.call('denseTimes', rows * kp, A, kp, k, S, kp));
  }

  async hals(P: Float32Array, XB: Float32Array, G: Float32Array, rows: number, k: number, kp: number, l1half: number): Promise<void> {
    for (let t = 0; t < k; t++) {
      if (!(G[t * kp + t] > 0)) continue;
      const column = await this.be.call('halsColumn', rows, P, XB, G, t, kp, l1half);
      for (let i = 0; i < rows; i++) P[i * kp + t] = column[i];
    }
  }
}
