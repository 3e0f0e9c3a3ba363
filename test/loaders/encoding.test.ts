// Text that is not UTF-8 read as its writer meant: Windows-1252 letters (Š ž Œ € Ÿ), and 8-bit text
// anywhere in a CSV, not only in its first MiB.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PieceDecoder } from '../../loaders/encoding.js';
import { csvInput, decodeText } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('encoding');
const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const textOf = async (path: string) => {
  let text = '';
  for await (const chunk of csvInput(path, path)) text += chunk;
  return text;
};

test("Windows-1252's letters 0x80–0x9F are letters, not control characters", (t) => {
  const bytes = Buffer.from([0x8a, 0x6b, 0x20, 0x9e, 0x20, 0x8c, 0x20, 0x80, 0x20, 0x9f, 0x20, 0xe9, 0x20, 0x81]);
  t.is(decodeText(bytes), 'Šk ž Œ € Ÿ é \u0081');
});

test('a CSV whose first MiB is ASCII and whose last row is Latin-1 keeps its letters', async (t) => {
  const ascii = Array.from({ length: 40000 }, (_, i) => `${i},plain words of row ${i}\n`).join('');
  const path = file(
    'late.csv',
    Buffer.concat([Buffer.from(`id,text\n${ascii}`), Buffer.from('0,café naïve\n', 'latin1')]),
  );
  const text = await textOf(path);
  t.true(text.length > 1 << 20);
  t.true(text.endsWith('0,café naïve\n'));
  t.false(text.includes('\uFFFD'));
});

test('a UTF-8 character cut between two pieces is joined, not read as 8-bit text', (t) => {
  const bytes = Buffer.from('naïve €', 'utf8');
  const d = new PieceDecoder();
  // cut inside ï (2 bytes) and inside € (3 bytes)
  t.is(d.write(bytes.subarray(0, 3)) + d.write(bytes.subarray(3, 8)) + d.write(bytes.subarray(8)) + d.end(), 'naïve €');
});
