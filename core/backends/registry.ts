// The registered devices (devices.ts), each opened once and checked, and `auto`'s choice among them. The
// registry knows a device by its descriptor (device.ts) alone: no device's name, limit or storage here.
import { usageError } from '../errors.js';
import type { DenseStorage, Matrix } from '../matrix.js';
import { padRank, plainStorage } from '../matrix.js';
import type { Backend, DeviceName } from './backend.js';
import type { AdapterInfo, DeviceDescriptor, Opened, Problem } from './device.js';
import { descriptorOf, registeredDevices } from './device.js';
import { DEVICES } from './devices.js';
import { Turns } from './turns.js';

export type { AdapterInfo } from './device.js';
export type DeviceChoice = DeviceName | 'auto';

/** What a probe found for one device. */
export interface DeviceProbe {
  device: DeviceName;
  available: boolean;
  detail: string;
  /** A GPU device: the adapter found, whether or not the device opened. */
  adapter?: AdapterInfo;
  /** A GPU device: what its driver wrote to stderr while probing (shown with --debug). */
  log?: string;
}

/** `auto` takes a GPU only for problems with at least this many nonzeros × k. Why this default: one
 *  iteration then costs ≥ 4·10⁸ flops, several milliseconds on the webasm device even on many cores,
 *  while a GPU iteration pays a fixed ~0.5–1 ms of kernel launches and read-backs of small sums (about
 *  20 kernels and 4 read-backs); below it the CPU path is as fast or faster. LATENT_GPU_MIN_WORK sets it. */
export const GPU_MIN_WORK = Number(process.env.LATENT_GPU_MIN_WORK) || 1e8;

const opened = new Map<DeviceName, Promise<Opened>>();

/** Open a device and, where its descriptor asks, check its kernels on a problem with a known answer. */
async function openChecked(d: DeviceDescriptor): Promise<Opened> {
  const o = await d.open();
  if (!('backend' in o) || !d.selfTest) return o;
  const failure = await d.selfTest(o.backend);
  if (failure === null) return o;
  await o.backend.dispose().catch(() => undefined);
  return { reason: `its kernels failed a self-test (${failure})`, adapter: o.adapter, log: o.log };
}

function opening(device: DeviceName): Promise<Opened> {
  let p = opened.get(device);
  if (!p) {
    p = openChecked(descriptorOf(device)!).catch((e: Error) => ({ reason: e.message.split('\n')[0] }));
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

/** The device `auto` takes for a problem of `work` = nonzeros × k (Infinity: the largest problem), among
 *  those that fit `problem` where it is given. */
export async function autoDevice(work = Infinity, problem?: Problem): Promise<DeviceName> {
  for (const d of registeredDevices()) {
    // a GPU only when it is hardware and the problem big enough to gain; probing it costs a process
    if (d.gpu && work < GPU_MIN_WORK) continue;
    if (problem && d.fits && !d.fits(problem)) continue;
    if (d.autoMayOpen && !(await d.autoMayOpen())) continue;
    const o = await opening(d.name);
    if (!('backend' in o) || o.adapter?.software) continue;
    return d.name;
  }
  throw usageError(`no device is available: not even ${registeredDevices().at(-1)!.title} opened`);
}

/** The backend for a device; `auto` as `autoDevice` decides for a problem of `work` = nonzeros × k. */
export async function getBackend(choice: DeviceChoice = 'auto', work = Infinity, problem?: Problem): Promise<Backend> {
  const device = choice === 'auto' ? await autoDevice(work, problem) : choice;
  if (!DEVICES.includes(device)) throw usageError(`unknown device "${device}": choose auto, ${DEVICES.join(', ')}`);
  const o = await opening(device);
  if ('backend' in o) return o.backend;
  // the alternatives: devices that open cheaply, and GPUs only when already open (opening one in-process
  // would let its driver talk on stderr just to write this message)
  const others: DeviceName[] = [];
  for (const d of registeredDevices()) {
    if (d.name === device || (d.gpu && !opened.has(d.name))) continue;
    if ('backend' in (await opening(d.name))) others.push(d.name);
  }
  throw usageError(
    `device ${device} is not available: ${o.reason}; ` +
      `available here: ${others.join(', ') || 'none'} (or use --device auto)`,
  );
}

/** The backend for a fit of X at rank k: `auto` weighs its work (nonzeros × k) against a GPU's fixed
 *  costs, and skips a device the problem does not fit. */
export function backendFor(choice: DeviceChoice, X: Matrix, k: number, loss: Problem['loss']): Promise<Backend> {
  const work = (X.kind === 'csr' ? X.data.length : X.rows * X.cols) * k;
  return getBackend(choice, work, { X, kp: padRank(k), loss });
}

const turns = new WeakMap<Backend, Turns>();

/** Run `work` when every earlier call on this backend has finished: the lock a fit holds on its device
 *  (a gpu.js kernel's output size is set just before each call, and a GPU queue gains nothing from two
 *  problems interleaved). */
export function exclusive<T>(backend: Backend, work: () => Promise<T>): Promise<T> {
  let t = turns.get(backend);
  if (!t) turns.set(backend, (t = new Turns()));
  return t.take(work);
}

/** Storage for dense matrices in a device's memory, where a fit reads them without copying (a 60000 × 784
 *  X is 188 MB that the copy would hold twice): the chosen device's, for `auto` the first in its order
 *  that has such storage; ordinary arrays where the device has none or is missing, and for any request
 *  past what it holds. Blocks live until `free` or `releaseBackends()`. */
export async function denseStorage(choice: DeviceChoice = 'auto'): Promise<DenseStorage> {
  const d = choice === 'auto' ? registeredDevices().find((r) => r.storage) : descriptorOf(choice);
  if (!d?.storage) return plainStorage;
  const o = await opening(d.name);
  if (!('backend' in o)) return plainStorage;
  const storage = d.storage(o.backend);
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

/** What the drivers wrote to stderr while devices were probed so far (native output, kept from the
 *  user's stderr; the CLI shows it with --debug). */
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
  for (const d of registeredDevices()) d.forget?.();
  for (const p of all) {
    const o = await p;
    if ('backend' in o) await o.backend.dispose();
  }
}
