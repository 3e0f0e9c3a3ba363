// Where an output path really leads, as a shell's `>` would follow it. A symlink is followed to the file
// it names, so that the target is updated and the link stays a link; a device, a pipe or a descriptor
// (/dev/null, a FIFO, /dev/stdout) is written through, never renamed over: replacing /dev/null with a
// regular file (as root) or making a temporary file in /dev (as anyone else) is what temp+rename does.
import { lstatSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** How one output path is to be written. */
export interface OutputTarget {
  /** The path written: a symlink's final target, or the path itself. */
  final: string;
  /** A device, pipe, socket or descriptor: opened and written, not replaced. */
  through: boolean;
  /** The permission bits of a regular file being replaced, kept on its replacement. */
  mode?: number;
  /** A descriptor of this process (/dev/stdout is 1): written on that descriptor, sharing its offset
   *  with what the process prints there, as a shell does for `>/dev/stdout`. */
  descriptor?: number;
}

/** Symlink hops followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_HOPS = 40;

/** /dev/stdout, /dev/fd/1, /proc/self/fd/1: a descriptor of this process, whatever it is open on (a pipe
 *  reads as a link to `pipe:[…]`, which names no file). */
const DESCRIPTOR = /^\/(?:dev\/(?:fd\/(\d+)|stdout|stderr)|proc\/(self|thread-self|\d+)\/fd\/(\d+))$/;

/** The descriptor number a path names in this process, or undefined (another process's, or none). */
function ownDescriptor(path: string): number | undefined {
  const m = DESCRIPTOR.exec(path);
  if (!m) return undefined;
  if (path === '/dev/stdout') return 1;
  if (path === '/dev/stderr') return 2;
  if (m[1] !== undefined) return Number(m[1]);
  return m[2] === 'self' || m[2] === 'thread-self' || Number(m[2]) === process.pid ? Number(m[3]) : undefined;
}

const statOrNull = (path: string, follow: boolean): Stats | null => {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    // a file in the way of a folder (ENOTDIR) is for makeFolders to name
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
};

/** Follow `path` to what a write would reach. Errors are the file system's own (EACCES, ELOOP). */
export function outputTarget(path: string): OutputTarget {
  let current = path;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const absolute = resolve(current);
    if (DESCRIPTOR.test(absolute)) return { final: current, through: true, descriptor: ownDescriptor(absolute) };
    const link = statOrNull(current, false);
    if (link === null) return { final: current, through: false };
    if (!link.isSymbolicLink()) {
      if (link.isFile()) return { final: current, through: false, mode: link.mode & 0o7777 };
      // a folder is refused by the commit; anything else (a device, a FIFO, a socket) is written into
      return { final: current, through: !link.isDirectory() };
    }
    // a link to something that exists and is not a regular file: write through the link itself
    const reached = statOrNull(current, true);
    if (reached && !reached.isFile() && !reached.isDirectory()) return { final: current, through: true };
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}
