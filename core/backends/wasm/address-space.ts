// The address space the webasm device reserves, against the process's limit (ulimit -v): past the limit
// V8 aborts the process while reserving (rc 133, "Failed to reserve virtual memory for CodeRange"),
// before any error could be caught. The threads are cut to what fits, and below what one thread needs
// the device is refused in one line that says which limit is needed.
import { readFileSync } from 'node:fs';
import { dataError } from '../../errors.js';

const GiB = 2 ** 30;

/** The soft limit on this process's address space in bytes (Linux's /proc/self/limits), or Infinity. */
export function addressSpaceLimit(limits = '/proc/self/limits'): number {
  try {
    const m = /^Max address space\s+(\S+)/m.exec(readFileSync(limits, 'utf8'));
    return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return Infinity;
  }
}

/** Address space the device takes with `threads` threads, as measured on Linux x64 with Node 20 (the
 *  shared memory's 4 GiB maximum with V8's guard regions, then each worker's isolate), a little under
 *  the measured need, so that no run that fits is refused (ulimit -v in KiB: 8062500 for 1 thread,
 *  12187500 for 2, 13375000 for 4, 15812500 for 8). */
export const reservedBytes = (threads: number): number => (7.6 + (threads > 1 ? 3.9 + 0.55 * (threads - 2) : 0)) * GiB;

/** The most threads, up to `threads`, whose reservation fits `limit`; throws when one thread does not. */
export function threadsWithin(threads: number, limit = addressSpaceLimit()): number {
  const one = reservedBytes(1);
  if (limit < one) {
    const kib = (bytes: number) => Math.ceil(bytes / 1024);
    throw dataError(
      `this process may use ${(limit / GiB).toFixed(1)} GiB of address space (ulimit -v ${kib(limit)}); ` +
        `latent's WebAssembly kernels reserve about ${(one / GiB).toFixed(1)} GiB (a 4 GiB memory and its ` +
        `guard regions): raise the limit to ulimit -v ${kib(reservedBytes(2))} or more, or unlimited`,
    );
  }
  let fit = Math.max(1, threads);
  while (fit > 1 && reservedBytes(fit) > limit) fit--;
  return fit;
}
