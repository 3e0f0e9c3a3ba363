// The bytes a PNG's image data must inflate to, from its header alone, for every kind of PNG (any bit
// depth, a palette, Adam7 interlacing): data that inflates past them is refused before sharp sees it.
// libpng reads the rows it needs and accepts such a file as a plain image, so a small file whose data
// inflates to gigabytes (a decompression bomb) would cost that much to sharp's zlib.
import { inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by colour type: gray, RGB, palette index, gray + alpha, RGBA. */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's passes: [first column, first row, column step, row step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Filtered rows' bytes: a filter byte and the row's packed samples, for each row of an image or pass. */
const rowsBytes = (width: number, height: number, bitsPerPixel: number) =>
  width === 0 || height === 0 ? 0 : height * (1 + Math.ceil((width * bitsPerPixel) / 8));

/** The inflated size a PNG's IHDR gives, or null when `buf` is not a PNG with a readable IHDR. */
export function pngDataBytes(buf: Uint8Array): number | null {
  if (buf.length < 33 || SIGNATURE.some((b, i) => buf[i] !== b)) return null;
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  if (view.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = view.readUInt32BE(16),
    height = view.readUInt32BE(20),
    depth = view[24],
    samples = SAMPLES[view[25]],
    interlaced = view[28] === 1;
  if (!samples) return null;
  const bits = depth * samples;
  if (!interlaced) return rowsBytes(width, height, bits);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7)
    total += rowsBytes(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy), bits);
  return total;
}

/** Throws when a PNG's image data inflates past what its header gives; inflates no further than that. */
export function refusePngBomb(buf: Buffer): void {
  const need = pngDataBytes(buf);
  if (need === null) return;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + length));
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0) return;
  try {
    inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), { maxOutputLength: Math.max(need, 1) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`its image data inflates past the size its header gives (a decompression bomb?)`);
    // damaged data: sharp says what is wrong with it
  }
}
