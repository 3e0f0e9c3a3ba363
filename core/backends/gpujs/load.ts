// gpu.js and its backend, loaded by the first device that runs on it: 15 MB that a process fitting on
// webasm need not hold, so the gpu.js devices' descriptors import nothing of it until they open.
export async function loadGpuJs() {
  const [{ GPU }, { GpuJsBackend }] = await Promise.all([import('gpu.js'), import('./index.js')]);
  return { GPU, GpuJsBackend };
}
