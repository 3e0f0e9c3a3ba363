// X bound to the gpu.js device (index.ts) and every operation of the interface on it: gpu.js kernels,
// and on WebGPU the WGSL products and Gram matrices on the same buffers.
import { dataError } from '../../errors.js';
import type { MaskedData } from '../../mask.js';
import type { Matrix } from '../../matrix.js';
import { transpose } from '../../matrix.js';
import type { BoundMatrix, Buf, Denominator, FactorSums, GradientTerms, Side, Transfers } from '../backend.js';
import type { Handle, Value, WebGpuContext } from './handles.js';
import { isHandle, WebGPUBufferResult } from './handles.js';
import type { GpuJsBackend } from './index.js';
import type { KernelArgs, KernelName } from './kernels.js';
import { EXACT, MAX_ROWS } from './limits.js';
import type { WgslKernels } from './wgsl.js';
import { checkFactor } from './wgsl-storage.js';

/** Slices summed apart on the device and added in float64 on the host: Gram matrices, other sums. A
 *  fixed count, so that the bytes an iteration moves do not depend on the data's size. */
const DEVICE_GRAM_PARTS = 16;
const SUM_PARTS = 32;

class GpuBuf implements Buf {
  constructor(
    readonly rows: number,
    readonly kp: number,
    public value: Value,
  ) {}
}

/** X (one side) as the kernels read it. With WGSL, CSR offsets and indices are u32 (`indptrU`,
 *  `indicesU`), and their float32 copies for gpu.js's KL kernel are made on the device when first read. */
interface StoredX {
  rows: number;
  cols: number;
  nnz: number;
  dense?: Value;
  indptr?: Value;
  indices?: Value;
  data?: Value;
  indptrU?: GPUBuffer;
  indicesU?: GPUBuffer;
}

export class GpuJsBound implements BoundMatrix {
  readonly rows: number;
  readonly cols: number;
  private readonly moved: Transfers = { up: 0, down: 0 };
  private readonly sides: Record<Side, StoredX>;
  private readonly bufs: GpuBuf[] = [];

  constructor(
    private readonly be: GpuJsBackend,
    X: Matrix,
    private readonly context: WebGpuContext | null,
    private readonly wgsl: WgslKernels | null,
  ) {
    this.rows = X.rows;
    this.cols = X.cols;
    if (context) {
      if (Math.max(X.rows, X.cols) > MAX_ROWS)
        throw dataError(
          `the matrix has ${Math.max(X.rows, X.cols)} rows or columns; the webgpu device dispatches ` +
            `at most ${MAX_ROWS}: use --device webasm`,
        );
      if (!wgsl) this.floatIndexed(X.kind === 'csr' ? X.data.length : 0, 0);
    }
    const u32 = (a: Int32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
    const store = (M: Matrix): StoredX =>
      M.kind === 'dense'
        ? { rows: M.rows, cols: M.cols, nnz: 0, dense: this.upload(M.data) }
        : wgsl
          ? {
              rows: M.rows,
              cols: M.cols,
              nnz: M.data.length,
              indptrU: wgsl.upload(u32(M.indptr), this.moved),
              indicesU: wgsl.upload(u32(M.indices), this.moved),
              data: this.upload(M.data),
            }
          : {
              rows: M.rows,
              cols: M.cols,
              nnz: M.data.length,
              indptr: this.upload(M.indptr),
              indices: this.upload(M.indices),
              data: this.upload(M.data),
            };
    this.sides = { rows: store(X), cols: store(transpose(X)) };
  }

  /** gpu.js's sparse kernels index in float32: refuse a CSR X (nnz nonzeros) or a width kp past that. */
  private floatIndexed(nnz: number, kp: number): void {
    if (nnz >= EXACT)
      throw dataError(
        `the matrix has ${nnz} nonzeros; the webgpu device's KL pass indexes sparse data in ` +
          `float32, exact below ${EXACT}: use --device webasm or --loss frobenius`,
      );
    if (nnz > 0 && Math.max(this.rows, this.cols) * kp >= EXACT)
      throw dataError(
        `rows × k is over ${EXACT}: the webgpu device's KL pass indexes sparse data in float32; use ` +
          `--device webasm or --loss frobenius`,
      );
  }

  /** A side's CSR offsets and indices as gpu.js reads them (float32), made on the device once. */
  private floatIndices(s: StoredX, kp: number): void {
    this.floatIndexed(s.nnz, kp);
    if (s.indptr || !this.wgsl) return;
    const wrap = (buffer: GPUBuffer, length: number) =>
      new WebGPUBufferResult({ buffer, output: [length], context: this.context!, kernel: null });
    s.indptr = wrap(this.wgsl.toFloat(s.indptrU!, s.rows + 1, this.moved), s.rows + 1);
    s.indices = wrap(this.wgsl.toFloat(s.indicesU!, s.nnz, this.moved), s.nnz);
  }

  /** Host data as a device value (a GPU buffer of float32 when resident). */
  private upload(values: Float32Array | Int32Array): Value {
    if (!this.context) return values;
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const { device } = this.context;
    const max = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    if (data.byteLength > max)
      throw dataError(
        `a buffer of ${data.byteLength} bytes is over this GPU's limit of ${max} per buffer: use --device webasm`,
      );
    const buffer = device.createBuffer({
      size: Math.max(16, Math.ceil(data.byteLength / 16) * 16),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      mappedAtCreation: true,
    });
    new Float32Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    this.moved.up += data.byteLength;
    return new WebGPUBufferResult({ buffer, output: [data.length], context: this.context, kernel: null });
  }

  private async download(v: Value, length: number): Promise<Float32Array> {
    if (!isHandle(v)) return Float32Array.from(v.subarray(0, length));
    const { device } = this.context!;
    const bytes = length * 4;
    const staging = device.createBuffer({
      size: Math.max(4, bytes),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(v.buffer, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    staging.destroy();
    this.moved.down += bytes;
    return out;
  }

  private release(v: Value | undefined): void {
    if (v && isHandle(v)) v.delete();
  }

  /** P takes a kernel's result; its old buffer goes. */
  private replace(P: Buf, v: Value): void {
    const b = P as GpuBuf;
    if (b.value !== v) this.release(b.value);
    b.value = v;
  }

  private run<K extends KernelName>(name: K, output: number[], args: KernelArgs<K, Value>): Promise<Value> {
    return this.be.run(name, output, args, this.moved);
  }

  alloc(rows: number, kp: number): Buf {
    let value: Value;
    if (this.context) {
      checkFactor(rows, kp, this.context.device);
      // WebGPU buffers start zeroed: nothing crosses
      const buffer = this.context.device.createBuffer({
        size: Math.max(16, rows * kp * 4),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      value = new WebGPUBufferResult({ buffer, output: [kp, rows], context: this.context, kernel: null });
    } else value = new Float32Array(rows * kp);
    const b = new GpuBuf(rows, kp, value);
    this.bufs.push(b);
    return b;
  }

  async write(P: Buf, data: Float32Array): Promise<void> {
    this.replace(P, this.upload(Float32Array.from(data)));
  }

  read(P: Buf): Promise<Float32Array> {
    return this.download((P as GpuBuf).value, P.rows * P.kp);
  }

  transfers(): Transfers {
    return { ...this.moved };
  }

  checkpoint(): () => void {
    const mark = this.bufs.length;
    return () => {
      for (const b of this.bufs.splice(mark)) this.release(b.value);
    };
  }

  dispose(): void {
    for (const b of this.bufs.splice(0)) this.release(b.value);
    for (const s of Object.values(this.sides ?? {})) {
      for (const v of [s.dense, s.indptr, s.indices, s.data]) this.release(v);
      s.indptrU?.destroy();
      s.indicesU?.destroy();
    }
  }

  /** A rows × kp GPU buffer for `out` to take a WGSL kernel's result: its own where that is one only it
   *  holds and not the input `B`, else a new one. */
  private target(out: Buf, B: Buf): GPUBuffer {
    const v = (out as GpuBuf).value,
      bytes = out.rows * out.kp * 4;
    const own =
      isHandle(v) &&
      v !== (B as GpuBuf).value &&
      (v.buffer as GPUBuffer & { _refs?: number })._refs === 1 &&
      v.buffer.size >= bytes;
    if (own) return v.buffer;
    const buffer = this.wgsl!.buffer(out.rows * out.kp);
    this.replace(
      out,
      new WebGPUBufferResult({ buffer, output: [out.kp, out.rows], context: this.context!, kernel: null }),
    );
    return buffer;
  }

  async times(side: Side, B: Buf, out: Buf): Promise<void> {
    const s = this.sides[side],
      kp = B.kp,
      b = (B as GpuBuf).value;
    const { wgsl } = this;
    if (wgsl) {
      const target = this.target(out, B),
        from = (b as Handle).buffer;
      await this.be.inTurn(() =>
        s.dense
          ? wgsl.denseTimes(s.rows, s.cols, (s.dense as Handle).buffer, from, kp, target, this.moved)
          : wgsl.csrTimes(s.rows, s.indptrU!, s.indicesU!, (s.data as Handle).buffer, from, kp, target, this.moved),
      );
      return;
    }
    if (!s.dense) this.floatIndexed(s.nnz, kp);
    this.replace(
      out,
      await (s.dense
        ? this.run('denseTimes', [kp, s.rows], [s.dense, s.cols, s.cols, b, kp])
        : this.run('csrTimes', [kp, s.rows], [s.indptr!, s.indices!, s.data!, b, kp])),
    );
  }

  async klTimes(side: Side, A: Buf, B: Buf, out: Buf, wantLoss = true): Promise<number> {
    // klTimes is not told k: y sums over all kp columns, whose padding is zero
    const s = this.sides[side],
      kp = B.kp,
      k = kp,
      a = (A as GpuBuf).value,
      b = (B as GpuBuf).value;
    if (!s.dense) await this.be.inTurn(() => this.floatIndices(s, kp));
    const kl = (output: number[], loss: number) =>
      s.dense
        ? this.run('denseKl', output, [s.dense, s.cols, a, b, kp, k, loss])
        : this.run('csrKl', output, [s.indptr!, s.indices!, s.data!, a, b, kp, k, loss]);
    this.replace(out, await kl([kp, s.rows], 0));
    if (!wantLoss) return 0;
    const losses = await kl([1, s.rows], 1);
    const total = (await this.partialSums(losses, s.rows, 1)).columns[0];
    this.release(losses);
    return total;
  }

  async gram(B: Buf): Promise<Float64Array> {
    const { rows, kp } = B,
      size = kp * kp;
    const { wgsl } = this;
    const parts = wgsl
      ? new WebGPUBufferResult({
          buffer: await this.be.inTurn(() =>
            wgsl.gramParts(((B as GpuBuf).value as Handle).buffer, rows, kp, DEVICE_GRAM_PARTS, this.moved),
          ),
          output: [size * DEVICE_GRAM_PARTS],
          context: this.context!,
          kernel: null,
        })
      : await this.run(
          'gramPartials',
          [kp, kp, DEVICE_GRAM_PARTS],
          [(B as GpuBuf).value, rows, kp, DEVICE_GRAM_PARTS, Math.ceil(rows / DEVICE_GRAM_PARTS)],
        );
    const p = await this.download(parts, size * DEVICE_GRAM_PARTS);
    this.release(parts);
    const G = new Float64Array(size);
    for (let r = 0; r < DEVICE_GRAM_PARTS; r++) for (let q = 0; q < size; q++) G[q] += p[r * size + q];
    return G;
  }

  /** Column sums, |·| sums and squares of v (rows × kp) from the device's partial sums, in float64. */
  private async partialSums(
    v: Value,
    rows: number,
    kp: number,
  ): Promise<{ columns: Float64Array; abs: Float64Array; squares: Float64Array }> {
    const parts = await this.run(
      'columnPartials',
      [kp, 3, SUM_PARTS],
      [v, rows, kp, SUM_PARTS, Math.ceil(rows / SUM_PARTS)],
    );
    const p = await this.download(parts, 3 * kp * SUM_PARTS);
    this.release(parts);
    const out = { columns: new Float64Array(kp), abs: new Float64Array(kp), squares: new Float64Array(kp) };
    for (let r = 0; r < SUM_PARTS; r++) {
      for (let t = 0; t < kp; t++) {
        out.columns[t] += p[r * 3 * kp + t];
        out.abs[t] += p[(r * 3 + 1) * kp + t];
        out.squares[t] += p[(r * 3 + 2) * kp + t];
      }
    }
    return out;
  }

  async sums(P: Buf, k: number): Promise<FactorSums> {
    const s = await this.partialSums((P as GpuBuf).value, P.rows, P.kp);
    let abs = 0,
      squares = 0;
    for (let t = 0; t < k; t++) {
      abs += s.abs[t];
      squares += s.squares[t];
    }
    return { columns: s.columns, abs, squares };
  }

  async inner(A: Buf, B: Buf, k: number): Promise<number> {
    const { rows, kp } = A;
    const parts = await this.run(
      'innerPartials',
      [kp, SUM_PARTS],
      [(A as GpuBuf).value, (B as GpuBuf).value, rows, kp, SUM_PARTS, Math.ceil(rows / SUM_PARTS)],
    );
    const p = await this.download(parts, kp * SUM_PARTS);
    this.release(parts);
    let s = 0;
    for (let r = 0; r < SUM_PARTS; r++) for (let t = 0; t < k; t++) s += p[r * kp + t];
    return s;
  }

  /** Through the host: the factors come down, the corrected product goes back up (on webgpu that is
   *  O((rows + cols)·k) numbers a half step, only for masked fits). */
  maskCorrection(
    mask: MaskedData,
    side: Side,
    P: Buf,
    Q: Buf,
    out: Buf | null,
    k: number,
    kind: 'gram' | 'sum',
  ): Promise<number> {
    return mask.correctOnHost(this, side, P, Q, out, k, kind);
  }

  /** Small host arrays (G, c) go up once per operation, not once per kernel call. */
  private small(a: Float64Array | null, length: number): Value {
    return this.upload(a ? Float32Array.from(a) : new Float32Array(length));
  }

  async hals(P: Buf, XB: Buf, G: Float64Array, k: number, l1half: number, sweeps = 1): Promise<void> {
    const { rows, kp } = P;
    const g = this.small(G, kp * kp);
    try {
      for (let sweep = 0; sweep < sweeps; sweep++)
        for (let t = 0; t < k; t++) {
          if (!(G[t * kp + t] > 0)) continue;
          this.replace(
            P,
            await this.run('halsColumn', [kp, rows], [(P as GpuBuf).value, (XB as GpuBuf).value, g, t, kp, l1half]),
          );
        }
    } finally {
      this.release(g);
    }
  }

  async multiplicative(P: Buf, N: Buf, d: Denominator, k: number): Promise<void> {
    const { rows, kp } = P;
    const g = this.small(d.G, d.G ? kp * kp : 1),
      c = this.small(d.c, kp);
    try {
      this.replace(
        P,
        await this.run(
          'multiplicative',
          [kp, rows],
          [(P as GpuBuf).value, (N as GpuBuf).value, g, d.G ? 1 : 0, c, d.a, kp, k],
        ),
      );
    } finally {
      this.release(g);
      this.release(c);
    }
  }

  async gradientStep(P: Buf, N: Buf, d: GradientTerms, k: number, beta: number, nonnegative: boolean): Promise<number> {
    const { rows, kp } = P;
    const g = this.small(d.G, d.G ? kp * kp : 1),
      c = this.small(d.c, kp);
    let grad: Value | undefined;
    try {
      grad = await this.run(
        'gradient',
        [kp, rows],
        [
          (P as GpuBuf).value,
          (N as GpuBuf).value,
          g,
          d.G ? 1 : 0,
          c,
          d.a,
          kp,
          k,
          d.gScale,
          d.nScale,
          d.l1,
          nonnegative ? 1 : 0,
        ],
      );
      const s = await this.partialSums(grad, rows, kp);
      let n2 = 0;
      for (let t = 0; t < k; t++) n2 += s.squares[t];
      const norm = Math.sqrt(n2);
      if (norm === 0) return 0;
      this.replace(
        P,
        await this.run('step', [kp, rows], [(P as GpuBuf).value, grad, beta / norm, nonnegative ? 1 : 0, kp]),
      );
      return norm;
    } finally {
      this.release(g);
      this.release(c);
      this.release(grad);
    }
  }
}
