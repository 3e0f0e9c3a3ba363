import test from 'ava';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { contentSize } from '../../loaders/content-size.js';
import { scratchDir } from '../scratch.js';

test("a tiny gzip file (larger than its text) is estimated at its trailer's size, not 4 GiB more", async (t) => {
  const path = join(scratchDir('gz-size'), 'd1.txt.gz');
  const text = Buffer.from('doc 1 words here\n');
  writeFileSync(path, gzipSync(text));
  t.is((await contentSize(path)).estimate, text.length);
});

test('a trailer below what the compressed bytes must inflate to has wrapped: 2³² is added', async (t) => {
  const dir = scratchDir('gz-size');
  // incompressible bytes: the gzip file is a little larger than its content
  const content = randomBytes(300_000),
    gz = gzipSync(content);
  writeFileSync(join(dir, 'plain.gz'), gz);
  t.is((await contentSize(join(dir, 'plain.gz'))).estimate, content.length);
  // the same file as if it held 4 GiB + 100 bytes: its trailer (ISIZE, size mod 2³²) reads 100
  gz.writeUInt32LE(100, gz.length - 4);
  writeFileSync(join(dir, 'wrapped.gz'), gz);
  t.is((await contentSize(join(dir, 'wrapped.gz'))).estimate, 2 ** 32 + 100);
});
