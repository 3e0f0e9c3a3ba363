// Vectorized batches kept on disk between passes: tokenizing is most of a pass's cost (about 80 µs a
// document), so the first pass writes each batch's CSR and ids to a scratch file and later passes read
// them back — bounded memory, one tokenization per document. A disk that fills ends the spill, and the
// passes read the source again instead.
import { mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Csr } from '../../core/index.js';
import { csr } from '../../core/index.js';

/** Scratch folders not yet removed, for a signal handler to remove (removeSpills). */
const live = new Set<string>();

/** Remove every scratch folder of batches still there (synchronous: for a signal handler). */
export function removeSpills(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

export class BatchSpill {
  /** Made when the first batch is written: a source read once leaves no folder behind. */
  private dir: string | null = null;
  private get path(): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'latent-spill-'));
      live.add(this.dir);
    }
    return join(this.dir, 'batches.bin');
  }
  private writer: FileHandle | null = null;
  private failed = false;
  /** Whether a pass has begun writing the file. */
  started = false;
  /** Whether every batch of a pass is in the file, so that a pass can be read from it. */
  complete = false;

  get usable(): boolean {
    return this.complete && !this.failed;
  }

  /** Append a batch: [rows, entries, id bytes] as int32, indptr, indices, values, ids as JSON (with the
   *  rows' labels, when they have some: { ids, labels }). */
  async append(X: Csr, ids: string[], labels?: string[][]): Promise<void> {
    if (this.failed) return;
    try {
      this.writer ??= await open(this.path, 'w');
      const names = Buffer.from(JSON.stringify(labels ? { ids, labels } : ids));
      const head = Int32Array.of(X.rows, X.data.length, names.length);
      for (const part of [head, X.indptr, X.indices, X.data])
        await this.writer.write(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      await this.writer.write(names);
    } catch {
      // no room for the scratch file: later passes read the source again
      this.failed = true;
      await this.writer?.close().catch(() => undefined);
      rmSync(this.path, { force: true });
    }
  }

  async finishPass(): Promise<void> {
    if (this.writer) {
      await this.writer.close().catch(() => {
        this.failed = true;
      });
      this.writer = null;
    }
    this.complete = !this.failed;
  }

  /** The batches in the order they were written, with their ids (and labels). */
  async *read(cols: number): AsyncGenerator<{ X: Csr; ids: string[]; labels?: string[][] }> {
    const file = await open(this.path, 'r');
    let at = 0;
    const take = async (bytes: number): Promise<Buffer> => {
      const buf = Buffer.alloc(bytes);
      for (let got = 0; got < bytes;) {
        const { bytesRead } = await file.read(buf, got, bytes - got, at + got);
        if (bytesRead === 0) throw new Error(`${this.path}: the scratch file ends early`);
        got += bytesRead;
      }
      at += bytes;
      return buf;
    };
    const ints = (b: Buffer) => new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    try {
      const size = (await file.stat()).size;
      while (at < size) {
        const [rows, entries, idBytes] = ints(await take(12));
        const indptr = ints(await take(4 * (rows + 1))),
          indices = ints(await take(4 * entries));
        const values = await take(4 * entries);
        const names = JSON.parse((await take(idBytes)).toString()) as string[] | { ids: string[]; labels: string[][] };
        const X = csr(rows, cols, indptr, indices, new Float32Array(values.buffer, values.byteOffset, entries));
        yield Array.isArray(names) ? { X, ids: names } : { X, ids: names.ids, labels: names.labels };
      }
    } finally {
      await file.close();
    }
  }

  remove(): void {
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      live.delete(this.dir);
    }
    this.dir = null;
    this.complete = false;
  }
}
