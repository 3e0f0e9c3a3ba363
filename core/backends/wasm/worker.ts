// A kernel thread: instantiates the kernels over the shared memory, then runs each command the main
// thread posts (protocol.ts) on its share of the rows.
import { parentPort, workerData } from 'node:worker_threads';
import { ARG_SLOTS, CONTROL, COUNT_SLOT, FN_SLOT, kernelsOf } from './protocol.js';

const { module, memory, control, args, thread } = workerData as {
  module: WebAssembly.Module; memory: WebAssembly.Memory; control: SharedArrayBuffer; args: SharedArrayBuffer; thread: number;
};
const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new Error('wasm abort'); } } });
const kernels = kernelsOf(instance);
const ctl = new Int32Array(control);
const slots = new Float64Array(args);

let seen = 0;
parentPort?.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, CONTROL.generation, seen);
  seen = Atomics.load(ctl, CONTROL.generation);
  const base = thread * ARG_SLOTS;
  const fn = kernels[slots[base + FN_SLOT]];
  const count = slots[base + COUNT_SLOT];
  try {
    fn(...Array.from(slots.subarray(base, base + count)));
  } catch {
    Atomics.store(ctl, CONTROL.failed, 1);
  }
  Atomics.add(ctl, CONTROL.finished, 1);
  Atomics.notify(ctl, CONTROL.finished);
}
