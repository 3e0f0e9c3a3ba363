// A kernel thread: instantiates the kernels over the shared memory, then runs each command the main
// thread posts (protocol.ts), taking chunks of its range with the others.
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_SLOT, CONTROL, COUNT_SLOT, FN_SLOT, kernelsOf, ROWS_SLOT, takeChunks } from './protocol.js';

const { module, memory, control, args } = workerData as {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
};
const instance = new WebAssembly.Instance(module, {
  env: {
    memory,
    abort: () => {
      throw new Error('wasm abort');
    },
  },
});
const kernels = kernelsOf(instance);
const ctl = new Int32Array(control);
const slots = new Float64Array(args);

let seen = 0;
parentPort?.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, CONTROL.generation, seen);
  seen = Atomics.load(ctl, CONTROL.generation);
  try {
    takeChunks(
      ctl,
      kernels[slots[FN_SLOT]],
      Array.from(slots.subarray(0, slots[COUNT_SLOT])),
      slots[ROWS_SLOT],
      slots[CHUNK_SLOT],
    );
  } catch {
    Atomics.store(ctl, CONTROL.failed, 1);
  }
  Atomics.add(ctl, CONTROL.finished, 1);
  Atomics.notify(ctl, CONTROL.finished);
}
