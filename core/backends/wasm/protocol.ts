// How the main thread and the kernel threads talk (pool.ts, worker.ts): the kernels by name, the
// control words and the argument slots, declared once for both sides.

/** A byte offset into the kernels' memory. */
type Ptr = number;
/** An i32 the kernel reads as a yes or no. */
export type Flag = 0 | 1;

/** Each kernel's arguments as the host passes them, in the order of its AssemblyScript signature, less
 *  the range [r0, r1) that the pool appends (assembly/ holds what each means). pool.run takes exactly
 *  these: a missing argument, one too many or a boolean for a flag is a compile error. */
export interface KernelArgs {
  denseTimes: [a: Ptr, lda: number, n: number, b: Ptr, kp: number, out: Ptr];
  csrTimes: [indptr: Ptr, indices: Ptr, data: Ptr, b: Ptr, kp: number, out: Ptr];
  csrTimesPanels: [
    indptr: Ptr,
    indices: Ptr,
    data: Ptr,
    b: Ptr,
    kp: number,
    out: Ptr,
    panelRows: number,
    columns: number,
    cursor: Ptr,
  ];
  csrKl: [indptr: Ptr, indices: Ptr, data: Ptr, a: Ptr, b: Ptr, kp: number, out: Ptr, loss: Ptr, wantLoss: Flag];
  klRatio: [x: Ptr, n: number, y: Ptr, ldy: number, loss: Ptr, wantLoss: Flag];
  gramParts: [b: Ptr, kp: number, rows: number, parts: number, out: Ptr, wide: Ptr];
  hals: [p: Ptr, xb: Ptr, g: Ptr, k: number, kp: number, l1half: number, sweeps: number];
  windowPass: [plan: Ptr, P: Ptr, Q: Ptr, k: number, kp: number, gram: Flag, out: Ptr, scratch: Ptr, totals: Ptr];
  gatherRows: [dst: Ptr, src: Ptr, index: Ptr, kp: number];
  denseTimesT: [a: Ptr, lda: number, n: number, b: Ptr, kp: number, out: Ptr, accumulate: Flag];
  /** The header's slots are headers.ts' HalsRowsSlot. */
  halsRows: [header: Ptr];
  /** halsRows' header, with its l2 and sizes. */
  gradientSizeRows: [header: Ptr];
  addParts: [parts: Ptr, count: number, stride: number, kp: number, out: Ptr];
  timesSmall: [p: Ptr, kp: number, m: Ptr, mp: number, out: Ptr, upper: Flag];
  gradientSizeParts: [
    p: Ptr,
    xb: Ptr,
    g: Ptr,
    k: number,
    kp: number,
    l1half: number,
    l2: number,
    rows: number,
    parts: number,
    sizes: Ptr,
    scratch: Ptr,
  ];
}
export type KernelName = keyof KernelArgs;

/** The kernels that threads run; a command names one by its index here. */
export const WASM_KERNELS = [
  'denseTimes',
  'csrTimes',
  'csrKl',
  'klRatio',
  'gramParts',
  'hals',
  'windowPass',
  'denseTimesT',
  'halsRows',
  'addParts',
  'timesSmall',
  'gradientSizeParts',
  'csrTimesPanels',
  'gradientSizeRows',
  'gatherRows',
] as const satisfies readonly KernelName[];
type Holds<T extends true> = T;
/** Every kernel of KernelArgs is in WASM_KERNELS: this fails to compile if one is not. */
export type EveryKernelListed = Holds<
  [Exclude<KernelName, (typeof WASM_KERNELS)[number]>] extends [never] ? true : false
>;

/** Int32 control words over a SharedArrayBuffer. */
export const CONTROL = {
  /** Bumped by the main thread for every command; a worker waits for it to change. */
  generation: 0,
  /** Workers that have finished the current command. */
  finished: 1,
  /** Set by a worker whose kernel threw. */
  failed: 2,
  /** The next chunk of the command's range to be taken: each thread takes chunks until none is left. */
  next: 3,
} as const;
export const CONTROL_WORDS = 4;

/** Float64 slots of the command, the same for every thread: the kernel's arguments but its range
 *  [r0, r1), which each thread appends for the chunks it takes; then the kernel's index, the number of
 *  arguments, the range's end and the chunk size. */
export const ARG_SLOTS = 16;
export const FN_SLOT = 12;
export const COUNT_SLOT = 13;
export const ROWS_SLOT = 14;
export const CHUNK_SLOT = 15;
/** Every kernel's arguments fit the slots before FN_SLOT: this fails to compile if one does not. */
export type EveryKernelFits = Holds<
  KernelArgs[KernelName]['length'] extends 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 ? true : false
>;

type Kernel = (...a: number[]) => void;

/** Runs chunks of [0, rows) until the shared counter passes the end: a thread slowed by the host (a busy
 *  neighbour on a shared machine, an efficiency core) takes fewer, where an even split had every other
 *  thread wait for it. A kernel's result for a row does not depend on the range it came in. */
export function takeChunks(ctl: Int32Array, fn: Kernel, args: number[], rows: number, chunk: number): void {
  for (let c = Atomics.add(ctl, CONTROL.next, 1); c * chunk < rows; c = Atomics.add(ctl, CONTROL.next, 1)) {
    fn(...args, c * chunk, Math.min(rows, (c + 1) * chunk));
  }
}

/** The named kernels of an instance, in WASM_KERNELS order; a missing one is a build error, said at once. */
export function kernelsOf(instance: WebAssembly.Instance): Kernel[] {
  return WASM_KERNELS.map((name) => {
    const fn = instance.exports[name];
    if (typeof fn !== 'function') throw new Error(`kernels.wasm lacks ${name}: rebuild with npm run build`);
    return fn as Kernel;
  });
}
