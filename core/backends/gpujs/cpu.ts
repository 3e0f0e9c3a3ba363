// The cpu device: gpu.js's plain-JavaScript mode, slow but everywhere; the reference the other devices
// are tested against, and `auto`'s last resort.
import { registerDevice } from '../device.js';
import { loadGpuJs } from './load.js';

declare module '../backend.js' {
  interface DeviceNames {
    cpu: true;
  }
}

registerDevice({
  name: 'cpu',
  title: 'gpu.js cpu mode',
  gpu: false,
  priority: 10,
  async open() {
    const { GPU, GpuJsBackend } = await loadGpuJs();
    return { backend: new GpuJsBackend(new GPU({ mode: 'cpu' }), 'cpu', 'gpu.js cpu mode (JavaScript)') };
  },
});
