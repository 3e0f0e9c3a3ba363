// The devices this build has. Importing a device's module registers its descriptor (device.ts): adding
// a device is its module (descriptor and backend) and one line here.
import './gpujs/webgpu.js';
import './gpujs/headlessgl.js';
import './wasm/device.js';
import './gpujs/cpu.js';
import type { DeviceName } from './backend.js';
import { registeredDevices } from './device.js';

/** Every device's name, in `auto`'s order of preference. */
export const DEVICES: readonly DeviceName[] = registeredDevices().map((d) => d.name);
