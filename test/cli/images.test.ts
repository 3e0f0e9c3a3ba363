import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const digits = join(FIXTURES, 'digits');

test('images: basis PNGs of the input size, a montage, coefficients per image, reconstructions', async (t) => {
  const out = scratchDir('images');
  const r = latent([
    'images',
    digits,
    '--out-dir',
    out,
    '-k',
    '6',
    '--reconstructions',
    '2',
    '--max-iter',
    '100',
    '--format',
    'json',
  ]);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.is(doc.components.length, 6);
  for (let c = 1; c <= 6; c++) {
    const meta = await sharp(join(out, `basis-${c}.png`)).metadata();
    t.deepEqual([meta.width, meta.height], [28, 28]);
  }
  const montage = await sharp(join(out, 'montage.png')).metadata();
  // ⌈√6⌉ = 3 columns, 2 rows, 2-pixel separators
  t.deepEqual([montage.width, montage.height], [3 * 28 + 2 * 2, 2 * 28 + 2]);
  const lines = readFileSync(join(out, 'coefficients.csv'), 'utf8').trim().split('\n');
  t.is(lines.length, 1 + 300);
  t.true(lines[0].startsWith('image,component,component1,'));
  // each image's proportions over the components sum to 1
  for (const line of lines.slice(1)) {
    const sum = line
      .split(',')
      .slice(2)
      .reduce((s, v) => s + Number(v), 0);
    t.true(Math.abs(sum - 1) < 1e-5, `an image's proportions sum to ${sum}`);
  }

  // the reconstruction (right half) is closer to the original (left half) than the mean image is
  const { data, info } = await sharp(join(out, 'reconstructions', '1.png'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number) => data[(y * info.width + x) * info.channels] / 255;
  const original: number[] = [],
    rebuilt: number[] = [];
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      original.push(px(x, y));
      rebuilt.push(px(x + 30, y));
    }
  const mean = new Array(784).fill(0);
  const { readdirSync } = await import('node:fs');
  let n = 0;
  for (const d of readdirSync(digits))
    for (const f of readdirSync(join(digits, d))) {
      const img = await sharp(join(digits, d, f))
        .grayscale()
        .raw()
        .toBuffer();
      t.is(img.length, 784);
      img.forEach((v, p) => {
        mean[p] += v / 255;
      });
      n++;
    }
  const dist = (a: number[], b: number[]) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
  t.true(
    dist(original, rebuilt) <
      dist(
        original,
        mean.map((v) => v / n),
      ),
  );
  t.false(existsSync(join(out, 'reconstructions', '3.png')));
});

test('images: color keeps three channels in the basis images', async (t) => {
  const out = scratchDir('color');
  const r = latent(['images', join(digits, '1'), '--out-dir', out, '-k', '2', '--color', '--max-iter', '20', '-q']);
  t.is(r.code, 0, r.stderr);
  t.is((await sharp(join(out, 'basis-1.png')).metadata()).channels, 3);
});

test('glyphs drawn on nothing: a warning that most images are all zero, none with --alpha intensity', async (t) => {
  const dir = scratchDir('glyphs'),
    out = scratchDir('glyphs-out');
  // twelve 8×8 black glyphs, each a different column band of opacity, on a transparent page
  for (let g = 0; g < 12; g++) {
    const rgba = Buffer.alloc(8 * 8 * 4);
    for (let p = 0; p < 64; p++) rgba[p * 4 + 3] = p % 8 === g % 8 || Math.floor(p / 8) === g % 5 ? 255 : 0;
    await sharp(rgba, { raw: { width: 8, height: 8, channels: 4 } })
      .png()
      .toFile(join(dir, `g${String(g).padStart(2, '0')}.png`));
  }
  const flat = latent(['images', dir, '-k', '2', '--out-dir', join(out, 'flat'), '--max-iter', '20']);
  t.is(flat.code, 0, flat.stderr);
  t.true(
    flat.stderr
      .split('\n')
      .includes(
        'latent: 12 of 12 images are all zero (black) once transparency is flattened onto #000000: ' +
          'is their picture in their transparency? --alpha intensity takes opacity as the value (or ' +
          "--background '#ffffff' --invert)",
      ),
    flat.stderr,
  );
  const alpha = latent([
    'images',
    dir,
    '-k',
    '2',
    '--out-dir',
    join(out, 'alpha'),
    '--max-iter',
    '20',
    '--alpha',
    'intensity',
    '--format',
    'json',
  ]);
  t.is(alpha.code, 0, alpha.stderr);
  t.false(alpha.stderr.includes('all zero'));
  t.true(JSON.parse(alpha.stdout).objective > 0);
});
