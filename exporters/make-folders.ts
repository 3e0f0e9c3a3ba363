// mkdir -p one level at a time. Node's recursive mkdir retries a level whose mkdir fails with ENOENT
// although its parent exists, which is what /proc and some other kernel file systems answer: it spins
// at full CPU for ever (`--model /proc/x/m.json`). Here every level is made once, and a failure is an error.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Make `dir` and any missing folders above it; the topmost folder made, or undefined when `dir` was
 *  there. Errors are mkdir's or stat's own (ENOTDIR when a file is in the way). */
export async function makeFolders(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const info = await stat(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    await mkdir(missing[i]).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  return missing.at(-1);
}
