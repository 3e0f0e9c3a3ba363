// The flags of an image folder: size, shape, color and transparency, as the image loader's options.
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { usageError } from '../core/index.js';
import type { ImageOptions } from '../loaders/index.js';
import { ALPHA_MODES, FITS } from '../loaders/index.js';
import type { ArgsOf, FlagsOf } from './options.js';

/** How images are read: their size, shape, color and what transparency becomes. */
export function withImageOptions<T>(y: Argv<T>) {
  return y
    .option('size', {
      type: 'string',
      describe: "resize every image to WxH (default: the first image's size)",
      group: 'Images:',
    })
    .option('fit', {
      choices: FITS,
      default: FITS[0],
      describe: 'how other shapes are resized: stretch, crop or pad',
      group: 'Images:',
    })
    .option('color', {
      type: 'boolean',
      default: false,
      describe: 'keep RGB (three columns per pixel) instead of gray',
      group: 'Images:',
    })
    .option('background', {
      type: 'string',
      default: '#000000',
      describe: 'what transparency is flattened onto',
      group: 'Images:',
    })
    .option('alpha', {
      choices: ALPHA_MODES,
      default: ALPHA_MODES[0],
      describe:
        'transparency: flatten it onto --background, or take opacity as the value (intensity: icons, glyphs ' +
        'drawn on nothing)',
      group: 'Images:',
    })
    .option('invert', {
      type: 'boolean',
      default: false,
      describe: 'every value v becomes 1 − v (dark ink on a light page becomes the bright part)',
      group: 'Images:',
    })
    .option('strict', {
      type: 'boolean',
      default: false,
      describe: 'an unreadable file is an error instead of being skipped',
      group: 'Images:',
    });
}
export type ImageArgs = FlagsOf<ArgumentsCamelCase<ArgsOf<typeof withImageOptions<object>>>>;

/** The image flags as the image loader's options; --size is WIDTHxHEIGHT. */
export function imageOptions(a: ImageArgs): ImageOptions {
  let width: number | undefined, height: number | undefined;
  if (a.size !== undefined) {
    const m = /^(\d+)x(\d+)$/i.exec(a.size);
    if (!m) throw usageError(`--size "${a.size}": write it as WIDTHxHEIGHT, for example 64x64`);
    width = Number(m[1]);
    height = Number(m[2]);
  }
  return {
    width,
    height,
    fit: a.fit,
    color: a.color,
    background: a.background,
    alpha: a.alpha,
    invert: a.invert,
    strict: a.strict,
  };
}
