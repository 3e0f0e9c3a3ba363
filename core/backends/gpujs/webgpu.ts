// The webgpu device: gpu.js on WebGPU (Dawn, through the `webgpu` package), with the products and Gram
// matrices as WGSL kernels on the same GPUDevice (wgsl.ts).
import { registerDevice, type Opened } from '../device.js';
import { selfTest } from '../selftest.js';
import { describeAdapter, forgetAdapter, probeAdapter, vulkanLoaderPresent } from './adapter.js';
import { gpuFits } from './limits.js';
import { loadGpuJs } from './load.js';

declare module '../backend.js' {
  interface DeviceNames {
    webgpu: true;
  }
}

/** The environment variable that lets the webgpu device open on a software adapter (Mesa's llvmpipe,
 *  SwiftShader): for testing the GPU path on a machine without a GPU. `auto` still never picks it. */
export const SOFTWARE_OPT_IN = 'LATENT_WEBGPU_SOFTWARE';

const keptAlive: unknown[] = [];

async function openWebGpu(): Promise<Opened> {
  if (!vulkanLoaderPresent()) return { reason: 'no Vulkan loader (libvulkan.so.1), so no GPU driver to reach' };
  const probe = await probeAdapter();
  const { info: adapter, log } = probe;
  if (!adapter) return { reason: probe.error!, log };
  if (adapter.software && process.env[SOFTWARE_OPT_IN] !== '1') {
    return {
      reason:
        `only a software adapter answered (${describeAdapter(adapter)}); ` +
        `set ${SOFTWARE_OPT_IN}=1 to run the GPU kernels on it for testing`,
      adapter,
      log,
    };
  }
  const webgpu = await import('webgpu');
  const gpu = webgpu.create([]);
  const inProcess = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!inProcess) return { reason: 'the WebGPU adapter did not answer a second time', adapter, log };
  Object.assign(globalThis, webgpu.globals);
  // gpu.js asks navigator.gpu for its adapter: hand it this one rather than a second request. The
  // navigator also keeps the instance referenced: Dawn crashes if it is collected while its adapter lives.
  (globalThis as { navigator?: unknown }).navigator = { gpu: { instance: gpu, requestAdapter: async () => inProcess } };
  const { GPU, GpuJsBackend } = await loadGpuJs();
  const backend = new GpuJsBackend(
    new GPU({ mode: 'webgpu' }),
    'webgpu',
    `gpu.js WebGPU on ${describeAdapter(adapter)}`,
  );
  const dispose = backend.dispose.bind(backend);
  // A live WebGPU instance keeps Node running: drop it with the backend.
  backend.dispose = async () => {
    await dispose();
    const { WebGPUContext } = (await import('gpu.js')) as unknown as { WebGPUContext: { destroy(): Promise<void> } };
    await WebGPUContext.destroy();
    delete (globalThis as { navigator?: unknown }).navigator;
    // Dawn aborts (std::system_error) when its instance is collected in the wrong order with its
    // adapter: keep both for the life of the process; the destroyed device no longer holds it open.
    keptAlive.push(gpu, inProcess);
  };
  return { backend, adapter, log };
}

registerDevice({
  name: 'webgpu',
  title: 'gpu.js WebGPU',
  gpu: true,
  priority: 40,
  open: openWebGpu,
  selfTest,
  fits: ({ X, kp, loss }) => gpuFits(X, kp, loss),
  // a software adapter is never auto's choice: do not even open it in this process
  autoMayOpen: async () => vulkanLoaderPresent() && (await probeAdapter()).info?.software === false,
  forget: forgetAdapter,
});
