// A coordinate file (UCI docword, MatrixMarket coordinate) as blocks of rows, read again from the file
// on every pass: for fits that never hold the matrix (factorize --stream). Entries must come in row
// order, as UCI files and most MatrixMarket writers put them (columns within a row may come in any
// order; repeats are summed, as the whole-file readers do): a row that comes after a later one is
// refused naming its line, since the rows of a block cannot be known complete before the file ends.
import type { Csr } from '../../core/index.js';
import { stat } from 'node:fs/promises';
import { dataError, usageError } from '../../core/index.js';
import { checkClaimedSize } from '../budget.js';
import { decodeText, lineBytes, numberedLines } from '../lines.js';
import { Coordinates } from './coordinates.js';
import type { Cursor } from './fast-numbers.js';
import { readIndex, readReal, skipBlanks } from './fast-numbers.js';
import type { Header } from './matrixmarket.js';
import { parseHeader } from './matrixmarket.js';
import { beyondFloat32, beyondFloat32Note, indexOf, INDEX, MISSING, notAnIndex } from './numbers.js';

/** What the header lines say. `field`: how values are written (UCI's are counts). */
export interface CoordinateLayout {
  format: 'uci' | 'matrixmarket';
  rows: number;
  cols: number;
  entries: number;
  field: Header['field'] | 'count';
}

/** A block of rows from row `first` (0-based). */
export interface CoordinateBlock {
  X: Csr;
  first: number;
}

/** The header lines: UCI's three counts, or MatrixMarket's banner and size line. */
export async function coordinateLayout(path: string, format: 'uci' | 'matrixmarket'): Promise<CoordinateLayout> {
  const counts: number[] = [];
  let field: CoordinateLayout['field'] = 'count';
  for await (const [n, raw] of numberedLines(path)) {
    const line = raw.trim();
    if (format === 'matrixmarket' && n === 1) {
      const header = parseHeader(raw, `${path}:1`);
      if (header.format === 'array')
        throw usageError(
          `${path}: a MatrixMarket array lists its values column by column, so its rows cannot be read a ` +
            `block at a time: leave out --stream, or write it in coordinate form`,
        );
      field = header.field;
      continue;
    }
    if (line === '' || (format === 'matrixmarket' && line.startsWith('%'))) continue;
    const parts = format === 'uci' ? [line] : line.split(/\s+/);
    if (!parts.every((p) => INDEX.test(p)) || (format === 'matrixmarket' && parts.length !== 3)) {
      const counted = ['number of documents', 'number of words', 'number of entries'][counts.length];
      const wanted = format === 'uci' ? `the ${counted}` : 'the size line "rows columns entries"';
      throw dataError(`${path}:${n}: expected ${wanted}, found "${line}"`);
    }
    counts.push(...parts.map(indexOf));
    if (counts.length === 3) {
      const [rows, cols, entries] = counts;
      // H is held whole however the rows stream: 2·10⁹ columns is refused here, not by a typed array
      checkClaimedSize(
        `${path}:${n}`,
        { rows, cols, entries },
        (await stat(path)).size,
        field === 'pattern' ? 4 : 6,
        true,
      );
      return { format, rows, cols, entries, field };
    }
  }
  throw dataError(
    format === 'uci'
      ? `${path}: expected three header lines (documents, words, entries)`
      : `${path}: no size line after the header`,
  );
}

/** The file's rows, `size` at a time; an entry out of row order, out of range or not a number is an
 *  error naming its line. */
export async function* coordinateBlocks(
  path: string,
  layout: CoordinateLayout,
  size: number,
): AsyncGenerator<CoordinateBlock> {
  const { rows, cols, field } = layout,
    mtx = layout.format === 'matrixmarket';
  const what = mtx ? ['row', 'column'] : ['document', 'word'];
  const c: Cursor = { buf: new Uint8Array(0), at: 0, end: 0 };
  let r = new Int32Array(1024),
    col = new Int32Array(1024),
    val = new Float32Array(1024),
    held = 0;
  let first = 0,
    last = 0,
    count = 0,
    headerLines = mtx ? 1 : 3;
  /** The block from row `first`, its entries given up. */
  const block = (): CoordinateBlock => {
    const n = Math.min(size, rows - first),
      coordinates = new Coordinates(held, path);
    for (let q = 0; q < held; q++) coordinates.push(r[q] - first, col[q], val[q], 0);
    held = 0;
    const out = { X: coordinates.toCsr(n, cols), first };
    first += n;
    return out;
  };
  for await (const [n, buf, from, to] of lineBytes(path)) {
    c.buf = buf;
    c.at = from;
    c.end = to;
    if (!skipBlanks(c)) continue;
    if (mtx && buf[c.at] === 37) continue; // % : the banner and comments
    if (headerLines > 0) {
      headerLines--;
      continue;
    }
    const i = readIndex(c);
    const j = skipBlanks(c) ? readIndex(c) : Number.NaN;
    let v = field === 'pattern' ? 1 : Number.NaN;
    if (field !== 'pattern' && skipBlanks(c)) v = field === 'count' ? readIndex(c) : readReal(c, field === 'integer');
    if (!(i >= 1 && j >= 1) || Number.isNaN(v) || skipBlanks(c)) {
      const line = decodeText(Buffer.from(buf.buffer, buf.byteOffset + from, to - from)).trim(),
        parts = line.split(/\s+/);
      if (mtx && parts.length === 3 && MISSING.test(parts[2]))
        throw dataError(
          `${path}:${n}: the value is missing (${parts[2]}); --stream fits complete matrices only: fill it ` +
            `in, or leave out --stream and give --missing`,
        );
      const wrong = [0, 1].find((k) => parts.length === (field === 'pattern' ? 2 : 3) && !INDEX.test(parts[k]));
      if (wrong !== undefined)
        throw dataError(`${path}:${n}: ${notAnIndex(what[wrong], parts[wrong], wrong === 0 ? rows : cols)}`);
      throw dataError(
        `${path}:${n}: expected "${what[0]} ${what[1]}${field === 'pattern' ? '' : ' value'}" as numbers, ` +
          `found "${line}"`,
      );
    }
    if (beyondFloat32(v))
      throw dataError(
        `${path}:${n}: ${beyondFloat32Note(
          decodeText(Buffer.from(buf.buffer, buf.byteOffset + from, to - from))
            .trim()
            .split(/\s+/)[2],
        )}`,
      );
    if (i > rows) throw dataError(`${path}:${n}: ${what[0]} ${i} is outside 1…${rows}`);
    if (j > cols) throw dataError(`${path}:${n}: ${what[1]} ${j} is outside 1…${cols}`);
    if (i - 1 < last)
      throw usageError(
        `${path}:${n}: ${what[0]} ${i} comes after ${what[0]} ${last + 1}: --stream reads the file a block ` +
          `of rows at a time and needs its entries in ${what[0]} order; sort them (the header lines aside, ` +
          `sort -k1,1n -s) or leave out --stream`,
      );
    if (++count > layout.entries)
      throw dataError(
        `${path}:${n}: more entries than the ${layout.entries} the ${mtx ? 'size line' : 'header'} promises`,
      );
    last = i - 1;
    while (last >= first + size) yield block();
    if (held === r.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T, b: T) => {
        b.set(a);
        return b;
      };
      r = grow(r, new Int32Array(2 * held));
      col = grow(col, new Int32Array(2 * held));
      val = grow(val, new Float32Array(2 * held));
    }
    r[held] = last;
    col[held] = j - 1;
    val[held] = v + 0;
    held++;
  }
  if (count !== layout.entries)
    throw dataError(
      `${path}: the ${mtx ? 'size line' : 'header'} promises ${layout.entries} entries, the file has ${count}`,
    );
  while (first < rows) yield block();
}
