// Text that is not UTF-8, read as its writer meant: UTF-16 (Windows' "Unicode" text and Excel's
// "Unicode text" export) by its byte-order mark or, without one, by the NUL byte beside every ASCII
// letter; and 8-bit text as Windows-1252, the superset of Latin-1 that Windows and old mail write (Š ž
// Œ € Ÿ are its bytes 0x80–0x9F, control characters in ISO-8859-1). UTF-8 is decided for each piece
// read, not once for a file: a Latin-1 letter past the first MiB is not read as U+FFFD.
import { isUtf8 } from 'node:buffer';

export type Utf16 = 'utf-16le' | 'utf-16be';

/** Windows-1252's bytes 0x80–0x9F, where it differs from ISO-8859-1 (WHATWG's table: the five bytes it
 *  leaves undefined stay C1 controls). Node's TextDecoder('windows-1252') decodes them as ISO-8859-1. */
const C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const FROM_C1 = /[\u0080-\u009f]/g;

/** Bytes that are not UTF-8, as Windows-1252. */
export const decode8bit = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString('latin1')
    .replace(FROM_C1, (c) => C1[c.charCodeAt(0) - 0x80]);

/** Bytes as text: UTF-8 when they are valid UTF-8, else Windows-1252 (every byte a character). */
export const decodeText = (bytes: Uint8Array): string =>
  isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') : decode8bit(bytes);

/** Whether a file's first bytes are UTF-16, and which order: by its byte-order mark, or (none) when
 *  most characters are ASCII letters, digits, blanks or punctuation with the NUL byte beside each on
 *  one side, and no NUL on the other (binary has NULs anywhere, and control characters). */
export function utf16Of(head: Uint8Array): Utf16 | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // an odd number of bytes: all there is (a head is cut at an even length), and UTF-16 has none
  if (head.length % 2 === 1 || head.length < 8) return null;
  const pairs = head.length / 2;
  const ascii = (low: number) => low >= 0x20 || low === 0x09 || low === 0x0a || low === 0x0d;
  for (const [zero, other, order] of [
    [1, 0, 'utf-16le'],
    [0, 1, 'utf-16be'],
  ] as const) {
    let text = 0,
      nulOther = 0;
    for (let i = 0; i < head.length; i += 2) {
      if (head[i + other] === 0) nulOther++;
      else if (head[i + zero] === 0 && ascii(head[i + other])) text++;
    }
    if (nulOther === 0 && text * 4 >= pairs * 3) return order;
  }
  return null;
}

/** Bytes at the end of `buf` that start a UTF-8 character the next piece completes (0 to 3). */
function cutCharacter(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

/** Text of a stream of pieces: each piece UTF-8 when it is (a character cut by its end carried over),
 *  else Windows-1252. */
export class PieceDecoder {
  private carry: Buffer = Buffer.alloc(0);

  write(piece: Buffer): string {
    const buf = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    const cut = cutCharacter(buf);
    const whole = buf.subarray(0, buf.length - cut);
    if (isUtf8(whole)) {
      this.carry = Buffer.from(buf.subarray(buf.length - cut));
      return whole.toString('utf8');
    }
    this.carry = Buffer.alloc(0);
    return decode8bit(buf);
  }

  end(): string {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length ? decodeText(rest) : '';
  }
}
