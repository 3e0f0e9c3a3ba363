// A device as the registry sees it: one descriptor, which the device's own module registers when it is
// imported (the way tfjs-core's backends register themselves), so that the registry, `auto` and
// factorize() know no device by name. devices.ts imports every device module.
import type { DenseStorage, Matrix } from '../matrix.js';
import type { Backend, DeviceName } from './backend.js';

/** The GPU adapter that answered a device's probe (WebGPU's, as Dawn describes it). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
}

/** What opening a device gave: its backend, or why not; with the adapter found and what its driver wrote
 *  to stderr while probing, where a device has them. */
export type Opened =
  { backend: Backend; adapter?: AdapterInfo; log?: string } | { reason: string; adapter?: AdapterInfo; log?: string };

/** What `auto` weighs a device against besides the problem's size: X and the padded rank of a fit. */
export interface Problem {
  X: Matrix;
  kp: number;
  loss: 'frobenius' | 'kl';
}

export interface DeviceDescriptor {
  readonly name: DeviceName;
  /** What it is, in words (the last one `auto` tries names itself when nothing opened). */
  readonly title: string;
  /** A GPU: `auto` takes it only for problems worth its fixed costs (registry.ts's GPU_MIN_WORK), and a
   *  refusal lists it among the alternatives only when already open (its driver talks on stderr). */
  readonly gpu: boolean;
  /** `auto`'s order of preference: the highest first (also the order of DEVICES and of a probe). */
  readonly priority: number;
  /** Opens the device: its backend, or why not. */
  open(): Promise<Opened>;
  /** Run once on the opened device before it is trusted (a driver may compile a kernel wrongly): null
   *  when its kernels give known answers, else what failed. Absent: trusted as opened. */
  readonly selfTest?: (backend: Backend) => Promise<string | null>;
  /** Whether the device can index and dispatch a fit of this problem; `auto` skips it otherwise (an
   *  explicit choice is refused later, when X is bound). Absent: any problem. */
  readonly fits?: (problem: Problem) => boolean;
  /** Whether `auto` may open the device in this process at all, asked before opening it. Absent: yes. */
  readonly autoMayOpen?: () => Promise<boolean>;
  /** Dense storage in the opened device's memory, where a fit reads X without copying. Absent: none. */
  readonly storage?: (backend: Backend) => DenseStorage;
  /** Forgets what the device keeps between opens (a probe's answer), when the devices are released. */
  readonly forget?: () => void;
}

const registered: DeviceDescriptor[] = [];

/** Adds a device; called by the device's module when it is imported. */
export function registerDevice(descriptor: DeviceDescriptor): void {
  if (registered.some((d) => d.name === descriptor.name))
    throw new Error(`device ${descriptor.name} is registered twice`);
  registered.push(descriptor);
  registered.sort((a, b) => b.priority - a.priority);
}

/** Every registered device, in `auto`'s order of preference. */
export const registeredDevices = (): readonly DeviceDescriptor[] => registered;

/** The descriptor of a registered device, if there is one by that name. */
export const descriptorOf = (name: string): DeviceDescriptor | undefined => registered.find((d) => d.name === name);
