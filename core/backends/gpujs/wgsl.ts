// The WGSL kernels (wgsl-kernels.ts) on the GPUDevice gpu.js opened, so that their buffers and gpu.js's
// are the same buffers: compiled once per device, dispatched on its queue (which runs submissions in
// order, gpu.js's included), nothing read back but what a caller asks for.
import type { Transfers } from '../backend.js';
import {
  CSR_GROUP,
  csrTimesWgsl,
  denseTimesWgsl,
  foldPartsWgsl,
  GRAM_ROWS,
  GRAM_TILE,
  gramPartsWgsl,
  MAX_GROUPS,
  TILE,
  toFloatWgsl,
} from './wgsl-kernels.js';

type KernelName = 'csrTimes' | 'denseTimes' | 'gramParts' | 'foldParts' | 'toFloat';
const SOURCES: Record<KernelName, string> = {
  csrTimes: csrTimesWgsl,
  denseTimes: denseTimesWgsl,
  gramParts: gramPartsWgsl,
  foldParts: foldPartsWgsl,
  toFloat: toFloatWgsl,
};

/** Rows each Gram workgroup sums at least (below it, parts cost more to fold than they save). */
const GRAM_ROWS_PER_PART = 4 * GRAM_ROWS;
/** Most partial Gram sums made on the device before they are folded into the parts that come down. */
const GRAM_MAX_PARTS = 1024;

/** The bytes a storage buffer holds, rounded to WebGPU's 4-byte copies (and never 0). */
const bytesFor = (length: number) => Math.max(16, Math.ceil(length / 4) * 16);

/** `count` workgroups as a 2-D grid within the per-dimension limit. */
function grid(count: number): [number, number] {
  const x = Math.min(Math.max(count, 1), MAX_GROUPS);
  return [x, Math.ceil(Math.max(count, 1) / x)];
}

export class WgslKernels {
  private readonly pipelines = new Map<KernelName, GPUComputePipeline>();

  private constructor(readonly device: GPUDevice) {}

  private static made = new WeakMap<GPUDevice, Promise<WgslKernels>>();

  /** The kernels of a device, compiled once; a kernel the driver refuses fails here, with its message. */
  static for(device: GPUDevice): Promise<WgslKernels> {
    let k = WgslKernels.made.get(device);
    if (!k) {
      k = WgslKernels.compile(device);
      WgslKernels.made.set(device, k);
      k.catch(() => WgslKernels.made.delete(device));
    }
    return k;
  }

  private static async compile(device: GPUDevice): Promise<WgslKernels> {
    const kernels = new WgslKernels(device);
    for (const name of Object.keys(SOURCES) as KernelName[]) {
      device.pushErrorScope('validation');
      const module = device.createShaderModule({ code: SOURCES[name] });
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      const error = await device.popErrorScope();
      if (error) throw new Error(`WGSL kernel ${name} did not compile: ${error.message.split('\n')[0]}`);
      kernels.pipelines.set(name, pipeline);
    }
    return kernels;
  }

  /** A zeroed storage buffer of `length` 4-byte values. */
  buffer(length: number): GPUBuffer {
    return this.device.createBuffer({
      size: bytesFor(length),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
  }

  /** Host values as a new storage buffer. */
  upload(values: Float32Array | Uint32Array, moved: Transfers): GPUBuffer {
    const buffer = this.device.createBuffer({
      size: bytesFor(values.length),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      mappedAtCreation: true,
    });
    new (values instanceof Float32Array ? Float32Array : Uint32Array)(buffer.getMappedRange()).set(values);
    buffer.unmap();
    moved.up += values.byteLength;
    return buffer;
  }

  private dispatch(
    name: KernelName,
    params: number[],
    buffers: GPUBuffer[],
    groups: [number, number, number],
    moved: Transfers,
  ): void {
    const { device } = this;
    const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const words = Uint32Array.from(params);
    device.queue.writeBuffer(uniform, 0, words);
    moved.up += words.byteLength;
    const pipeline = this.pipelines.get(name)!;
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [uniform, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(...groups);
    pass.end();
    device.queue.submit([encoder.finish()]);
    uniform.destroy();
  }

  /** out (rows × kp) = X·B for a CSR X (u32 offsets and column indices), B cols × kp. */
  csrTimes(
    rows: number,
    indptr: GPUBuffer,
    indices: GPUBuffer,
    values: GPUBuffer,
    B: GPUBuffer,
    kp: number,
    out: GPUBuffer,
    moved: Transfers,
  ): void {
    let lanes = 1;
    while (lanes < kp && lanes < CSR_GROUP) lanes *= 2;
    const [x, y] = grid(Math.ceil(rows / (CSR_GROUP / lanes)));
    this.dispatch('csrTimes', [rows, kp, lanes, x], [indptr, indices, values, B, out], [x, y, 1], moved);
  }

  /** out (m × kp) = A·B for a dense A (m × n, row by row), B n × kp. */
  denseTimes(m: number, n: number, A: GPUBuffer, B: GPUBuffer, kp: number, out: GPUBuffer, moved: Transfers): void {
    const [x, y] = grid(Math.ceil(m / TILE) * Math.ceil(kp / TILE));
    this.dispatch('denseTimes', [m, n, kp, x], [A, B, out], [x, y, 1], moved);
  }

  /** BᵀB of B (rows × kp) as `parts` partial sums of kp × kp each, in a new buffer (parts · kp² values)
   *  that the caller frees. */
  gramParts(B: GPUBuffer, rows: number, kp: number, parts: number, moved: Transfers): GPUBuffer {
    const made = Math.max(parts, Math.min(GRAM_MAX_PARTS, Math.ceil(rows / GRAM_ROWS_PER_PART)));
    const per = Math.max(1, Math.ceil(rows / made));
    const tiles = Math.ceil(kp / GRAM_TILE),
      size = kp * kp;
    const partial = this.buffer(made * size);
    this.dispatch('gramParts', [rows, kp, per, 0], [B, partial], [tiles, tiles, made], moved);
    if (made === parts) return partial;
    const out = this.buffer(parts * size);
    const [x, y] = grid(Math.ceil((parts * size) / 64));
    this.dispatch('foldParts', [size, made, parts, x], [partial, out], [x, y, 1], moved);
    partial.destroy();
    return out;
  }

  /** A new float32 copy of `length` u32 values. */
  toFloat(ints: GPUBuffer, length: number, moved: Transfers): GPUBuffer {
    const out = this.buffer(length);
    const [x, y] = grid(Math.ceil(length / 64));
    this.dispatch('toFloat', [length, x, 0, 0], [ints, out], [x, y, 1], moved);
    return out;
  }
}
