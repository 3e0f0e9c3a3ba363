import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { dataError } from '../core/index.js';

/** Every file under `root`, recursively, in sorted path order (byte order, the same on every machine).
 *  Hidden files and folders (a leading dot) are left out. */
export async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => null);
  if (!info) throw dataError(`${root}: no such file or folder`);
  if (!info.isDirectory()) throw dataError(`${root}: not a folder`);
  const out: string[] = [];
  async function walk(dir: string) {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) out.push(path);
    }
  }
  await walk(root);
  const key = (p: string) => relative(root, p);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Run `work` on every item with at most `limit` running at once; results in input order. */
export async function mapPool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
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
