// A CSV from a pipe reaches papaparse in pieces of 1 MiB at least, whatever the pipe's reads: papaparse
// re-parses an unfinished record at every piece, so one long cell read 64 KiB at a time cost n²/64 KiB
// (a 70 MiB cell from a pipe: 55 s). Counted structurally: pieces, not seconds.
import test from 'ava';
import { Readable } from 'node:stream';
import { csvInput } from '../../loaders/index.js';

test('64 KiB reads of a 5 MiB record reach the parser as pieces of 1 MiB or more, the text unchanged', async (t) => {
  const cell = 'word '.repeat(1 << 20); // 5 MiB
  const csv = `id,text\n1,"${cell}"\n2,short\n`;
  const bytes = Buffer.from(csv);
  const reads = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
    bytes.subarray(i * 65536, (i + 1) * 65536),
  );
  const pieces: string[] = [];
  for await (const piece of csvInput(Readable.from(reads), 'stdin')) pieces.push(piece as string);
  t.is(pieces.join(''), csv);
  t.true(reads.length > 80);
  t.true(pieces.length <= Math.ceil(bytes.length / (1 << 20)) + 1, `${pieces.length} pieces`);
  for (const piece of pieces.slice(0, -1)) t.true(piece.length >= 1 << 20);
});
