// PNGs of every kind (16-bit, palette, Adam7-interlaced) are held to their header's size as the simple
// decoder's are: data that inflates past it is a decompression bomb, refused with its name, and the size
// the header gives is exactly what real files inflate to.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { LatentError } from '../../core/index.js';
import { loadImages } from '../../loaders/index.js';
import { pngDataBytes } from '../../loaders/png-size.js';
import { scratchDir } from '../scratch.js';

const W = 37,
  H = 23;
const noise = Buffer.from(Array.from({ length: W * H * 3 }, (_, i) => (i * 73 + (i >> 4) * 29) % 256));
const KINDS: [string, () => Promise<Buffer>][] = [
  [
    '16-bit',
    () =>
      sharp(noise, { raw: { width: W, height: H, channels: 3 } })
        .toColourspace('rgb16')
        .png()
        .toBuffer(),
  ],
  [
    'palette',
    () =>
      sharp(noise, { raw: { width: W, height: H, channels: 3 } })
        .png({ palette: true })
        .toBuffer(),
  ],
  [
    'interlaced',
    () =>
      sharp(noise, { raw: { width: W, height: H, channels: 3 } })
        .png({ progressive: true })
        .toBuffer(),
  ],
];

/** The PNG's chunks: [type, data]. */
function chunks(png: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    out.push([png.toString('latin1', at + 4, at + 8), png.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

for (const [kind, make] of KINDS) {
  test(`${kind} PNG: its header's size is what its data inflates to, and data past it is refused`, async (t) => {
    const png = await make();
    const parts = chunks(png);
    const data = inflateSync(Buffer.concat(parts.filter(([type]) => type === 'IDAT').map(([, d]) => d)));
    t.is(pngDataBytes(png), data.length);
    // the same file with its rows followed by 64 MiB more of zeros: a small file, a big inflate
    const bomb = Buffer.concat([
      png.subarray(0, 8),
      ...parts.filter(([type]) => type !== 'IDAT' && type !== 'IEND').map(([type, d]) => chunk(type, d)),
      chunk('IDAT', deflateSync(Buffer.concat([data, Buffer.alloc(64 << 20)]), { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    t.true(bomb.length < 1 << 20);
    const dir = scratchDir('png-bomb');
    writeFileSync(join(dir, 'a.png'), png);
    writeFileSync(join(dir, 'bomb.png'), bomb);
    const e = await t.throwsAsync(loadImages(dir, { strict: true }), { instanceOf: LatentError });
    t.regex(e!.message, /bomb\.png: not a readable image \(its image data inflates past the size its header gives/);
    // without --strict it is passed over, the good one kept
    const skipped: string[] = [];
    const d = await loadImages(dir, {}, { skipped: (item) => skipped.push(item) });
    t.deepEqual(d.rows, ['a.png']);
    t.deepEqual(skipped, [join(dir, 'bomb.png')]);
  });
}
