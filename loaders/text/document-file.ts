// One file of a folder as one document: its text, or why it is passed over (binary, too big, a damaged
// gzip). A gzip file (by its magic bytes, `.gz` or not) is one document decompressed, within the same
// budget as a plain one, so a small file that inflates to gigabytes is passed over, not a heap abort.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeText, utf16Of } from '../encoding.js';
import { binaryKind, isGzip, SNIFF_BYTES } from '../sniff.js';

/** The largest file read as one document: 256 MiB (a string can hold about twice that). */
export const MAX_DOCUMENT_BYTES = 256 << 20;

const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const tooBig = (size: number, what = '') => ({
  skip: `${MiB(size)}${what}, over the ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB a document may have`,
});

function readAll(fd: number, buf: Buffer, from: number): void {
  for (let at = from; at < buf.length;) {
    const got = readSync(fd, buf, at, buf.length - at, at);
    if (got === 0) break;
    at += got;
  }
}

/** A gzip file's content within the budget, or why not. */
function inflate(compressed: Buffer): Buffer | { skip: string } {
  try {
    return gunzipSync(compressed, { maxOutputLength: MAX_DOCUMENT_BYTES });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return tooBig(MAX_DOCUMENT_BYTES, '+ decompressed');
    return { skip: `not a whole gzip file (${(e as Error).message}): damaged or cut short` };
  }
}

/** A file's text, or why it is passed over: binary (by its first 8 KiB, read alone), too big, a gzip
 *  file that is damaged or inflates past the budget, or one that cannot be opened (gone, locked). */
export function readDocument(file: string): { text: string } | { skip: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    // one file of a folder gone or locked since it was listed: passed over, as an image folder's are
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { skip: 'it was removed while the folder was read' };
    if (code === 'EACCES' || code === 'EPERM') return { skip: 'permission denied: latent cannot read it' };
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    const gzip = isGzip(head);
    if (!gzip && !utf16Of(head)) {
      const binary = binaryKind(head);
      if (binary) return { skip: `binary file (${binary})` };
    }
    if (size > MAX_DOCUMENT_BYTES) return tooBig(size);
    let buf: Buffer = Buffer.alloc(size);
    head.copy(buf);
    readAll(fd, buf, head.length);
    if (gzip) {
      const content = inflate(buf);
      if (!Buffer.isBuffer(content)) return content;
      const binary = utf16Of(content) ? null : binaryKind(content.subarray(0, SNIFF_BYTES));
      if (binary) return { skip: `binary file once decompressed (${binary})` };
      buf = content;
    }
    const utf16 = utf16Of(buf);
    return { text: utf16 ? new TextDecoder(utf16).decode(buf) : decodeText(buf) };
  } finally {
    closeSync(fd);
  }
}
