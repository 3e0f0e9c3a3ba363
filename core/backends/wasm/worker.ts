// A kernel thread: instantiates the kernels over the shared memory, then waits for commands.
// Protocol (control words in an Int32Array over a SharedArrayBuffer, see pool.ts):
// ctl[0] generation (bumped by the main thread per command), ctl[1] finished count, ctl[2] error flag.
import { parentPort, workerData } from 'node:worker_threads';
import { ARG_SLOTS, FN_SLOT } from './protocol.js';

const { module, memory, control, args, thread } = workerData as {
  module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer; args: SharedArrayBuffer; thread: number;
};
const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } });
const kernels = Object.values(instance.exports).filter((e) => typeof e === 'function') as ((...a: number[]) => void)[];
const names = Object.keys(instance.exports).filter((n) => typeof instance.exports[n] === 'function');
const ctl = new Int32Array(control);
const slots = new Float64Array(args);

let seen = 0;
parentPort?.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  const base = thread * ARG_SLOTS;
  const fn = kernels[slots[base + FN_SLOT]];
  const count = slots[base + FN_SLOT + 1];
  try {
    fn(...Array.from(slots.subarray(base, base + count)));
  } catch {
    Atomics.store(ctl, 2, 1);
  }
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
