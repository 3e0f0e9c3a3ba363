// Pictures of a factorization of images: each basis image (a row of H) as a PNG scaled to its own
// range, all of them in a montage, and originals beside their reconstructions.
import sharp from 'sharp';
import type { Dense } from '../core/index.js';

export interface ImageShape {
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Gap between montage tiles and between an original and its reconstruction, in pixels. */
export const SEPARATOR = 2;
const SEPARATOR_VALUE = 128;

/** Values → bytes, scaled so that the row's min is 0 and its max 255 (a flat row is all 0). */
export function scaleToBytes(values: ArrayLike<number>): Uint8Array {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const out = new Uint8Array(values.length);
  if (!(hi > lo)) return out;
  for (let i = 0; i < values.length; i++)
    out[i] = Number.isFinite(values[i]) ? Math.round((255 * (values[i] - lo)) / (hi - lo)) : 0;
  return out;
}

/** Values in [0, 1] → bytes, clipped. */
export function clipToBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    out[i] = Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(values[i]) ? values[i] : 0)));
  return out;
}

export const png = (pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<Buffer> =>
  sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();

/** Row t of H as a PNG. */
export function basisPng(H: Dense, t: number, shape: ImageShape): Promise<Buffer> {
  return png(scaleToBytes(H.data.subarray(t * H.cols, (t + 1) * H.cols)), shape.width, shape.height, shape.channels);
}

/** Tiles of one size in a grid of ⌈√n⌉ columns with a gray separator. */
export function tileGrid(
  tiles: Uint8Array[],
  shape: ImageShape,
): { pixels: Uint8Array; width: number; height: number; columns: number; rows: number } {
  const columns = Math.ceil(Math.sqrt(tiles.length));
  const rows = Math.ceil(tiles.length / columns);
  const { width: w, height: h, channels: c } = shape;
  const width = columns * w + (columns - 1) * SEPARATOR;
  const height = rows * h + (rows - 1) * SEPARATOR;
  const pixels = new Uint8Array(width * height * c).fill(SEPARATOR_VALUE);
  tiles.forEach((tile, n) => {
    const x0 = (n % columns) * (w + SEPARATOR),
      y0 = Math.floor(n / columns) * (h + SEPARATOR);
    for (let y = 0; y < h; y++) pixels.set(tile.subarray(y * w * c, (y + 1) * w * c), ((y0 + y) * width + x0) * c);
  });
  return { pixels, width, height, columns, rows };
}

/** Every basis image in one grid. */
export function montagePng(H: Dense, shape: ImageShape): Promise<Buffer> {
  const tiles = Array.from({ length: H.rows }, (_, t) => scaleToBytes(H.data.subarray(t * H.cols, (t + 1) * H.cols)));
  const grid = tileGrid(tiles, shape);
  return png(grid.pixels, grid.width, grid.height, shape.channels);
}

/** Row i of W·H, the model's version of image i. */
export function reconstruction(W: Dense, H: Dense, i: number): Float32Array {
  const out = new Float32Array(H.cols);
  for (let t = 0; t < W.cols; t++) {
    const w = W.data[i * W.cols + t];
    if (w === 0) continue;
    for (let j = 0; j < H.cols; j++) out[j] += w * H.data[t * H.cols + j];
  }
  return out;
}

/** Original | reconstruction, side by side with a separator. */
export function comparisonPng(
  original: ArrayLike<number>,
  rebuilt: ArrayLike<number>,
  shape: ImageShape,
): Promise<Buffer> {
  const { width: w, height: h, channels: c } = shape;
  const width = 2 * w + SEPARATOR;
  const pixels = new Uint8Array(width * h * c).fill(SEPARATOR_VALUE);
  const a = clipToBytes(original),
    b = clipToBytes(rebuilt);
  for (let y = 0; y < h; y++) {
    pixels.set(a.subarray(y * w * c, (y + 1) * w * c), y * width * c);
    pixels.set(b.subarray(y * w * c, (y + 1) * w * c), (y * width + w + SEPARATOR) * c);
  }
  return png(pixels, width, h, c);
}
