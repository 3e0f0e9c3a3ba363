// Inputs that lie about their size or hold what the loaders did not expect: each refused in one line
// naming the file and line, before anything is allocated from a claimed size, or read as its writer meant.
import test from 'ava';
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { LatentError, toDense } from '../../core/index.js';
import { csvInput, loadImages, loadMatrix, loadText, numberedLines } from '../../loaders/index.js';
import { coordinateLayout } from '../../loaders/matrix/coordinate-rows.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('hostile');
const file = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const refuses = async (t: import('ava').ExecutionContext, path: string, message: RegExp) => {
  const e = await t.throwsAsync(loadMatrix(path), { instanceOf: LatentError });
  t.regex(e!.message, message);
};

/** How far this process's peak resident memory rose while `run` ran, in MiB: a structural proof that nothing large was
 * read or filled (the suite's workers are processes, so the peak is this file's own). */
async function peakGrowthMiB(run: () => Promise<void>): Promise<number> {
  const before = process.resourceUsage().maxRSS;
  await run();
  return (process.resourceUsage().maxRSS - before) / 1024;
}

// serial: alone in this process, so the peak is theirs
test.serial('a MatrixMarket or UCI header claiming 10⁹ rows is refused before anything is allocated', async (t) => {
  // the messages name the claimed size's estimate: the refusal comes from the header, before any array exists
  const grew = await peakGrowthMiB(async () => {
    await refuses(
      t,
      file('h.mtx', '%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 0\n'),
      /h\.mtx:2: it claims 1000000000 rows × 1000000000 columns with 0 entries: loading that needs about 48\.0 GB/,
    );
    await refuses(t, file('docword.h.txt', '1000000000\n10\n0\n'), /docword\.h\.txt:3: it claims 1000000000 rows/);
    await refuses(
      t,
      file('a.mtx', '%%MatrixMarket matrix array real general\n100000 100000\n1\n'),
      /a\.mtx:2: it claims 100000 rows × 100000 columns with 10000000000 entries/,
    );
  });
  t.true(grew < 64, `peak memory rose by ${grew.toFixed(0)} MiB`);
});

// serial: alone in this process, so the peak is theirs
test.serial('a header claiming 2·10⁹ columns of a few entries is refused before a column array exists', async (t) => {
  // each column costs 16 bytes at least (H at k = 1, its update and norm, the transposed offsets)
  if (totalmem() / 2 >= 2e9 * 16) return t.pass('this machine has the memory for 2·10⁹ columns');
  const wide = /:\d: it claims 3 rows × 2000000000 columns with 2 entries: loading that needs about 32\.0 GB/;
  const grew = await peakGrowthMiB(async () => {
    const mtx = file('wide.mtx', '%%MatrixMarket matrix coordinate real general\n3 2000000000 2\n1 1 1\n2 2 1\n');
    await refuses(t, mtx, wide);
    await refuses(t, file('docword.wide.txt', '3\n2000000000\n2\n1 1 1\n2 2 1\n'), wide);
    // --stream holds H whole too: its layout is checked the same way
    const e = await t.throwsAsync(coordinateLayout(mtx, 'matrixmarket'), { instanceOf: LatentError });
    t.regex(e!.message, wide);
  });
  t.true(grew < 64, `peak memory rose by ${grew.toFixed(0)} MiB`);
});

test('a size line promising more entries than the file can hold is refused', async (t) => {
  await refuses(
    t,
    file('many.mtx', '%%MatrixMarket matrix coordinate real general\n10 10 1000000\n1 1 1\n'),
    pieces(
      /many\.mtx:2: it claims 10 rows × 10 columns with 1000000 entries, but a file of \d+ bytes /,
      /holds at most \d+ entries/,
    ),
  );
  await refuses(t, file('docword.many.txt', '10\n10\n1000000\n1 1 1\n'), /holds at most/);
  await refuses(
    t,
    file('more.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n'),
    /more\.mtx:4: more entries than the 1 the size line promises/,
  );
});

test('MatrixMarket numbers are read as the format writes them: no hex, no fractions in integer files', async (t) => {
  await refuses(
    t,
    file('hex.mtx', '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 0x10\n'),
    /hex\.mtx:3: "0x10" is not a whole number/,
  );
  await refuses(
    t,
    file('half.mtx', '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 2.5\n'),
    /half\.mtx:3: "2\.5" is not a whole number/,
  );
  await refuses(
    t,
    file('inf.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 Infinity\n'),
    /inf\.mtx:3: "Infinity" is not a number/,
  );
  await refuses(
    t,
    file('row.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 1\n0x1 1 1\n'),
    /row\.mtx:3: row 0x1 is not an index: a row index is a whole number from 1 to 2/,
  );
  const ok = await loadMatrix(
    file('e.mtx', '%%MatrixMarket matrix coordinate real general\n1 2 2\n1 1 -1.5e-3\n1 2 +.5\n'),
  );
  t.deepEqual(Array.from(toDense(ok.X).data), [Math.fround(-1.5e-3), 0.5]);
});

test("MatrixMarket array files (scipy's mmwrite of a dense array): read by columns, kept dense", async (t) => {
  // scipy.io.mmwrite('d.mtx', np.array([[1., 0., 2.], [3., 4., 0.]]))
  const d = await loadMatrix(
    file('d.mtx', '%%MatrixMarket matrix array real general\n%\n2 3\n1.0\n3.0\n0.0\n4.0\n2.0\n0.0\n'),
  );
  t.is(d.X.kind, 'dense');
  t.deepEqual([d.X.rows, d.X.cols], [2, 3]);
  t.deepEqual(Array.from(d.X.data), [1, 0, 2, 3, 4, 0]);
  await refuses(
    t,
    file('long.mtx', '%%MatrixMarket matrix array real general\n1 1\n1\n2\n'),
    /long\.mtx:4: more values than the 1 of a 1 × 1 array/,
  );
});

test('coordinate entries in any order become sorted CSR rows with duplicates summed', async (t) => {
  const d = await loadMatrix(
    file('u.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 5\n1 3 1\n2 2 3\n1 1 2\n1 3 4\n3 1 1\n'),
  );
  if (d.X.kind !== 'csr') return t.fail('coordinate data stays sparse');
  t.deepEqual(Array.from(d.X.indptr), [0, 2, 3, 4]);
  t.deepEqual(Array.from(d.X.indices), [0, 2, 1, 0]);
  t.deepEqual(Array.from(d.X.data), [2, 5, 3, 1]);
});

test('a line past the line budget is one error naming the line, not a string-length crash', async (t) => {
  const input = Readable.from([
    Buffer.from('short\n'),
    Buffer.from('x'.repeat(40)),
    Buffer.from('y'.repeat(40) + '\nafter\n'),
  ]);
  const seen: string[] = [];
  const e = await t.throwsAsync(
    async () => {
      for await (const [, line] of numberedLines(input, 'stdin', 64)) seen.push(line);
    },
    { instanceOf: LatentError },
  );
  t.deepEqual(seen, ['short']);
  t.regex(e!.message, /^stdin:2: the line is longer than/);
  // \r\n endings, a last line without one, and a line split across chunks
  const lines: [number, string][] = [];
  for await (const l of numberedLines(Readable.from([Buffer.from('a\r\nb'), Buffer.from('c\nd')]), 'x')) lines.push(l);
  t.deepEqual(lines, [
    [1, 'a'],
    [2, 'bc'],
    [3, 'd'],
  ]);
});

test('Latin-1 text keeps its accented letters, in lines and in folders', async (t) => {
  const latin1 = Buffer.from('café naïve café\nnaïve café\n', 'latin1');
  t.false(latin1.toString('utf8').includes('café'));
  const lines = await loadText({ kind: 'lines', path: file('latin1.txt', latin1) }, { minDf: 1, maxDf: 1 });
  t.deepEqual(lines.columns.kind === 'text' && lines.columns.terms, ['café', 'naïve']);
  const folder = join(dir, 'latin1');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.txt'), Buffer.from('crème brûlée', 'latin1'));
  writeFileSync(join(folder, 'b.txt'), 'crème brûlée in UTF-8');
  const docs = await loadText({ kind: 'folder', path: folder }, { minDf: 2, maxDf: 1 });
  t.deepEqual(docs.columns.kind === 'text' && docs.columns.terms, ['brûlée', 'crème']);
});

test.serial(
  'a huge file in a text folder is passed over by its first bytes and its size, not read whole',
  async (t) => {
    const folder = join(dir, 'huge');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'apples and pears');
    writeFileSync(join(folder, 'b.txt'), 'pears and apples');
    // sparse files: 3 GiB of NULs (binary), and text followed by 300 MiB of holes (too big)
    const sparse = (name: string, head: string, size: number) => {
      const fd = openSync(join(folder, name), 'w');
      writeSync(fd, head.repeat(10000));
      ftruncateSync(fd, size);
      closeSync(fd);
    };
    sparse('binary.bin', '\0', 3 * 2 ** 30);
    sparse('big.txt', 'word ', 300 * 2 ** 20);
    let data!: Awaited<ReturnType<typeof loadText>>;
    // reading big.txt whole would fill 300 MiB of buffers, binary.bin 3 GiB
    const grew = await peakGrowthMiB(async () => {
      data = await loadText({ kind: 'folder', path: folder }, { minDf: 1, maxDf: 1 });
    });
    t.true(grew < 128, `peak memory rose by ${grew.toFixed(0)} MiB`);
    t.deepEqual(data.rows, ['a.txt', 'b.txt']);
    t.deepEqual(data.skipped.map((s) => s.reason.replace(/^\d+ MiB/, 'N MiB')).sort(), [
      'N MiB, over the 256 MiB a document may have',
      'binary file (it has NUL bytes)',
    ]);
  },
);

/** A gray 8-bit PNG claiming width × height, whose image data is `raw` (deflated). */
function png(width: number, height: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4),
      crc = Buffer.alloc(4),
      body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    length.writeUInt32BE(data.length);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test("a PNG inflating past its header's size, or with a header past the pixel limit, is refused", async (t) => {
  const folder = join(dir, 'bombs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.png'), png(16, 16, Buffer.alloc(16 * 17, 0)));
  // 64 MiB of image data behind a 16×16 header (about 64 KB on disk)
  writeFileSync(join(folder, 'b.png'), png(16, 16, Buffer.alloc(64 << 20, 0)));
  writeFileSync(join(folder, 'c.png'), png(20000, 20000, Buffer.alloc(1000, 0)));
  const before = process.memoryUsage().arrayBuffers;
  const data = await loadImages(folder);
  t.deepEqual(data.rows, ['a.png']);
  t.deepEqual([data.X.rows, data.X.cols], [1, 256]);
  t.regex(data.skipped.find((s) => s.item.endsWith('b.png'))!.reason, /inflates past the 16×16 its header gives/);
  t.truthy(data.skipped.find((s) => s.item.endsWith('c.png')));
  t.true(process.memoryUsage().arrayBuffers - before < 32 << 20, "nothing near the bomb's size was allocated");
});

test('a CSV with an unclosed quote or a ragged row is refused at that row, not read as guessed', async (t) => {
  const quoted = file('quote.csv', 'id,text\n1,"hello\n2,world\n3,again\n');
  const e1 = await t.throwsAsync(loadText({ kind: 'csv', path: quoted, textColumn: 'text' }, { minDf: 1 }), {
    instanceOf: LatentError,
  });
  t.regex(e1!.message, /quote\.csv: line 2: a quoted field is never closed/);
  const ragged = file('ragged-text.csv', 'id,text\n1,apples pears\n2\n3,pears apples\n');
  const e2 = await t.throwsAsync(loadText({ kind: 'csv', path: ragged, textColumn: 'text' }, { minDf: 1 }), {
    instanceOf: LatentError,
  });
  t.regex(e2!.message, /ragged-text\.csv: line 3: the row has fewer fields than the header/);
  const hex = file('hex.csv', '1,2\n3,0x10\n');
  await refuses(t, hex, /hex\.csv: row 2: column 2: "0x10" is not a number/);
});

test('symbolic links are followed (each folder once); broken ones and non-UTF-8 names reported', async (t) => {
  const folder = join(dir, 'links'),
    elsewhere = join(dir, 'elsewhere');
  mkdirSync(folder);
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, 'real.txt'), 'apples and pears');
  writeFileSync(join(folder, 'a.txt'), 'pears and apples');
  symlinkSync(join(elsewhere, 'real.txt'), join(folder, 'linked.txt'));
  symlinkSync(elsewhere, join(folder, 'sub'));
  symlinkSync(folder, join(folder, 'loop'));
  symlinkSync(join(dir, 'nowhere'), join(folder, 'broken.txt'));
  writeFileSync(
    Buffer.concat([Buffer.from(`${folder}/`), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('.txt')]),
    'apples',
  );
  const data = await loadText({ kind: 'folder', path: folder }, { minDf: 1, maxDf: 1 });
  t.deepEqual(data.rows, ['a.txt', 'linked.txt', 'sub/real.txt']);
  t.deepEqual(data.skipped.map((s) => s.reason).sort(), ['a broken symbolic link', 'its name is not UTF-8: rename it']);
});

test('a matrix at least half full is stored dense whatever its file format, a sparser one as CSR', async (t) => {
  const full = await loadMatrix(
    file('full.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 2 2\n'),
  );
  t.is(full.X.kind, 'dense');
  t.deepEqual(Array.from(full.X.data), [1, 0, 0, 2]);
  const sparse = await loadMatrix(file('sparse.mtx', '%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n'));
  t.is(sparse.X.kind, 'csr');
  const zeros = await loadMatrix(file('zeros.csv', '0,0,3\n0,0,0\n1,0,0\n'));
  t.is(zeros.X.kind, 'csr');
  t.deepEqual(Array.from(toDense(zeros.X).data), [0, 0, 3, 0, 0, 0, 1, 0, 0]);
});

test('a CSV record past the budget is refused with its number; quoted newlines and quotes stay', async (t) => {
  const read = async (text: string, max: number) => {
    let out = '';
    for await (const c of csvInput(Readable.from([Buffer.from(text)]), 'x.csv', max)) out += c;
    return out;
  };
  const ok = 'id,text\n1,"a ""quoted""\nline"\n2,b\n';
  t.is(await read(ok, 30), ok);
  const e = await t.throwsAsync(read('id,text\n1,"never closed\n2,b\n3,c\n', 16), { instanceOf: LatentError });
  t.regex(e!.message, /^x\.csv: record 2 \(counting the header\) is longer than 16 bytes: a quoted field never closes/);
});

test('images needing more memory than the machine has are refused before decoding, naming --size', async (t) => {
  const digits = new URL('../../../fixtures/digits/', import.meta.url).pathname;
  const e = await t.throwsAsync(loadImages(digits, { width: 16384, height: 16384 }), { instanceOf: LatentError });
  t.regex(
    e!.message,
    /^300 images of 16384×16384 need 300\.0 GiB as a matrix, over the .* GiB \(half this machine's memory\) .*--size/,
  );
});

test('a Latin-1 CSV keeps its accented letters; a UTF-8 one cut mid-character by a chunk stays UTF-8', async (t) => {
  const latin1 = file('latin1.csv', Buffer.from('id,text\n1,café naïve\n2,naïve café\n', 'latin1'));
  const data = await loadText({ kind: 'csv', path: latin1, textColumn: 'text' }, { minDf: 1, maxDf: 1 });
  t.deepEqual(data.columns.kind === 'text' && data.columns.terms, ['café', 'naïve']);
  const utf8 = Buffer.from('id,text\n1,café\n');
  const cut = utf8.indexOf(0xc3) + 1;
  let out = '';
  for await (const c of csvInput(Readable.from([utf8.subarray(0, cut), utf8.subarray(cut)]), 'x.csv')) out += c;
  t.is(out, 'id,text\n1,café\n');
});
