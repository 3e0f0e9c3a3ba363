// The gpu.js device: every operation a gpu.js kernel (kernels.ts), run by gpu.js on WebGPU,
// headless WebGL or its plain-JavaScript cpu mode; on the CPU that is the reference the hand-tuned
// webasm kernels are tested against.
//
// On WebGPU the kernels run in gpu.js's pipeline mode: X goes up once when bound, factors and products
// stay in GPU buffers (a kernel's result is a buffer handle the next kernel reads), and only small
// things cross: k × k matrices going up, partial sums (Gram entries, norms, F's parts) coming down.
// There the products with X and the Gram matrices run as hand-written WGSL kernels (wgsl.ts) on the
// same device and buffers, indexed in u32; the gpu.js kernels stay their reference (bind's `reference`).
// A bound X and its operations: bound.ts.
import type { GPU, IKernelRunShortcut } from 'gpu.js';
import type { Matrix } from '../../matrix.js';
import type { Backend, BoundMatrix, DeviceName, Transfers } from '../backend.js';
import { Turns } from '../turns.js';
import { GpuJsBound } from './bound.js';
import type { Handle, Value } from './handles.js';
import { isHandle, WebGPUContext } from './handles.js';
import type { KernelArgs, KernelName } from './kernels.js';
import { KERNEL_CONSTANTS, GPUJS_KERNELS } from './kernels.js';
import { WgslKernels } from './wgsl.js';
import { checkStorage, storageError } from './wgsl-storage.js';

export { gpuFits } from './limits.js';

/** gpu.js modes this backend runs in; 'webasm' (gpu.js's own WebAssembly mode) only for benchmarks,
 *  since the webasm device uses the hand-written kernels. */
export type GpuMode = 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';

export class GpuJsBackend implements Backend {
  readonly device: DeviceName;
  readonly description: string;
  /** WebGPU: buffers stay on the device between kernels. */
  readonly resident: boolean;
  private readonly kernels: Record<KernelName, IKernelRunShortcut>;

  constructor(
    private readonly gpu: GPU,
    readonly mode: GpuMode,
    description: string,
  ) {
    this.device = mode;
    this.description = description;
    this.resident = mode === 'webgpu';
    const make = (name: KernelName) => {
      const { fn, types, check } = GPUJS_KERNELS[name];
      // an output of ones with the kernel's dimensions: every call sets its own
      const output = check.output.map(() => 1);
      return gpu.createKernel(
        fn as never,
        {
          output,
          dynamicOutput: true,
          dynamicArguments: true,
          loopMaxIterations: 2 ** 30,
          tactic: 'precision',
          pipeline: this.resident,
          immutable: this.resident,
          argumentTypes: [...types],
          constants: KERNEL_CONSTANTS,
        } as never,
      );
    };
    this.kernels = Object.fromEntries(Object.keys(GPUJS_KERNELS).map((n) => [n, make(n as KernelName)])) as Record<
      KernelName,
      IKernelRunShortcut
    >;
  }

  private readonly turns = new Turns();

  /** `work` in turn with the kernels: anything it submits to the GPU queue comes after theirs. */
  inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    return this.turns.take(work);
  }

  /** Run one kernel over an output of the given shape; counts what crosses to and from the device.
   *  Calls take turns: a kernel's output shape is set before its call, and its first call builds it
   *  asynchronously, reading the shape when the build ends. */
  run<K extends KernelName>(name: K, output: number[], args: KernelArgs<K, Value>, moved: Transfers): Promise<Value> {
    return this.turns.take(() => this.runNow(name, output, args, moved));
  }

  private async runNow(
    name: KernelName,
    output: number[],
    args: readonly (Value | number)[],
    moved: Transfers,
  ): Promise<Value> {
    const kernel = this.kernels[name];
    kernel.setOutput(output);
    let result: unknown;
    try {
      result = await (kernel as unknown as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      throw new Error(
        `gpu.js kernel ${name} failed on ${this.mode}: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`,
      );
    }
    if (this.mode === 'cpu') return flatten(result);
    for (const a of args) if (typeof a !== 'number' && ArrayBuffer.isView(a)) moved.up += a.byteLength;
    moved.up += (kernel as unknown as { paramsLayout?: { byteLength: number } }).paramsLayout?.byteLength ?? 0;
    if (this.resident) return result as Handle;
    const flat = flatten(result);
    moved.down += flat.byteLength;
    return flat;
  }

  /** X on the device; on WebGPU with `reference`, every operation a gpu.js kernel (as on the other
   *  modes, with gpu.js's float32 index limits): what the WGSL kernels are tested against. */
  async bind(X: Matrix, reference = false): Promise<BoundMatrix> {
    const context = this.resident ? await WebGPUContext.acquire() : null;
    const wgsl = context && !reference ? await WgslKernels.for(context.device) : null;
    if (context) checkStorage(X, context.device);
    context?.device.pushErrorScope('out-of-memory');
    let bound: GpuJsBound | undefined;
    try {
      bound = new GpuJsBound(this, X, context, wgsl);
    } finally {
      const error = await context?.device.popErrorScope();
      // a buffer that could not be made: one line, and nothing of X left on the device
      if (error) {
        bound?.dispose();
        throw storageError(X, error.message);
      }
    }
    return bound!;
  }

  /** Compile and run every kernel once on a tiny input: the names of those that fail, with why. */
  async checkKernels(): Promise<string[]> {
    const failures: string[] = [];
    const moved = { up: 0, down: 0 };
    for (const name of Object.keys(GPUJS_KERNELS) as KernelName[]) {
      const { output, args } = GPUJS_KERNELS[name].check;
      try {
        const v = await this.turns.take(() => this.runNow(name, output, args, moved));
        if (isHandle(v)) v.delete();
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`);
      }
    }
    return failures;
  }

  async dispose(): Promise<void> {
    for (const k of Object.values(this.kernels)) k.destroy();
    await this.gpu.destroy();
  }
}

/** gpu.js's cpu mode answers a 2-D or 3-D output as nested rows: one flat float32 array. */
function flatten(result: unknown): Float32Array {
  if (result instanceof Float32Array) return result;
  const parts: Float32Array[] = [];
  const walk = (r: unknown) => {
    if (r instanceof Float32Array) parts.push(r);
    else for (const x of r as unknown[]) walk(x);
  };
  walk(result);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
