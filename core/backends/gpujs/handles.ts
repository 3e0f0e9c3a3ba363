// What the gpu.js device's kernels read and write: GPU buffers as gpu.js's pipeline mode hands them out
// on WebGPU, typed arrays on the other modes.
import * as gpujs from 'gpu.js';

/** A GPU buffer as gpu.js's pipeline mode hands it out (WebGPUBufferResult). */
export interface Handle {
  buffer: GPUBuffer;
  output: number[];
  delete(): void;
}
/** What a kernel reads: a GPU buffer on WebGPU, a typed array elsewhere (CSR indices stay Int32Array
 *  on the CPU, exact at any size). */
export type Value = Float32Array | Int32Array | Handle;
export interface WebGpuContext {
  device: GPUDevice;
  isLost: boolean;
}
export const { WebGPUContext, WebGPUBufferResult } = gpujs as unknown as {
  WebGPUContext: { acquire(): Promise<WebGpuContext> };
  WebGPUBufferResult: new (s: { buffer: GPUBuffer; output: number[]; context: WebGpuContext; kernel: null }) => Handle;
};

export const isHandle = (v: Value): v is Handle => !ArrayBuffer.isView(v);
