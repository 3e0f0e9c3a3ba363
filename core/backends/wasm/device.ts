// The webasm device: hand-written WebAssembly SIMD kernels on every core; `auto`'s choice on the CPU.
import type { Backend } from '../backend.js';
import { registerDevice } from '../device.js';
import { WasmBackend } from './index.js';

declare module '../backend.js' {
  interface DeviceNames {
    webasm: true;
  }
}

/** The smallest module that uses a SIMD instruction: validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

registerDevice({
  name: 'webasm',
  title: 'WebAssembly SIMD',
  gpu: false,
  priority: 20,
  async open() {
    if (typeof SharedArrayBuffer === 'undefined' || !WebAssembly.validate(SIMD_PROBE))
      return { reason: 'WebAssembly SIMD or shared memory is missing' };
    return { backend: await WasmBackend.create() };
  },
  // a fit reads a dense X where the loader put it, in the kernels' memory
  storage: (backend: Backend) => (backend as WasmBackend).storage,
});
