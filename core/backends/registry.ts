// Devices registered behind one interface, probed once, and `auto`'s choice among them.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';
import type { DenseStorage } from '../matrix.js';
import { plainStorage } from '../matrix.js';
import type { Backend, DeviceName } from './backend.js';
import { DEVICES } from './backend.js';
import { selfTest } from './selftest.js';
import { WasmBackend } from './wasm/index.js';

export type DeviceChoice = DeviceName | 'auto';

/** The WebGPU adapter that answered, as Dawn describes it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
}

/** What a probe found for one device. */
export interface DeviceProbe {
  device: DeviceName;
  available: boolean;
  detail: string;
  /** webgpu: the adapter found, whether or not the device opened. */
  adapter?: AdapterInfo;
  /** webgpu: what Dawn and the driver wrote to stderr while probing (shown with --debug). */
  log?: string;
}

/** The environment variable that lets the webgpu device open on a software adapter (Mesa's llvmpipe,
 *  SwiftShader): for testing the GPU path on a machine without a GPU. `auto` still never picks it. */
export const SOFTWARE_OPT_IN = 'LATENT_WEBGPU_SOFTWARE';

/** `auto` takes webgpu only for problems with at least this many nonzeros × k. Why this default: one
 *  iteration then costs ≥ 4·10⁸ flops, several milliseconds on the webasm device even on many cores,
 *  while a GPU iteration pays a fixed ~0.5–1 ms of kernel launches and read-backs of small sums (about
 *  20 kernels and 4 read-backs); below it the CPU path is as fast or faster. LATENT_GPU_MIN_WORK sets it. */
export const GPU_MIN_WORK = Number(process.env.LATENT_GPU_MIN_WORK) || 1e8;

type Opened =
  { backend: Backend; adapter?: AdapterInfo; log?: string } | { reason: string; adapter?: AdapterInfo; log?: string };

const opened = new Map<DeviceName, Promise<Opened>>();

/** Dawn reaches NVIDIA and AMD GPUs on Linux through the Vulkan loader; without it there is nothing to
 *  probe. */
function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

type AdapterProbe = { info?: AdapterInfo; error?: string; log: string };
let adapterProbe: Promise<AdapterProbe> | null = null;

/** Ask for an adapter in a child process, so that native warnings never reach our stderr (once). */
function probeAdapter(): Promise<AdapterProbe> {
  adapterProbe ??= probeAdapterNow();
  return adapterProbe;
}

function probeAdapterNow(): Promise<AdapterProbe> {
  const script = fileURLToPath(new URL('./adapter-probe.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { timeout: 30_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const log = String(stderr).trim();
      try {
        const answer = JSON.parse(String(stdout).trim().split('\n').at(-1)!) as AdapterInfo | { error: string };
        resolve('error' in answer ? { error: answer.error, log } : { info: answer, log });
      } catch {
        resolve({ error: `the adapter probe failed (${error ? error.message.split('\n')[0] : 'no answer'})`, log });
      }
    });
  });
}

const describeAdapter = (a: AdapterInfo): string =>
  `${[a.vendor, a.architecture].filter(Boolean).join(' ')}: ${a.description || a.device || 'WebGPU adapter'}${a.software ? ' (software)' : ''}`;

const keptAlive: unknown[] = [];

async function openWebGpu(): Promise<Opened> {
  if (!vulkanLoaderPresent()) return { reason: 'no Vulkan loader (libvulkan.so.1), so no GPU driver to reach' };
  const probe = await probeAdapter();
  const { info: adapter, log } = probe;
  if (!adapter) return { reason: probe.error!, log };
  if (adapter.software && process.env[SOFTWARE_OPT_IN] !== '1') {
    return {
      reason: `only a software adapter answered (${describeAdapter(adapter)}); set ${SOFTWARE_OPT_IN}=1 to run the GPU kernels on it for testing`,
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
  const { GPU, GpuJsBackend } = await gpuJs();
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

/** gpu.js and its backend, loaded by the first device that runs on it (15 MB a process that fits on
 *  webasm need not hold). */
async function gpuJs() {
  const [{ GPU }, { GpuJsBackend }] = await Promise.all([import('gpu.js'), import('./gpujs.js')]);
  return { GPU, GpuJsBackend };
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

async function open(device: DeviceName): Promise<Opened> {
  switch (device) {
    case 'webgpu':
      return openWebGpu();
    case 'headlessgl': {
      const noGl = { reason: 'the optional gl package (headless WebGL) is not installed or did not build' };
      if (!resolves('gl')) return noGl;
      const { GPU, GpuJsBackend } = await gpuJs();
      if (!GPU.isHeadlessGLSupported) return noGl;
      return { backend: new GpuJsBackend(new GPU({ mode: 'headlessgl' }), 'headlessgl', 'gpu.js headless WebGL') };
    }
    case 'webasm':
      if (typeof SharedArrayBuffer === 'undefined' || !WebAssembly.validate(SIMD_PROBE))
        return { reason: 'WebAssembly SIMD or shared memory is missing' };
      return { backend: await WasmBackend.create() };
    case 'cpu': {
      const { GPU, GpuJsBackend } = await gpuJs();
      return { backend: new GpuJsBackend(new GPU({ mode: 'cpu' }), 'cpu', 'gpu.js cpu mode (JavaScript)') };
    }
  }
}

/** The smallest module that uses a SIMD instruction: validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Open a device and, for the GPU ones, check its kernels on a problem with a known answer. */
async function openChecked(device: DeviceName): Promise<Opened> {
  const o = await open(device);
  if (!('backend' in o) || device === 'webasm' || device === 'cpu') return o;
  const failure = await selfTest(o.backend);
  if (failure === null) return o;
  await o.backend.dispose().catch(() => undefined);
  return { reason: `its kernels failed a self-test (${failure})`, adapter: o.adapter, log: o.log };
}

function opening(device: DeviceName): Promise<Opened> {
  let p = opened.get(device);
  if (!p) {
    p = openChecked(device).catch((e: Error) => ({ reason: e.message.split('\n')[0] }));
    opened.set(device, p);
  }
  return p;
}

const probeOf = (device: DeviceName, o: Opened): DeviceProbe => ({
  device,
  available: 'backend' in o,
  detail: 'backend' in o ? o.backend.description : o.reason,
  ...(o.adapter ? { adapter: o.adapter } : {}),
  ...(o.log ? { log: o.log } : {}),
});

/** Probe every device, in `auto`'s order of preference. */
export async function probeDevices(): Promise<DeviceProbe[]> {
  const found: DeviceProbe[] = [];
  for (const device of DEVICES) found.push(probeOf(device, await opening(device)));
  return found;
}

const isGpu = (d: DeviceName) => d === 'webgpu' || d === 'headlessgl';

/** The device `auto` takes for a problem of `work` = nonzeros × k (Infinity: the largest problem). */
export async function autoDevice(work = Infinity): Promise<DeviceName> {
  for (const device of DEVICES) {
    // a GPU only when it is hardware and the problem big enough to gain; probing it costs a process
    if (isGpu(device) && work < GPU_MIN_WORK) continue;
    // a software adapter is never auto's choice: do not even open it in this process
    if (device === 'webgpu' && (!vulkanLoaderPresent() || (await probeAdapter()).info?.software !== false)) continue;
    const o = await opening(device);
    if (!('backend' in o) || o.adapter?.software) continue;
    return device;
  }
  throw usageError('no device is available: not even gpu.js cpu mode opened');
}

/** The backend for a device; `auto` as `autoDevice` decides for a problem of `work` = nonzeros × k. */
export async function getBackend(choice: DeviceChoice = 'auto', work = Infinity): Promise<Backend> {
  const device = choice === 'auto' ? await autoDevice(work) : choice;
  if (!DEVICES.includes(device)) throw usageError(`unknown device "${device}": choose auto, ${DEVICES.join(', ')}`);
  const o = await opening(device);
  if ('backend' in o) return o.backend;
  // the alternatives: devices that open cheaply, and GPUs only when already open (opening one in-process
  // would let its driver talk on stderr just to write this message)
  const others: DeviceName[] = [];
  for (const d of DEVICES) {
    if (d === device || (isGpu(d) && !opened.has(d))) continue;
    if ('backend' in (await opening(d))) others.push(d);
  }
  throw usageError(
    `device ${device} is not available: ${o.reason}; available here: ${others.join(', ') || 'none'} (or use --device auto)`,
  );
}

/** Storage for dense matrices in the webasm device's memory, where a fit reads them without copying
 *  (a 60000 × 784 X is 188 MB that the copy would hold twice); ordinary arrays where that device is
 *  missing, and for any request past its 4 GiB. Blocks live until `free` or `releaseBackends()`. */
export async function denseStorage(): Promise<DenseStorage> {
  const o = await opening('webasm');
  if (!('backend' in o) || !(o.backend instanceof WasmBackend)) return plainStorage;
  const { storage } = o.backend;
  return {
    alloc: (length) => {
      try {
        return storage.alloc(length);
      } catch {
        return plainStorage.alloc(length);
      }
    },
    allocIndices: (length) => {
      try {
        return storage.allocIndices!(length);
      } catch {
        return new Int32Array(length);
      }
    },
    free: storage.free,
  };
}

/** What Dawn and the drivers wrote to stderr while devices were probed so far (native output, kept
 *  from the user's stderr; the CLI shows it with --debug). */
export async function probeLogs(): Promise<string[]> {
  const logs: string[] = [];
  for (const [device, p] of opened) {
    const o = await p;
    if (o.log) logs.push(`${device} probe: ${o.log}`);
  }
  return logs;
}

/** Release every opened device (worker threads, GPU instances) so that the process can exit. */
export async function releaseBackends(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  adapterProbe = null;
  for (const p of all) {
    const o = await p;
    if ('backend' in o) await o.backend.dispose();
  }
}
