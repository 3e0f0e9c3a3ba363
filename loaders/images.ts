// An image folder → X: one row per image, values in [0, 1], decoded by sharp on a bounded pool straight
// into one preallocated Float32Array.
import { stat } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { relative } from 'node:path';
import sharp from 'sharp';
import type { DenseStorage, NumberRule, Rule } from '../core/index.js';
import { checkRule, dataError, dense, plainStorage, usageError } from '../core/index.js';
import type { AlphaMode, Dataset, ImageSettings, LoaderEvents, ResizeFit } from './dataset.js';
import { ALPHA_MODES, nothingIn, recordingSkips } from './dataset.js';
import { readImageBytes } from './image-bytes.js';
import { refusePngBomb } from './png-size.js';
import { decodeSimplePng, pngToRow } from './png.js';
import { listFiles, mapPool } from './walk.js';

export const FITS: readonly ResizeFit[] = ['fill', 'cover', 'contain'];

/** The widest or tallest an image may be resized to (--size), saved models included. */
export const MAX_SIDE = 16384;
/** The images' rules: --size's sides are checked by them, and a saved model's loader.width and
 *  loader.height by the same entries (saved-settings.ts). */
const SIDE = { type: 'integer', min: 1, max: MAX_SIDE, unit: 'pixels' } as const satisfies NumberRule;
export const IMAGE_RULES = { width: SIDE, height: SIDE } as const satisfies Record<string, Rule>;

export interface ImageOptions {
  /** Every image is resized to this; default: the size of the first readable image. */
  width?: number;
  height?: number;
  /** How an image of another shape is resized: stretched (fill), cropped (cover) or padded (contain). */
  fit?: ResizeFit;
  /** Keep RGB (three columns per pixel) instead of grayscale. */
  color?: boolean;
  /** What transparency is flattened onto, and contain's padding; default black. */
  background?: string;
  /** Transparency flattened onto the background (default), or opacity as the value (gray only). */
  alpha?: AlphaMode;
  /** Every value v becomes 1 − v: dark strokes on a light page become the bright part, as NMF's
   *  nonnegative parts want. */
  invert?: boolean;
  /** A file that is not a readable image is an error instead of being skipped. */
  strict?: boolean;
  /** Images decoded at once. Default: twice the cores. */
  concurrency?: number;
  /** Refuse images with more pixels than this (decompression bombs). Default: sharp's 268 million. */
  maxPixels?: number;
  /** Where X's values go (core's denseStorage: where the fit reads them in place); default: an ordinary array. */
  storage?: DenseStorage;
}

const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

function pipeline(file: string | Buffer, s: ImageSettings, maxPixels: number) {
  const img = sharp(file, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  // opacity as the value: padding is transparent, and the alpha channel (opaque when there is none) is the image
  if (s.alpha === 'intensity')
    return img
      .resize(s.width, s.height, { fit: s.fit, background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .ensureAlpha()
      .extractChannel(3)
      .raw();
  const flat = img
    .resize(s.width, s.height, { fit: s.fit, background: s.background })
    .flatten({ background: s.background });
  return (s.color ? flat.toColourspace('srgb') : flat.grayscale()).raw();
}

/** --invert: v → 1 − v. */
function invertRow(row: Float32Array): void {
  for (let p = 0; p < row.length; p++) row[p] = 1 - row[p];
}

/** '#rrggbb' (or '#rgb') as three values in [0, 1]. */
export function parseColour(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) throw usageError(`background "${hex}": give a colour as #rrggbb`);
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** Decode one file into a row of X: PNGs of the right size and colour model directly, the rest by sharp. */
async function decodeInto(file: string, s: ImageSettings, maxPixels: number, row: Float32Array): Promise<void> {
  await decodePixels(file, s, maxPixels, row);
  if (s.invert) invertRow(row);
}

async function decodePixels(file: string, s: ImageSettings, maxPixels: number, row: Float32Array): Promise<void> {
  // A synchronous read: for the small files this is fast for, fs/promises' open-stat-read-close round
  // trips through the thread pool cost more than the decoding.
  const bytes = readImageBytes(file, maxPixels);
  const png = s.alpha === 'intensity' ? null : decodeSimplePng(bytes, maxPixels);
  if (png && png.width === s.width && png.height === s.height && pngToRow(png, s.color, parseColour(s.background), row))
    return;
  // a PNG of another kind (16-bit, a palette, interlaced) whose data inflates past its header's size
  if (!png) refusePngBomb(bytes);
  const { data: pixels, info } = await pipeline(bytes, s, maxPixels).toBuffer({ resolveWithObject: true });
  if (pixels.length !== row.length) throw new Error(`decoded to ${info.channels} channels, ${pixels.length} values`);
  for (let p = 0; p < row.length; p++) row[p] = pixels[p] / 255;
}

/** Load a folder of images (searched recursively, sorted by path). */
export async function loadImages(
  folder: string,
  options: ImageOptions = {},
  events: LoaderEvents = {},
): Promise<Dataset> {
  const fit = options.fit ?? 'fill',
    alpha = options.alpha ?? 'flatten';
  if (!FITS.includes(fit)) throw usageError(`unknown fit "${fit}": choose one of ${FITS.join(', ')}`);
  if (!ALPHA_MODES.includes(alpha))
    throw usageError(`unknown alpha "${alpha}": choose one of ${ALPHA_MODES.join(', ')}`);
  if (alpha === 'intensity' && options.color)
    throw usageError('--alpha intensity makes one value per pixel, its opacity: leave out --color');
  for (const side of ['width', 'height'] as const)
    if (options[side] !== undefined) checkRule(`image ${side}`, IMAGE_RULES[side], options[side]);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { skipped, events: recording } = recordingSkips(events);
  const files = await listFiles(folder, recording.skipped);
  const skip = (file: string, e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied: latent cannot read it'
        : (e as Error).message.split('\n')[0];
    if (options.strict)
      throw dataError(`${file}: not a readable image (${reason}); remove it or leave out --strict to skip such files`);
    recording.skipped!(file, reason);
  };

  // The first readable image fixes the size when none is given.
  let first = 0;
  let width = options.width,
    height = options.height;
  for (; width === undefined || height === undefined; first++) {
    if (first >= files.length) break;
    try {
      // the bytes are read here, not by sharp, so that an unreadable file says why (sharp calls every
      // failure to open "an unsupported image format")
      const bytes = readImageBytes(files[first], maxPixels);
      refusePngBomb(bytes);
      const meta = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
      if (!meta.width || !meta.height) throw new Error('no size in the header');
      // decoded whole: a truncated file has a header with a size, and must not set every other's
      await sharp(bytes, { limitInputPixels: maxPixels }).raw().toBuffer();
      const turned = (meta.orientation ?? 1) >= 5; // EXIF orientations 5–8 swap width and height
      width ??= turned ? meta.height : meta.width;
      height ??= turned ? meta.width : meta.height;
      break;
    } catch (e) {
      skip(files[first], e);
    }
  }
  if (width === undefined || height === undefined)
    throw dataError(
      nothingIn(
        `${folder}: no readable image in it (${files.length} file${files.length === 1 ? '' : 's'} tried)`,
        skipped,
      ),
    );

  const settings: ImageSettings = {
    width,
    height,
    fit,
    color: options.color ?? false,
    background: options.background ?? '#000000',
    alpha,
    invert: options.invert ?? false,
  };
  parseColour(settings.background);
  const channels = settings.color ? 3 : 1;
  const cols = width * height * channels;
  const candidates = files.slice(first);
  // X is images × pixel values in float32: checked against half this machine's memory before allocating
  const bytes = 4 * candidates.length * cols;
  const tooBig = () =>
    dataError(
      `${candidates.length} images of ${width}×${height}${settings.color ? '×3' : ''} need ` +
        `${(bytes / 2 ** 30).toFixed(1)} GiB as a matrix, over the ${(totalmem() / 2 ** 31).toFixed(1)} GiB ` +
        `(half this machine's memory) latent allows itself: make them smaller with --size, or load fewer`,
    );
  if (bytes > totalmem() / 2) throw tooBig();
  let data: Float32Array;
  try {
    data = (options.storage ?? plainStorage).alloc(candidates.length * cols);
  } catch {
    throw tooBig();
  }
  let done = 0;
  const ok = await mapPool(candidates, options.concurrency ?? 2 * availableParallelism(), async (file, i) => {
    try {
      const row = data.subarray(i * cols, (i + 1) * cols);
      await decodeInto(file, settings, maxPixels, row);
      return true;
    } catch (e) {
      skip(file, e);
      return false;
    } finally {
      events.progress?.(++done, candidates.length);
    }
  });
  // Rows of skipped files are squeezed out, keeping the sorted order.
  const kept: string[] = [];
  let rows = 0;
  ok.forEach((good, i) => {
    if (!good) return;
    if (rows !== i) data.copyWithin(rows * cols, i * cols, (i + 1) * cols);
    kept.push(relative(folder, candidates[i]));
    rows++;
  });
  if (rows === 0)
    throw dataError(
      nothingIn(
        `${folder}: no readable image in it (${files.length} file${files.length === 1 ? '' : 's'} tried)`,
        skipped,
      ),
    );
  return {
    X: dense(rows, cols, rows === candidates.length ? data : data.subarray(0, rows * cols)),
    rows: kept,
    columns: { kind: 'images', width, height, channels, settings },
    skipped: skipped.sort((a, b) => (a.item < b.item ? -1 : 1)),
  };
}

/** Load an image file, or a folder of them, with the settings of a training set (for transform). */
export async function loadImagesLike(
  path: string,
  settings: ImageSettings,
  events: LoaderEvents = {},
): Promise<Dataset> {
  const info = await stat(path).catch(() => null);
  if (!info) throw dataError(`${path}: no such file or folder`);
  const { skipped, events: recording } = recordingSkips(events);
  const files = info.isDirectory() ? await listFiles(path, recording.skipped) : [path];
  if (files.length === 0) throw dataError(`${path}: no image in it`);
  const channels = settings.color ? 3 : 1;
  const cols = settings.width * settings.height * channels;
  const data = new Float32Array(files.length * cols);
  await mapPool(files, 2 * availableParallelism(), async (file, i) => {
    await decodeInto(file, settings, DEFAULT_MAX_PIXELS, data.subarray(i * cols, (i + 1) * cols)).catch((e: Error) => {
      throw dataError(`${file}: not a readable image (${e.message.split('\n')[0]})`);
    });
    events.progress?.(i + 1, files.length);
  });
  const rows = info.isDirectory() ? files.map((f) => relative(path, f)) : files;
  return {
    X: dense(files.length, cols, data),
    rows,
    columns: { kind: 'images', width: settings.width, height: settings.height, channels, settings },
    skipped,
  };
}
