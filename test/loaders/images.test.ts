import test from 'ava';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { LatentError } from '../../core/index.js';
import { loadImages } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

async function folder(): Promise<string> {
  const dir = scratchDir('img');
  mkdirSync(join(dir, 'sub'));
  // a 4×2 gray gradient, a 8×4 red image, a 3×3 white JPEG with alpha-free content
  const gradient = Buffer.from([0, 32, 64, 96, 128, 160, 192, 255]);
  await sharp(gradient, { raw: { width: 4, height: 2, channels: 1 } })
    .png()
    .toFile(join(dir, 'a.png'));
  await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toFile(join(dir, 'sub', 'b.png'));
  await sharp({ create: { width: 3, height: 3, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } })
    .webp({ lossless: true })
    .toFile(join(dir, 'c.webp'));
  return dir;
}

test("images of mixed sizes are resized to the first one's size, in sorted path order", async (t) => {
  const dir = await folder();
  const d = await loadImages(dir);
  t.deepEqual(d.rows, ['a.png', 'c.webp', join('sub', 'b.png')]);
  t.is(d.X.cols, 8);
  t.is(d.X.rows, 3);
  t.true(Math.abs(d.X.data[7] - 1) < 1e-6, 'values in [0, 1]');
  t.is(d.X.data[0], 0);
  // transparent pixels are flattened onto the (black) background
  t.true(d.X.data.slice(8, 16).every((v) => v === 0));
});

test('color keeps three columns per pixel', async (t) => {
  const d = await loadImages(await folder(), { color: true, width: 2, height: 2 });
  t.is(d.X.cols, 12);
  const red = d.X.data.slice(2 * 12, 3 * 12);
  t.deepEqual([red[0], red[1], red[2]], [1, 0, 0]);
});

test('a corrupt image is skipped and reported; under strict it is an error naming the file', async (t) => {
  const dir = await folder();
  writeFileSync(join(dir, 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\n this is not a png'));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  const reported: string[] = [];
  const d = await loadImages(dir, {}, { skipped: (item) => reported.push(item) });
  t.is(d.X.rows, 3);
  t.is(d.skipped.length, 2);
  t.true(reported.some((f) => f.endsWith('broken.png')));
  const e = await t.throwsAsync(loadImages(dir, { strict: true }), { instanceOf: LatentError });
  t.regex(e!.message, /broken\.png: not a readable image/);
});

test('an empty folder and a folder with no image are errors', async (t) => {
  const empty = scratchDir('empty');
  await t.throwsAsync(loadImages(empty), {
    instanceOf: LatentError,
    message: /no readable image in it \(0 files tried\)/,
  });
  writeFileSync(join(empty, 'x.txt'), 'no');
  await t.throwsAsync(loadImages(empty), {
    instanceOf: LatentError,
    message: /no readable image in it \(1 file tried\); passed over: .*x\.txt \(not an image \(PNG, JPEG, GIF, /,
  });
  await t.throwsAsync(loadImages(join(empty, 'missing')), {
    instanceOf: LatentError,
    message: /no such file or folder/,
  });
});

test('a decompression bomb is refused by the pixel limit', async (t) => {
  const dir = scratchDir('bomb');
  await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#000' } })
    .png()
    .toFile(join(dir, 'big.png'));
  await t.throwsAsync(loadImages(dir, { maxPixels: 1000 * 1000, strict: true }), {
    instanceOf: LatentError,
    message: /big\.png: .*pixel limit/i,
  });
});

test('the direct PNG decoder gives what sharp gives, for every simple colour type', async (t) => {
  const { decodeSimplePng, pngToRow } = await import('../../loaders/png.js');
  const { readFileSync } = await import('node:fs');
  const dir = scratchDir('png');
  const w = 13,
    h = 7;
  for (const channels of [1, 2, 3, 4] as const) {
    const raw = Buffer.alloc(w * h * channels);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + (i >> 3) * 11) % 256;
    if (channels >= 3)
      for (let p = 0; p < w * h; p++) raw[channels * p + 1] = raw[channels * p + 2] = raw[channels * p]; // gray in RGB
    const file = join(dir, `c${channels}.png`);
    let img = sharp(raw, { raw: { width: w, height: h, channels } });
    if (channels <= 2) img = img.toColourspace('b-w');
    await img.png({ adaptiveFiltering: true }).toFile(file);
    const png = decodeSimplePng(readFileSync(file));
    t.truthy(png, `channels ${channels}: decoded directly`);
    const row = new Float32Array(w * h);
    t.true(pngToRow(png!, false, [0, 0, 0], row));
    const want = await sharp(file).flatten({ background: '#000' }).grayscale().raw().toBuffer();
    for (let p = 0; p < w * h; p++)
      t.true(Math.abs(row[p] - want[p] / 255) <= 1 / 255 + 1e-6, `channels ${channels}, pixel ${p}`);
  }
  // a colourful RGB image wanted in gray is left to sharp's own formula
  const colourful = { width: 1, height: 1, channels: 3 as const, pixels: new Uint8Array([200, 10, 10]) };
  t.false(pngToRow(colourful, false, [0, 0, 0], new Float32Array(1)));
});

test('the pixels go to the storage given, skipped images squeezed out within it', async (t) => {
  const dir = await folder();
  writeFileSync(join(dir, 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\n this is not a png'));
  const given: Float32Array[] = [];
  const d = await loadImages(dir, {
    storage: {
      alloc: (n) => {
        const a = new Float32Array(n);
        given.push(a);
        return a;
      },
      free: () => undefined,
    },
  });
  const plain = await loadImages(dir);
  t.is(given.length, 1);
  t.is(d.X.data.buffer, given[0].buffer);
  t.deepEqual(Array.from(d.X.data), Array.from(plain.X.data));
  t.is(d.X.rows, 3);
});

/** A 4×1 glyph drawn on nothing: black ink whose opacity is the picture, as symbolic icons are. */
async function glyph(dir: string): Promise<string> {
  const opacity = [0, 64, 128, 255];
  const rgba = Buffer.from(opacity.flatMap((a) => [0, 0, 0, a]));
  const path = join(dir, 'glyph.png');
  await sharp(rgba, { raw: { width: 4, height: 1, channels: 4 } })
    .png()
    .toFile(path);
  return path;
}

test('--alpha intensity takes opacity as the value (a glyph flattened on black is 0); --invert: 1 − v', async (t) => {
  const dir = scratchDir('alpha');
  await glyph(dir);
  const flat = await loadImages(dir);
  t.deepEqual(Array.from(flat.X.data), [0, 0, 0, 0]);
  const alpha = await loadImages(dir, { alpha: 'intensity' });
  t.deepEqual(
    Array.from(alpha.X.data),
    [0, 64, 128, 255].map((a) => Math.fround(a / 255)),
  );
  t.deepEqual(alpha.columns.kind === 'images' && [alpha.columns.settings.alpha, alpha.columns.settings.invert], [
    'intensity',
    false,
  ]);
  // flattened onto white, then inverted: ink's opacity again (within 8-bit rounding of the blend)
  const white = await loadImages(dir, { background: '#ffffff', invert: true });
  Array.from(white.X.data).forEach((v, i) =>
    t.true(Math.abs(v - [0, 64, 128, 255][i] / 255) <= 1 / 255 + 1e-6, `${i}: ${v}`),
  );
  await t.throwsAsync(loadImages(dir, { alpha: 'intensity', color: true }), {
    instanceOf: LatentError,
    message: /--alpha intensity makes one value per pixel.*leave out --color/,
  });
});

test('--invert on the gradient PNG (read by the fast path) and on a JPEG (read by sharp) gives 1 − v', async (t) => {
  const dir = await folder();
  const plain = await loadImages(dir),
    inverted = await loadImages(dir, { invert: true });
  t.deepEqual(
    Array.from(inverted.X.data),
    Array.from(plain.X.data, (v) => Math.fround(1 - v)),
  );
});

test.serial('a huge file that is not an image is skipped by its first bytes, never read whole', async (t) => {
  const dir = await folder();
  // a sparse 1.9 GiB "video": ISO-BMFF's box with a video brand, then nothing
  const video = join(dir, 'clip.mp4');
  writeFileSync(video, Buffer.from('\x00\x00\x00\x20ftypisom', 'latin1'));
  truncateSync(video, 1900 << 20);
  // a PNG signature on 1.9 GiB: more than an image of a million pixels can take
  const big = join(dir, 'big.png');
  writeFileSync(big, Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
  truncateSync(big, 1900 << 20);
  const before = process.resourceUsage().maxRSS;
  const skipped: [string, string][] = [];
  const d = await loadImages(dir, { maxPixels: 1e6 }, { skipped: (item, reason) => skipped.push([item, reason]) });
  const grewMiB = (process.resourceUsage().maxRSS - before) / 1024;
  t.is(d.X.rows, 3);
  t.deepEqual(skipped.sort(), [
    [big, '1.9 GiB: more than an image of at most 1000000 pixels takes'],
    [video, 'not an image: a video or sound file (isom)'],
  ]);
  t.true(grewMiB < 256, `peak memory rose by ${grewMiB.toFixed(0)} MiB`);
});

test('a truncated first image is skipped and does not set the size the others are scaled to', async (t) => {
  const dir = scratchDir('img-truncated');
  const whole = await sharp({ create: { width: 6, height: 5, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const tall = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  // its header (and its size, 40×30) intact, most of its pixels cut off
  writeFileSync(join(dir, 'a.png'), tall.subarray(0, 200));
  writeFileSync(join(dir, 'b.png'), whole);
  const skipped: string[] = [];
  const d = await loadImages(dir, {}, { skipped: (item) => skipped.push(item) });
  t.deepEqual(skipped, [join(dir, 'a.png')]);
  t.is(d.X.cols, 6 * 5);
  t.deepEqual(d.rows, ['b.png']);
});
