// How the main thread and the kernel threads talk (pool.ts, worker.ts): the kernels by name, the
// control words and the argument slots, declared once for both sides.

/** The kernels of assembly/kernels.ts that threads run; a command names one by its index here. */
export const KERNELS = ['denseTimes', 'csrTimes', 'csrKl', 'klRatio', 'gramParts', 'hals', 'windowPass', 'denseTimesT', 'halsRows', 'addParts'] as const;
export type KernelName = (typeof KERNELS)[number];

/** Int32 control words over a SharedArrayBuffer. */
export const CONTROL = {
  /** Bumped by the main thread for every command; a worker waits for it to change. */
  generation: 0,
  /** Workers that have finished the current command. */
  finished: 1,
  /** Set by a worker whose kernel threw. */
  failed: 2,
} as const;
export const CONTROL_WORDS = 4;

/** Float64 slots per thread in the shared argument block: the kernel's arguments, then its index and count. */
export const ARG_SLOTS = 16;
export const FN_SLOT = 14;
export const COUNT_SLOT = 15;

type Kernel = (...a: number[]) => void;

/** The named kernels of an instance, in KERNELS order; a missing one is a build error, said at once. */
export function kernelsOf(instance: WebAssembly.Instance): Kernel[] {
  return KERNELS.map((name) => {
    const fn = instance.exports[name];
    if (typeof fn !== 'function') throw new Error(`kernels.wasm lacks ${name}: rebuild with npm run build`);
    return fn as Kernel;
  });
}
