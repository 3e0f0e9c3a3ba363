// The headlessgl device: gpu.js on headless WebGL, through the optional `gl` package.
import { createRequire } from 'node:module';
import { registerDevice } from '../device.js';
import { selfTest } from '../selftest.js';
import { gpuFits } from './limits.js';
import { loadGpuJs } from './load.js';

declare module '../backend.js' {
  interface DeviceNames {
    headlessgl: true;
  }
}

/** Whether a package can be found from here, without loading it. */
function resolves(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

registerDevice({
  name: 'headlessgl',
  title: 'gpu.js headless WebGL',
  gpu: true,
  priority: 30,
  selfTest,
  // gpu.js's dispatch and float32 indexing limits, which the webgpu device's shares
  fits: ({ X, kp, loss }) => gpuFits(X, kp, loss),
  async open() {
    const noGl = { reason: 'the optional gl package (headless WebGL) is not installed or did not build' };
    if (!resolves('gl')) return noGl;
    const { GPU, GpuJsBackend } = await loadGpuJs();
    if (!GPU.isHeadlessGLSupported) return noGl;
    return { backend: new GpuJsBackend(new GPU({ mode: 'headlessgl' }), 'headlessgl', 'gpu.js headless WebGL') };
  },
});
