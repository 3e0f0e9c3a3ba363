// Text that is not UTF-8 read as its writer meant: UTF-16 with or without a byte-order mark, Windows-1252
// letters (Š ž Œ € Ÿ), and 8-bit text anywhere in a CSV, not only in its first MiB.
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PieceDecoder, utf16Of } from '../../loaders/encoding.js';
import { csvInput, decodeText, loadText, numberedLines, readWords } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('encoding');
const LINES = ['apple banana cherry', 'café crème brûlée', 'Škoda Œuvre € Ÿvonne'];
const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const linesOf = async (path: string) => {
  const out: string[] = [];
  for await (const [, line] of numberedLines(path)) out.push(line);
  return out;
};
const textOf = async (path: string) => {
  let text = '';
  for await (const chunk of csvInput(path, path)) text += chunk;
  return text;
};
/** UTF-16 big-endian: Node writes only little-endian, so its bytes swapped in pairs. */
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
const BOM_LE = Buffer.from([0xff, 0xfe]),
  BOM_BE = Buffer.from([0xfe, 0xff]);

test('UTF-16 lines files, either byte order, with or without a byte-order mark, read as UTF-8 would', async (t) => {
  const text = `${LINES.join('\r\n')}\r\n`;
  const encodings: [string, Buffer][] = [
    ['le-bom.txt', Buffer.concat([BOM_LE, Buffer.from(text, 'utf16le')])],
    ['be-bom.txt', Buffer.concat([BOM_BE, utf16be(text)])],
    ['le.txt', Buffer.from(text, 'utf16le')],
    ['be.txt', utf16be(text)],
  ];
  for (const [name, bytes] of encodings) t.deepEqual(await linesOf(file(name, bytes)), LINES, name);
});

test('a UTF-16 CSV has its column names and cells without NUL bytes', async (t) => {
  const csv = `id,text\n${LINES.map((l, i) => `${i + 1},"${l}"`).join('\n')}\n`;
  const path = file('table.csv', Buffer.concat([BOM_LE, Buffer.from(csv, 'utf16le')]));
  t.is(await textOf(path), csv);
  const d = await loadText({ kind: 'csv', path, textColumn: 'text' }, { minDf: 1, maxDf: 1 });
  t.true(d.columns.kind === 'text' && d.columns.model.terms.includes('crème'));
});

test('a UTF-16 document in a folder is read, not passed over as binary', async (t) => {
  const folder = join(dir, 'docs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.txt'), Buffer.concat([BOM_LE, Buffer.from('café crème café', 'utf16le')]));
  writeFileSync(join(folder, 'b.txt'), 'crème brûlée café');
  const d = await loadText({ kind: 'folder', path: folder }, { minDf: 1, maxDf: 1 });
  t.deepEqual(d.skipped, []);
  t.true(d.columns.kind === 'text' && d.columns.model.terms.includes('crème'));
});

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

test('UTF-16 is told from binary: NULs on one side only, mostly ASCII', (t) => {
  t.is(utf16Of(Buffer.from('hello world', 'utf16le')), 'utf-16le');
  t.is(utf16Of(utf16be('hello world')), 'utf-16be');
  t.is(utf16Of(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0])), null);
  t.is(utf16Of(Buffer.from('plain text')), null);
});

test('a stop-words file in Latin-1 or UTF-16 gives the words as written', async (t) => {
  const words = ['café', 'naïve', 'über'];
  const text = `${words.join('\n')}\n`;
  t.deepEqual(await readWords(file('stop-latin1.txt', Buffer.from(text, 'latin1'))), words);
  t.deepEqual(await readWords(file('stop-utf16.txt', Buffer.concat([BOM_LE, Buffer.from(text, 'utf16le')]))), words);
  t.deepEqual(await readWords(file('stop-utf8.txt', Buffer.from('café naïve\tüber', 'utf8'))), words);
});
