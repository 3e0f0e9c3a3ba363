// Lines of a file or a stream, read as bytes with a budget per line: a line is never longer than
// MAX_LINE_BYTES (node's readline would build any length of string and die past V8's 512 MB limit with a
// stack trace), reading costs time linear in the input, and a line that is not UTF-8 is read as
// Windows-1252 (Windows' and old mail's 8-bit text, encoding.ts) instead of losing its accented letters.
import type { Readable } from 'node:stream';
import { dataError } from '../core/index.js';
import { decodeText } from './encoding.js';
import { openInput } from './open-input.js';

export { decodeText };

/** The longest line any loader reads: 64 MiB. */
export const MAX_LINE_BYTES = 64 << 20;

/** Every line of a file (a path) or a stream with its 1-based number; `name` is what errors call it.
 *  Lines end at \n or \r\n. */
export async function* numberedLines(
  input: string | Readable,
  name = typeof input === 'string' ? input : 'input',
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<[number, string]> {
  for await (const [n, buf, start, end] of lineBytes(input, name, maxBytes)) {
    const last = end > start && buf[end - 1] === 13 ? end - 1 : end;
    yield [n, decodeText(Buffer.from(buf.buffer, buf.byteOffset + start, last - start))];
  }
}

/** Every line as bytes, without a string made: [number, buffer, start, end) with the \n left out (a \r
 *  before it is kept; the fast parsers skip it as a blank, numberedLines drops it). A line within one
 *  chunk is a view of it; one spanning chunks is joined once, at its end, so a long line costs time
 *  linear in its length. No line may pass `maxBytes`. The input is opened by openInput: gzip is
 *  decompressed, binary refused. */
export async function* lineBytes(
  input: string | Readable,
  name = typeof input === 'string' ? input : 'input',
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<[number, Uint8Array, number, number]> {
  const stream = await openInput(input, name);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let n = 0;
  const tooLong = () =>
    dataError(
      `${name}:${n + 1}: the line is longer than ${maxBytes / 2 ** 20} MiB; latent reads lines up to that ` +
        `length (is it the right file?)`,
    );
  try {
    for await (const chunk of stream) {
      const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0; end = buf.indexOf(10, start)) {
        if (pendingBytes + end - start > maxBytes) throw tooLong();
        if (pending.length) {
          const whole = Buffer.concat([...pending, buf.subarray(start, end)]);
          pending = [];
          pendingBytes = 0;
          yield [++n, whole, 0, whole.length];
        } else yield [++n, buf, start, end];
        start = end + 1;
      }
      if (start < buf.length) {
        pendingBytes += buf.length - start;
        if (pendingBytes > maxBytes) throw tooLong();
        pending.push(buf.subarray(start));
      }
    }
    if (pendingBytes > 0) {
      const whole = Buffer.concat(pending);
      yield [++n, whole, 0, whole.length];
    }
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

/** Every blank-separated word of a file (a stop-words file), read as lines are: gzip, UTF-16 and 8-bit
 *  text decoded, binary refused. */
export async function readWords(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [, line] of numberedLines(path)) for (const word of line.split(/\s+/)) if (word) out.push(word);
  return out;
}
