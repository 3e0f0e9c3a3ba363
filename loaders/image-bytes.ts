// An image file's bytes, read only once its first bytes say it is an image sharp decodes and its size
// fits the pixel limit: a photo folder holding four 1.9 GiB videos was read whole (7.9 GB) for each to
// be skipped. The reasons name what the file is where its signature says so (sniff.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { binaryKind } from './sniff.js';

/** Leading bytes looked at: enough for every signature below, ISO-BMFF's brand included. */
const HEAD_BYTES = 32;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

/** ISO-BMFF brands of still images (AVIF, HEIF/HEIC); mp4, mov and 3gp videos have others. */
const IMAGE_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'mif1', 'msf1']);

/** Whether `head` starts as a format sharp reads: PNG, JPEG, GIF, WebP, TIFF, AVIF/HEIF or SVG. */
export function looksLikeImage(head: Uint8Array): boolean {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff])) return true;
  if (ascii(head, 0, 4) === 'GIF8') return true;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return true;
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return true;
  if (ascii(head, 4, 8) === 'ftyp') return IMAGE_BRANDS.has(ascii(head, 8, 12));
  // SVG is text: a tag (after a byte-order mark and blanks), which sharp then parses or refuses
  return /^(?:\uFEFF)?\s*</.test(Buffer.from(head).toString('utf8'));
}

/** The largest file that can hold an image of `maxPixels` pixels: 8 bytes a pixel is four 16-bit
 *  channels uncompressed, and 16 MiB more for metadata (EXIF, ICC profiles, thumbnails). */
const maxImageBytes = (maxPixels: number) => maxPixels * 8 + (16 << 20);

/** The file's bytes, or an error whose message says why it is not read as an image (the caller skips
 *  the file, or refuses it under --strict). Synchronous: see decodePixels. */
export function readImageBytes(file: string, maxPixels: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    if (!looksLikeImage(head)) {
      const what =
        ascii(head, 4, 8) === 'ftyp' ? `a video or sound file (${ascii(head, 8, 12).trim()})` : binaryKind(head);
      throw new Error(`not an image${what ? `: ${what}` : ' (PNG, JPEG, GIF, WebP, TIFF, AVIF or SVG)'}`);
    }
    if (size > maxImageBytes(maxPixels))
      throw new Error(`${(size / 2 ** 30).toFixed(1)} GiB: more than an image of at most ${maxPixels} pixels takes`);
    const bytes = Buffer.allocUnsafe(size);
    for (let at = 0; at < size;) {
      const got = readSync(fd, bytes, at, size - at, at);
      if (got === 0) return bytes.subarray(0, at); // shrunk while read: sharp says what is wrong with it
      at += got;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}
