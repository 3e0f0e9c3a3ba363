// No partial output: every file is written under a temporary name in its own folder and renamed when
// the whole job has succeeded. The CLI removes what is pending when it fails or is interrupted.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dataError } from '../core/index.js';

const pending = new Set<string>();

/** A set of files that appear together, or not at all. */
export class OutputBatch {
  private readonly files: { temp: string; final: string }[] = [];

  /** Write one file's content under a temporary name beside `path`. */
  async write(path: string, content: string | Uint8Array): Promise<void> {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true }).catch((e: Error) => { throw dataError(`cannot create folder ${dir}: ${e.message}`); });
    const temp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    pending.add(temp);
    this.files.push({ temp, final: path });
    await writeFile(temp, content).catch((e: NodeJS.ErrnoException) => {
      throw dataError(`cannot write ${path}: ${e.code === 'EACCES' ? 'permission denied' : e.code === 'ENOENT' ? 'no such folder' : e.message}; choose another output path`);
    });
  }

  /** Rename every file to its final name. */
  async commit(): Promise<void> {
    for (const f of this.files) {
      await rename(f.temp, f.final);
      pending.delete(f.temp);
    }
    this.files.length = 0;
  }

  /** Remove what was written. */
  async abort(): Promise<void> {
    for (const f of this.files) { await rm(f.temp, { force: true }); pending.delete(f.temp); }
    this.files.length = 0;
  }
}

/** Write one file atomically. */
export async function writeAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const batch = new OutputBatch();
  try {
    await batch.write(path, content);
    await batch.commit();
  } catch (e) {
    await batch.abort();
    throw e;
  }
}

/** Remove every temporary file not yet committed (for a signal handler: synchronous). */
export function removePendingOutputs(): void {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
}
