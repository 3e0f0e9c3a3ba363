// The threads and the one shared memory behind the webasm device. The main thread takes chunks of
// every call with the others and blocks on Atomics until they finish: a command costs microseconds, not
// a message round trip, which matters for the many small calls of an NMF iteration.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { dataError } from '../../errors.js';
import { threadsWithin } from './address-space.js';
import type { KernelArgs, KernelName } from './protocol.js';
import {
  ARG_SLOTS,
  CHUNK_SLOT,
  CONTROL,
  CONTROL_WORDS,
  COUNT_SLOT,
  FN_SLOT,
  WASM_KERNELS,
  kernelsOf,
  ROWS_SLOT,
  takeChunks,
} from './protocol.js';

const PAGE = 65536;
/** Bytes kept free after every buffer: kernels may read one 16-lane chunk past the end of a row. */
const SLACK = 64;
/** The start of the heap; below it AssemblyScript keeps its (empty) static data. */
const HEAP_BASE = 65536;
/** 4 GiB, all that 32-bit WebAssembly addresses (the kernels are built with this maximum). */
const MAX_PAGES = 65536;
/** Calls with fewer rows than this per thread run on the main thread alone. */
const MIN_ROWS_PER_THREAD = 32;
/** Chunks per thread a call's range is cut into, at least: enough for a thread the host slows to half
 *  speed to take about a third of them, few enough that a chunk keeps its rows' locality. */
const CHUNKS_PER_THREAD = 8;

/** A typed view into the shared memory with its byte offset, the pointer kernels take. */
export interface Block<T extends Float32Array | Int32Array | Float64Array = Float32Array> {
  ptr: number;
  view: T;
}

export class KernelPool {
  readonly threads: number;
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: ((...a: number[]) => void)[];
  private readonly ctl: Int32Array;
  private readonly slots: Float64Array;
  private readonly workers: Worker[];
  /** Live blocks [start, end) in address order; a new block goes into the first gap that fits. */
  private readonly live: { start: number; end: number }[] = [];
  /** Every buffer object the memory has had (growing it gives a new one over the same bytes). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  private constructor(
    memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    threads: number,
    workers: Worker[],
    control: SharedArrayBuffer,
    args: SharedArrayBuffer,
  ) {
    this.memory = memory;
    this.threads = threads;
    this.workers = workers;
    const instance = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort: () => {
          throw new Error('wasm abort');
        },
      },
    });
    this.kernels = kernelsOf(instance);
    this.ctl = new Int32Array(control);
    this.slots = new Float64Array(args);
  }

  static async create(wanted = defaultThreads()): Promise<KernelPool> {
    // under ulimit -v, fewer threads rather than V8 aborting the process as it reserves them
    const threads = threadsWithin(wanted);
    const bytes = kernelBytes();
    // V8 first runs WebAssembly from its baseline compiler (Liftoff) and optimizes a function only after
    // it has run a while, for later calls: one call of a SIMD kernel over 60000 × 784 took 1.6 s in
    // baseline code against 0.09 s optimized, and a fit of a few iterations ran mostly in it. The
    // kernels are a few functions: compile them optimized at once (a flag read at compile time).
    setFlagsFromString('--no-liftoff');
    setFlagsFromString('--no-wasm-lazy-compilation');
    const module = await WebAssembly.compile(bytes);
    setFlagsFromString('--liftoff');
    setFlagsFromString('--wasm-lazy-compilation');
    const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
    const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
    const args = new SharedArrayBuffer(8 * ARG_SLOTS);
    const workers: Worker[] = [];
    for (let t = 1; t < threads; t++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module, memory, control, args } });
      await new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      });
      w.unref();
      workers.push(w);
    }
    return new KernelPool(memory, module, threads, workers, control, args);
  }

  /** Allocate n zeroed elements (`zeroed` false: whatever the memory held, for scratch a kernel writes
   *  before it reads); give them back with `free(ptr)`. Several users may hold blocks at once (a
   *  first-fit list, not a stack), so bound matrices and runs never tread on each other. */
  alloc(n: number, type?: 'f32', zeroed?: boolean): Block<Float32Array>;
  alloc(n: number, type: 'i32', zeroed?: boolean): Block<Int32Array>;
  alloc(n: number, type: 'f64', zeroed?: boolean): Block<Float64Array>;
  alloc(
    n: number,
    type: 'f32' | 'i32' | 'f64' = 'f32',
    zeroed = true,
  ): Block<Float32Array> | Block<Int32Array> | Block<Float64Array> {
    const bytes = Math.ceil(((type === 'f64' ? 8 : 4) * n + SLACK) / 64) * 64;
    let at = 0,
      ptr = HEAP_BASE;
    for (; at < this.live.length && this.live[at].start - ptr < bytes; at++) ptr = this.live[at].end;
    const end = ptr + bytes;
    const grown = this.memory.buffer.byteLength;
    const need = Math.ceil(end / PAGE) - grown / PAGE;
    if (need > 0) {
      try {
        this.memory.grow(need);
      } catch {
        throw dataError(
          `the data needs more than the ${Math.round((MAX_PAGES * PAGE) / 2 ** 30)} GiB the webasm ` +
            `device can address: use a smaller k, fewer columns (--max-terms for text, a smaller ` +
            `--size for images) or fewer rows`,
        );
      }
    }
    this.live.splice(at, 0, { start: ptr, end });
    const buf = this.memory.buffer;
    this.buffers.add(buf);
    // memory the block takes from growth is zero already: not writing it leaves its pages unmapped
    // until used (an upper bound of a file's values costs only what the file fills)
    if (zeroed && ptr < grown) new Uint8Array(buf, ptr, Math.min(end, grown) - ptr).fill(0);
    if (type === 'i32') return { ptr, view: new Int32Array(buf, ptr, n) };
    if (type === 'f64') return { ptr, view: new Float64Array(buf, ptr, n) };
    return { ptr, view: new Float32Array(buf, ptr, n) };
  }

  /** Whether a view lies inside a live block of this memory: kernels may read it in place. */
  holds(view: Float32Array | Int32Array): boolean {
    if (!this.buffers.has(view.buffer)) return false;
    const start = view.byteOffset,
      end = start + view.byteLength + SLACK;
    return this.live.some((b) => b.start <= start && end <= b.end);
  }

  free(ptr: number): void {
    const at = this.live.findIndex((b) => b.start === ptr);
    if (at >= 0) this.live.splice(at, 1);
  }

  /** Run a kernel over rows [0, rows): it is called with `args` and then a range [r0, r1) of the rows,
   *  chunk after chunk, on every thread that takes one. Fewer than `minRows` rows per thread are not
   *  worth a thread; `minRows` 1 marks units of work (parts, groups) rather than rows. */
  run<K extends KernelName>(name: K, rows: number, args: KernelArgs[K], minRows = MIN_ROWS_PER_THREAD): void {
    const index = WASM_KERNELS.indexOf(name);
    const fn = this.kernels[index];
    const used = Math.max(1, Math.min(this.threads, Math.floor(rows / minRows)));
    if (used === 1) {
      fn(...args, 0, rows);
      return;
    }
    let chunk = Math.max(minRows, Math.ceil(rows / (used * CHUNKS_PER_THREAD)));
    // rows in chunks of a multiple of 12: the product kernels' tiles of two, three and four rows stay whole
    if (minRows > 1) chunk = Math.ceil(chunk / 12) * 12;
    this.slots.set(args);
    this.slots[FN_SLOT] = index;
    this.slots[COUNT_SLOT] = args.length;
    this.slots[ROWS_SLOT] = rows;
    this.slots[CHUNK_SLOT] = chunk;
    Atomics.store(this.ctl, CONTROL.next, 0);
    Atomics.store(this.ctl, CONTROL.finished, 0);
    Atomics.add(this.ctl, CONTROL.generation, 1);
    Atomics.notify(this.ctl, CONTROL.generation);
    takeChunks(this.ctl, fn, args, rows, chunk);
    for (
      let done = Atomics.load(this.ctl, CONTROL.finished);
      done < this.threads - 1;
      done = Atomics.load(this.ctl, CONTROL.finished)
    ) {
      Atomics.wait(this.ctl, CONTROL.finished, done, 50);
    }
    if (Atomics.exchange(this.ctl, CONTROL.failed, 0) !== 0)
      throw new Error(`kernel ${name} failed on a worker thread`);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Whether the kernels use fused multiply–adds: the build with relaxed SIMD, where the engine takes it
 *  (V8 ≥ 11.4 by default; Node 20's V8 behind a flag, set here) and the CPU has FMA (V8 emits a plain
 *  multiply and add otherwise: the same code, slower). LATENT_WASM_FMA=0 keeps the plain build. The two
 *  builds can differ in the last bit of a product, never more: a fit is repeatable on one machine. */
export let fusedMultiplyAdd = false;

function kernelBytes(): Uint8Array<ArrayBuffer> {
  const read = (name: string) => new Uint8Array(readFileSync(new URL(name, import.meta.url)));
  const plain = read('./kernels.wasm');
  if (process.env.LATENT_WASM_FMA === '0') return plain;
  try {
    const fma = read('./kernels-fma.wasm');
    if (!WebAssembly.validate(fma)) setFlagsFromString('--experimental-wasm-relaxed-simd');
    if (WebAssembly.validate(fma)) {
      fusedMultiplyAdd = true;
      return fma;
    }
  } catch {
    /* no relaxed build: the plain one */
  }
  return plain;
}

export function defaultThreads(): number {
  const env = Number(process.env.LATENT_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  return Math.max(1, Math.min(availableParallelism(), 8));
}
