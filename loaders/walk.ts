import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { dataError } from '../core/index.js';

/** Folders below the root that are walked. Every system call on a path costs time in its depth, so a
 *  tree 1500 levels deep took minutes to walk (and at 2500 its paths pass PATH_MAX); no corpus is nested
 *  this deep, a generated or looping tree is. */
export const MAX_DEPTH = 100;

/** Every file under `root`, recursively, in sorted path order (byte order, the same on every machine).
 *  Hidden files and folders (a leading dot) are left out. Symbolic links are followed, each folder
 *  once (a link back up would loop); a broken link, a name that is not UTF-8 (a path latent could not
 *  open again by name), a folder deeper than MAX_DEPTH or a path too long to open is passed to `skipped`
 *  with the reason instead of failing the job. */
export async function listFiles(root: string, skipped?: (item: string, reason: string) => void): Promise<string[]> {
  const info = await stat(root).catch(() => null);
  if (!info) throw dataError(`${root}: no such file or folder`);
  if (!info.isDirectory()) throw dataError(`${root}: not a folder`);
  const out: string[] = [];
  const seen = new Set<string>();
  async function walk(dir: string, depth: number) {
    if (depth > MAX_DEPTH) {
      skipped?.(dir, `a folder nested deeper than ${MAX_DEPTH} levels: move what it holds higher up`);
      return;
    }
    let entries;
    try {
      const real = await realpath(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      if (dir === root || (e as NodeJS.ErrnoException).code !== 'ENAMETOOLONG') throw e;
      skipped?.(dir, 'its path is longer than this system opens');
      return;
    }
    for (const e of entries) {
      if (e.name[0] === 0x2e) continue; // '.'
      if (!isUtf8(e.name)) {
        skipped?.(join(dir, e.name.toString('latin1')), 'its name is not UTF-8: rename it');
        continue;
      }
      const path = join(dir, e.name.toString('utf8'));
      let kind: Stats | null = null;
      if (e.isSymbolicLink()) {
        kind = await stat(path).catch(() => null);
        if (!kind) {
          skipped?.(path, 'a broken symbolic link');
          continue;
        }
      }
      if (kind ? kind.isDirectory() : e.isDirectory()) await walk(path, depth + 1);
      else if (kind ? kind.isFile() : e.isFile()) out.push(path);
      // a FIFO would wait for a writer for ever, a device (a link to /dev/zero) never end
      else skipped?.(path, 'not a regular file (a FIFO, a device or a socket)');
    }
  }
  await walk(root, 0);
  const key = (p: string) => relative(root, p);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Run `work` on every item with at most `limit` running at once; results in input order. */
export async function mapPool<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
