// Devices registered behind one interface, probed once, and `auto`'s order of preference.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GPU } from 'gpu.js';
import { usageError } from '../errors.js';
import type { Backend, DeviceName } from './backend.js';
import { DEVICES } from './backend.js';
import { GpuJsBackend } from './gpujs.js';
import { selfTest } from './selftest.js';
import { WasmBackend } from './wasm/index.js';

export type DeviceChoice = DeviceName | 'auto';

/** What a probe found for one device. */
export interface DeviceProbe { device: DeviceName; available: boolean; detail: string }

type Opened = { backend: Backend } | { reason: string };

const opened = new Map<DeviceName, Promise<Opened>>();

/** Dawn reaches NVIDIA and AMD GPUs on Linux through the Vulkan loader; without it Dawn only prints a
 *  warning and finds nothing, so look for the loader first and keep stderr quiet. */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try { return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1'); } catch { return false; }
}

async function openWebGpu(): Promise<Opened> {
  if (!vulkanLoaderPresent()) return { reason: 'no Vulkan loader (libvulkan.so.1), so no GPU driver to reach' };
  let webgpu: typeof import('webgpu');
  try { webgpu = await import('webgpu'); } catch (e) { return { reason: `the webgpu package does not load (${(e as Error).message.split('\n')[0]})` }; }
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { reason: 'no WebGPU adapter answered (no GPU, or no Vulkan driver)' };
  const info = adapter.info as { description?: string; vendor?: string; device?: string; isFallbackAdapter?: boolean } | undefined;
  if (info?.isFallbackAdapter) return { reason: 'only a software (fallback) WebGPU adapter answered' };
  Object.assign(globalThis, webgpu.globals);
  (globalThis as { navigator?: unknown }).navigator = { gpu };
  const name = [info?.vendor, info?.description || info?.device].filter(Boolean).join(' ') || 'WebGPU adapter';
  const backend = new GpuJsBackend(new GPU({ mode: 'webgpu' }), 'webgpu', `gpu.js WebGPU on ${name}`);
  const dispose = backend.dispose.bind(backend);
  // A live WebGPU instance keeps Node running: drop it with the backend.
  backend.dispose = async () => { await dispose(); delete (globalThis as { navigator?: unknown }).navigator; };
  return { backend };
}

async function open(device: DeviceName): Promise<Opened> {
  switch (device) {
    case 'webgpu':
      return openWebGpu();
    case 'headlessgl':
      if (!GPU.isHeadlessGLSupported) return { reason: 'the optional gl package (headless WebGL) is not installed or did not build' };
      return { backend: new GpuJsBackend(new GPU({ mode: 'headlessgl' }), 'headlessgl', 'gpu.js headless WebGL') };
    case 'webasm':
      if (typeof SharedArrayBuffer === 'undefined' || !WebAssembly.validate(SIMD_PROBE)) return { reason: 'WebAssembly SIMD or shared memory is missing' };
      return { backend: await WasmBackend.create() };
    case 'cpu':
      return { backend: new GpuJsBackend(new GPU({ mode: 'cpu' }), 'cpu', 'gpu.js cpu mode (JavaScript)') };
  }
}

/** The smallest module that uses a SIMD instruction: validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Open a device and, for the GPU ones, check its kernels on a problem with a known answer. */
async function openChecked(device: DeviceName): Promise<Opened> {
  const o = await open(device);
  if (!('backend' in o) || device === 'webasm' || device === 'cpu') return o;
  const failure = await selfTest(o.backend);
  if (failure === null) return o;
  await o.backend.dispose().catch(() => undefined);
  return { reason: `its kernels failed a self-test (${failure})` };
}

function opening(device: DeviceName): Promise<Opened> {
  let p = opened.get(device);
  if (!p) {
    p = openChecked(device).catch((e: Error) => ({ reason: e.message.split('\n')[0] }));
    opened.set(device, p);
  }
  return p;
}

/** Probe every device, in `auto`'s order of preference. */
export async function probeDevices(): Promise<DeviceProbe[]> {
  const found: DeviceProbe[] = [];
  for (const device of DEVICES) {
    const o = await opening(device);
    found.push('backend' in o ? { device, available: true, detail: o.backend.description } : { device, available: false, detail: o.reason });
  }
  return found;
}

/** The backend for a device; `auto` takes the first available of webgpu, headlessgl, webasm, cpu. */
export async function getBackend(choice: DeviceChoice = 'auto'): Promise<Backend> {
  if (choice === 'auto') {
    for (const device of DEVICES) {
      const o = await opening(device);
      if ('backend' in o) return o.backend;
    }
    throw usageError('no device is available: not even gpu.js cpu mode opened');
  }
  if (!DEVICES.includes(choice)) throw usageError(`unknown device "${choice}": choose auto, ${DEVICES.join(', ')}`);
  const o = await opening(choice);
  if ('backend' in o) return o.backend;
  const others = (await probeDevices()).filter((p) => p.available).map((p) => p.device);
  throw usageError(`device ${choice} is not available: ${o.reason}; available here: ${others.join(', ') || 'none'} (or use --device auto)`);
}

/** Release every opened device (worker threads, GPU instances) so that the process can exit. */
export async function releaseBackends(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  for (const p of all) {
    const o = await p;
    if ('backend' in o) await o.backend.dispose();
  }
}
