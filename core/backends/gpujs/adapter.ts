// Finding the WebGPU adapter without letting its driver talk: the question is asked in a child process
// (adapter-probe.ts) once, and the answer kept until the devices are released.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterInfo } from '../device.js';

/** Dawn reaches NVIDIA and AMD GPUs on Linux through the Vulkan loader; without it there is nothing to
 *  probe. */
export function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

export type AdapterProbe = { info?: AdapterInfo; error?: string; log: string };
let adapterProbe: Promise<AdapterProbe> | null = null;

/** Ask for an adapter in a child process, so that native warnings never reach our stderr (once). */
export function probeAdapter(): Promise<AdapterProbe> {
  adapterProbe ??= probeAdapterNow();
  return adapterProbe;
}

/** Forget the answer: the next probe asks again. */
export function forgetAdapter(): void {
  adapterProbe = null;
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

export const describeAdapter = (a: AdapterInfo): string =>
  `${[a.vendor, a.architecture].filter(Boolean).join(' ')}: ` +
  `${a.description || a.device || 'WebGPU adapter'}${a.software ? ' (software)' : ''}`;
