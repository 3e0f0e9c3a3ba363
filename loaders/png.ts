// A small PNG decoder for the common case of a folder of same-size PNGs (MNIST and friends). sharp
// costs about 0.3 ms per image in pipeline set-up alone, whatever its size, which is most of the time
// for small images; this reads 8-bit non-interlaced PNGs with Node's zlib in a few microseconds.
// Anything else (other bit depths, palettes, interlacing, other sizes) goes through sharp.
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/** The decoded pixels, or null when this PNG is not of the simple kind (the caller then uses sharp, whose
 *  own limits apply). Nothing is inflated for an image over `maxPixels`, and inflating stops at the
 *  bytes the header's size needs: a small file whose data inflates to gigabytes (a decompression bomb)
 *  costs no more than its header says. */
export function decodeSimplePng(buf: Buffer, maxPixels = Infinity): DecodedPng | null {
  if (buf.length < 33 || SIGNATURE.some((b, i) => buf[i] !== b)) return null;
  let at = 8;
  let width = 0,
    height = 0,
    channels: 1 | 2 | 3 | 4 | undefined;
  const idat: Buffer[] = [];
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8],
        colour = data[9],
        interlace = data[12];
      channels = CHANNELS[colour];
      if (depth !== 8 || !channels || interlace !== 0) return null;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    else if (type === 'eXIf' || type === 'tRNS') return null; // orientation or colour-key transparency: sharp knows
    at += 12 + length;
  }
  if (!channels || width === 0 || height === 0 || idat.length === 0 || width * height > maxPixels) return null;
  const stride = width * channels;
  const need = height * (stride + 1);
  let raw: Buffer;
  try {
    raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), { maxOutputLength: need });
  } catch (e) {
    // more data than the header's size needs: refused, never inflated (libpng would read the rows it
    // needs and accept the file as a plain image)
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`its image data inflates past the ${width}×${height} its header gives (a decompression bomb?)`);
    return null;
  }
  if (raw.length < need) return null;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride,
      prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[row + x - channels] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = x >= channels && y > 0 ? out[prev + x - channels] : 0;
      let v = line[x];
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c,
            pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          return null;
      }
      out[row + x] = v & 255;
    }
  }
  return { width, height, channels, pixels: out };
}

/** Write a decoded PNG into a row of X as values in [0, 1], alpha flattened onto `background` (0–1 per
 *  channel). False when it cannot be done exactly as sharp would: an RGB image wanted in gray is taken
 *  only when it is gray already (R = G = B everywhere), since any gray formula then gives the same. */
export function pngToRow(
  png: DecodedPng,
  color: boolean,
  background: [number, number, number],
  row: Float32Array,
): boolean {
  const hasAlpha = png.channels === 2 || png.channels === 4;
  const colours = hasAlpha ? png.channels - 1 : png.channels;
  if (colours === 1 && color) return false;
  const n = png.width * png.height;
  const { pixels, channels } = png;
  const out = color ? 3 : 1;
  for (let p = 0; p < n; p++) {
    const base = p * channels;
    if (!color && colours === 3 && (pixels[base] !== pixels[base + 1] || pixels[base] !== pixels[base + 2]))
      return false;
    const alpha = hasAlpha ? pixels[base + colours] / 255 : 1;
    for (let c = 0; c < out; c++) {
      const v = pixels[base + c] / 255;
      row[p * out + c] = alpha === 1 ? v : v * alpha + background[c] * (1 - alpha);
    }
  }
  return true;
}
