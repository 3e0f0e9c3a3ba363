// No partial output: every file of a job is written under a temporary name in its own folder, and only
// when all are written are they renamed, together: every final path is checked first (a folder in the
// way fails before anything is renamed), a file replaced is kept aside until the last rename succeeds,
// and a failure part way puts everything back. The renames are synchronous, so a signal cannot land
// between two of them; the CLI's signal handler removes what is pending (removePendingOutputs), and
// the folders a job created are removed with its files.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dataError } from '../core/index.js';
import { makeFolders } from './make-folders.js';

/** Bytes gathered before a write. */
const WRITE_BYTES = 1 << 20;

/** Temporary files not yet committed, and folders created for them, across all batches. */
const pending = new Set<string>();
const createdFolders: string[] = [];
let committed = false;

const why = (e: NodeJS.ErrnoException) =>
  e.code === 'EACCES' || e.code === 'EPERM'
    ? 'permission denied'
    : e.code === 'ENOENT'
      ? 'no such folder'
      : e.code === 'ENOSPC'
        ? 'no space left on the device'
        : e.code === 'EISDIR'
          ? 'it is a folder'
          : e.code === 'EEXIST' || e.code === 'ENOTDIR'
            ? 'a file is in the way'
            : e.message;

/** One file of a batch being written: pieces in order, then close (the batch's commit renames it). */
export interface OutputFile {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A set of files that appear together, or not at all. */
export class OutputBatch {
  private readonly files: { temp: string; final: string }[] = [];
  /** Files opened and not yet closed: an abort closes them (a handle left to the garbage collector
   *  prints a warning on stderr). */
  private readonly unclosed = new Set<FileHandle>();

  /** Write one file's content under a temporary name beside `path`; content given in chunks is written
   *  as they come, so that a file larger than any one string can be (millions of rows) streams out. */
  async write(
    path: string,
    content: string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<void> {
    const file = await this.open(path);
    const chunks = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
    try {
      for await (const chunk of chunks) await file.write(chunk);
    } finally {
      await file.close();
    }
  }

  /** A file of the batch written piece by piece, for output made as the data streams by. */
  async open(path: string): Promise<OutputFile> {
    if (basename(path) === '' || path.endsWith('/'))
      throw dataError(`cannot write ${path}: it names a folder, not a file; choose another output path`);
    const dir = dirname(path);
    const created = await makeFolders(dir).catch((e: NodeJS.ErrnoException) => {
      throw dataError(`cannot create folder ${dir}: ${why(e)}; choose another output path`);
    });
    if (created) createdFolders.push(created);
    const temp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    pending.add(temp);
    this.files.push({ temp, final: path });
    const failed = (e: NodeJS.ErrnoException) =>
      dataError(`cannot write ${path}: ${why(e)}; choose another output path`);
    const handle = await open(temp, 'w').catch((e) => {
      throw failed(e);
    });
    this.unclosed.add(handle);
    // pieces gathered up to WRITE_BYTES per write: a system call per row would dominate
    let held: Buffer[] = [],
      bytes = 0;
    const flush = async () => {
      if (bytes === 0) return;
      const data = held.length === 1 ? held[0] : Buffer.concat(held);
      held = [];
      bytes = 0;
      await handle.write(data).catch((e) => {
        throw failed(e);
      });
    };
    return {
      async write(chunk) {
        // a copy: the caller may reuse its bytes before they are flushed
        const buf = Buffer.from(chunk);
        held.push(buf);
        bytes += buf.length;
        if (bytes >= WRITE_BYTES) await flush();
      },
      close: async () => {
        try {
          await flush();
        } finally {
          this.unclosed.delete(handle);
          await handle.close();
        }
      },
    };
  }

  /** Rename every file to its final name, all or none. */
  async commit(): Promise<void> {
    for (const f of this.files) {
      const info = existsSync(f.final) ? statSync(f.final) : null;
      if (info?.isDirectory()) throw dataError(`cannot write ${f.final}: it is a folder; choose another output path`);
    }
    const done: { final: string; backup: string | null }[] = [];
    try {
      for (const f of this.files) {
        // a file being replaced is kept aside until every rename has succeeded
        const backup = existsSync(f.final) ? `${f.temp}.old` : null;
        if (backup) renameSync(f.final, backup);
        try {
          renameSync(f.temp, f.final);
        } catch (e) {
          if (backup) renameSync(backup, f.final);
          throw dataError(`cannot write ${f.final}: ${why(e as NodeJS.ErrnoException)}; no output written`);
        }
        done.push({ final: f.final, backup });
      }
    } catch (e) {
      for (const d of done.reverse()) {
        if (d.backup) renameSync(d.backup, d.final);
        else rmSync(d.final, { force: true });
      }
      throw e;
    }
    for (const d of done) if (d.backup) rmSync(d.backup, { force: true });
    for (const f of this.files) pending.delete(f.temp);
    this.files.length = 0;
    createdFolders.length = 0;
    committed = true;
  }

  /** Remove what was written. */
  async abort(): Promise<void> {
    for (const handle of this.unclosed) await handle.close().catch(() => undefined);
    this.unclosed.clear();
    for (const f of this.files) {
      await rm(f.temp, { force: true });
      pending.delete(f.temp);
    }
    this.files.length = 0;
    removeCreatedFolders();
  }
}

/** Write one file atomically. */
export async function writeAtomic(path: string, content: Parameters<OutputBatch['write']>[1]): Promise<void> {
  const batch = new OutputBatch();
  try {
    await batch.write(path, content);
    await batch.commit();
  } catch (e) {
    await batch.abort();
    throw e;
  }
}

/** The folders this job created for files that were never committed: only its own temporary files
 *  can be in them (mkdir -p names the top folder it made; those below it are new too). */
function removeCreatedFolders(): void {
  for (const dir of createdFolders.splice(0).reverse()) rmSync(dir, { recursive: true, force: true });
}

/** Remove every temporary file not yet committed and the folders made for them (for a signal
 *  handler: synchronous). Returns whether a batch had already been committed. */
export function removePendingOutputs(): { committed: boolean } {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
  removeCreatedFolders();
  return { committed };
}
