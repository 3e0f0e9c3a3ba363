// Run as its own process by the registry: asks Dawn for a WebGPU adapter and prints what answered as
// one JSON line on stdout. Dawn and the Vulkan drivers write warnings to stderr from native code, where
// no JavaScript can stop them; in a child process the parent captures and drops them.
import type { AdapterInfo } from '../device.js';

async function main(): Promise<AdapterInfo | { error: string }> {
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (e) {
    return { error: `the webgpu package does not load (${(e as Error).message.split('\n')[0]})` };
  }
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { error: 'no WebGPU adapter answered (no GPU, or no Vulkan driver)' };
  const i = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${i.vendor} ${i.architecture} ${i.device} ${i.description}`;
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    software:
      Boolean(i.isFallbackAdapter) ||
      i.architecture === 'software' ||
      /llvmpipe|lavapipe|swiftshader|softpipe|warp/i.test(text),
  };
}

process.stdout.write(JSON.stringify(await main()) + '\n');
// the WebGPU instance would keep the process alive
process.exit(0);
