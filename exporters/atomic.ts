// No partial output: every file of a job is written under a temporary name in its own folder, and only
// when all are written are they renamed, together: every final path is checked first (a folder in the
// way fails before anything is renamed), a file replaced is kept aside until the last rename succeeds,
// and a failure part way puts everything back. The renames are synchronous, so a signal cannot land
// between two of them; a signal handler removes what is pending (PendingOutputs: the CLI keeps one for
// the process), and the folders a job created are removed with its files when nothing else is in them.
// A device, pipe or symlink is not renamed over (output-target.ts): what goes to a device or pipe is
// gathered in a temporary file and copied into it by the commit, before any rename, so a failed job
// writes nothing there.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { dataError } from '../core/index.js';
import { makeFolders } from './make-folders.js';
import { outputTarget } from './output-target.js';

/** Bytes gathered before a write. */
const WRITE_BYTES = 1 << 20;

/** What a job's batches have on disk and not yet committed: their temporary files and the folders made
 *  for them, for a signal handler to remove. Batches share one when they make one job's output. */
export class PendingOutputs {
  readonly temps = new Set<string>();
  readonly createdFolders: string[] = [];
  /** Whether a batch has committed files: they are complete and stay. */
  committed = false;

  /** The folders created for files that were never committed, each removed only when empty: another
   *  job may have committed files into one since (two jobs given one new --out-dir), and those are
   *  not this job's to delete. Deepest first, so that a folder emptied below can go too. */
  removeCreatedFolders(): void {
    const folders = [...new Set(this.createdFolders.splice(0))].sort((a, b) => b.length - a.length);
    for (const dir of folders) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty (another job's files), or gone already: left as it is
      }
    }
  }

  /** Remove every temporary file not yet committed and the folders made for them (synchronous, for a
   *  signal handler). Returns whether a batch had already been committed. */
  remove(): { committed: boolean } {
    for (const p of this.temps) rmSync(p, { force: true });
    this.temps.clear();
    this.removeCreatedFolders();
    return { committed: this.committed };
  }
}

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
            : e.code === 'EPIPE'
              ? 'the pipe was closed by its reader'
              : e.code === 'ELOOP'
                ? 'too many levels of symbolic links'
                : e.message;

/** One file of a batch being written: pieces in order, then close (the batch's commit renames it). */
export interface OutputFile {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** A set of files that appear together, or not at all. */
export class OutputBatch {
  /** `through`: a device or pipe, `final` written from `temp` rather than replaced by it. */
  private readonly files: { temp: string; final: string; through: boolean; descriptor?: number }[] = [];
  /** Files opened and not yet closed: an abort closes them (a handle left to the garbage collector
   *  prints a warning on stderr). */
  private readonly unclosed = new Set<FileHandle>();

  /** `pending`: where this batch's temporary files are listed until committed; a batch of its own by
   *  default, the job's (the CLI's process-wide one) when a signal handler must find them. */
  constructor(private readonly pending = new PendingOutputs()) {}

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
    const failed = (e: NodeJS.ErrnoException) =>
      dataError(`cannot write ${path}: ${why(e)}; choose another output path`);
    let target;
    try {
      target = outputTarget(path);
    } catch (e) {
      throw failed(e as NodeJS.ErrnoException);
    }
    const { final, through, descriptor } = target;
    // two outputs on one file: the second would silently replace the first
    if (!through && this.files.some((f) => f.final === final))
      throw dataError(`cannot write ${path} twice: two outputs of this job name it; give each its own path`);
    const dir = dirname(final);
    if (!through) {
      const created = await makeFolders(dir).catch((e: NodeJS.ErrnoException) => {
        throw dataError(`cannot create folder ${dir}: ${why(e)}; choose another output path`);
      });
      // every level made, deepest first, so that each can be removed once emptied
      if (created)
        for (let d = dir; ; d = dirname(d)) {
          this.pending.createdFolders.push(d);
          if (d === created || dirname(d) === d) break;
        }
    }
    // a device's or pipe's folder (/dev) is not one to write temporary files in
    const temp = join(through ? tmpdir() : dir, `.${basename(final)}.${randomBytes(4).toString('hex')}.tmp`);
    this.pending.temps.add(temp);
    this.files.push({ temp, final, through, descriptor });
    const handle = await open(temp, 'w').catch((e) => {
      throw failed(e);
    });
    // the file replaced keeps its permissions, as a shell's `>` leaves them
    if (target.mode !== undefined)
      await handle.chmod(target.mode).catch(async (e) => {
        await handle.close();
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
    // devices and pipes first: the likeliest to fail (/dev/full, a reader gone), and before any rename
    for (const f of this.files) if (f.through) await copyInto(f.temp, f.final, f.descriptor);
    const done: { final: string; backup: string | null }[] = [];
    try {
      for (const f of this.files) {
        if (f.through) continue;
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
    for (const f of this.files) {
      if (f.through) rmSync(f.temp, { force: true });
      this.pending.temps.delete(f.temp);
    }
    // an empty batch (a job whose only output is standard output) commits no file
    if (this.files.length > 0) this.pending.committed = true;
    this.files.length = 0;
    this.pending.createdFolders.length = 0;
  }

  /** Remove what was written. */
  async abort(): Promise<void> {
    for (const handle of this.unclosed) await handle.close().catch(() => undefined);
    this.unclosed.clear();
    for (const f of this.files) {
      await rm(f.temp, { force: true });
      this.pending.temps.delete(f.temp);
    }
    this.files.length = 0;
    this.pending.removeCreatedFolders();
  }
}

/** Write on standard output or error through its stream: in order with what else is printed there, and
 *  at the same offset when it is a file (`--doc-topics /dev/stdout > all.txt` keeps both). */
function streamWriter(stream: NodeJS.WriteStream) {
  return {
    write: (buf: Buffer, at: number, length: number) =>
      new Promise<{ bytesWritten: number }>((done, fail) =>
        stream.write(Buffer.from(buf.subarray(at, at + length)), (e) => (e ? fail(e) : done({ bytesWritten: length }))),
      ),
    close: async () => undefined,
  };
}

/** Copy a finished temporary file into a device or pipe; a descriptor of this process is written on
 *  that descriptor. Opened to append, so a descriptor of another process on a file overwrites nothing. */
async function copyInto(temp: string, final: string, descriptor: number | undefined): Promise<void> {
  const failed = (e: NodeJS.ErrnoException) => dataError(`cannot write ${final}: ${why(e)}; no output written`);
  const from = await open(temp, 'r');
  try {
    // a FIFO's open waits for its reader, as a shell's redirection does
    const to =
      descriptor === 1
        ? streamWriter(process.stdout)
        : descriptor === 2
          ? streamWriter(process.stderr)
          : await open(final, 'a').catch((e) => {
              throw failed(e);
            });
    try {
      const buf = Buffer.allocUnsafe(WRITE_BYTES);
      for (;;) {
        const { bytesRead } = await from.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        for (let at = 0; at < bytesRead;) {
          const { bytesWritten } = await to.write(buf, at, bytesRead - at).catch((e) => {
            throw failed(e);
          });
          at += bytesWritten;
        }
      }
    } finally {
      await to.close().catch(() => undefined);
    }
  } finally {
    await from.close();
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
