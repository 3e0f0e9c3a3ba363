// Lines of a file or a stream, read as bytes with a budget per line: a line is never longer than
// MAX_LINE_BYTES (node's readline would build any length of string and die past V8's 512 MB limit with a
// stack trace), reading costs time linear in the input, and text that is not UTF-8 is read as Latin-1
// (Windows' and old mail's 8-bit text) instead of losing its accented letters.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { dataError } from '../core/index.js';

/** The longest line any loader reads: 64 MiB. */
export const MAX_LINE_BYTES = 64 << 20;

/** Bytes as text: UTF-8 when they are valid UTF-8, else Latin-1 (every byte a character). */
export const decodeText = (bytes: Buffer): string => (isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1'));

/** Every line of a file (a path) or a stream with its 1-based number; `name` is what errors call it.
 *  Lines end at \n or \r\n. */
export async function* numberedLines(input: string | Readable, name = typeof input === 'string' ? input : 'input', maxBytes = MAX_LINE_BYTES): AsyncGenerator<[number, string]> {
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let n = 0;
  const line = (tail: Buffer): string => {
    let bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = []; pendingBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    return decodeText(bytes);
  };
  const tooLong = () => dataError(`${name}:${n + 1}: the line is longer than ${maxBytes / 2 ** 20} MiB; latent reads lines up to that length (is it the right file?)`);
  try {
    for await (const chunk of stream) {
      const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0; end = buf.indexOf(10, start)) {
        if (pendingBytes + end - start > maxBytes) throw tooLong();
        const text = line(buf.subarray(start, end));
        start = end + 1;
        yield [++n, text];
      }
      if (start < buf.length) {
        pendingBytes += buf.length - start;
        if (pendingBytes > maxBytes) throw tooLong();
        pending.push(buf.subarray(start));
      }
    }
    if (pendingBytes > 0) yield [++n, line(Buffer.alloc(0))];
  } finally {
    if (typeof input === 'string') stream.destroy();
  }
}

/** Every line of a file as bytes, without a string made: [number, buffer, start, end) with the \n
 *  left out (a \r before it is kept; the fast parsers skip it as a blank). The same line budget. */
export async function* lineBytes(path: string, maxBytes = MAX_LINE_BYTES): AsyncGenerator<[number, Uint8Array, number, number]> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let carry: Buffer | null = null;
  let n = 0;
  const tooLong = () => dataError(`${path}:${n + 1}: the line is longer than ${maxBytes / 2 ** 20} MiB; latent reads lines up to that length (is it the right file?)`);
  try {
    for await (const chunk of stream) {
      let buf = chunk as Buffer;
      if (carry) { buf = Buffer.concat([carry, buf]); carry = null; }
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0; end = buf.indexOf(10, start)) {
        if (end - start > maxBytes) throw tooLong();
        yield [++n, buf, start, end];
        start = end + 1;
      }
      if (start < buf.length) {
        if (buf.length - start > maxBytes) throw tooLong();
        carry = buf.subarray(start);
      }
    }
    if (carry && carry.length > 0) yield [++n, carry, 0, carry.length];
  } finally {
    stream.destroy();
  }
}

/** A file's non-empty lines, trimmed (vocabulary and label files). */
export async function readLabels(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [, line] of numberedLines(path)) if (line.trim() !== '') out.push(line.trim());
  return out;
}
