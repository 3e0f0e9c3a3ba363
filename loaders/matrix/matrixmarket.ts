// MatrixMarket files, general symmetry: coordinate (real, integer or pattern; 1-based entries, kept
// sparse) and array (real or integer; every value, column by column, as scipy's mmwrite writes a dense
// matrix; kept dense). The size line is checked against the file and the memory budget before anything
// is allocated from it.
import type { Dense } from '../../core/index.js';
import { dataError, dense, rankBlock, ruleText } from '../../core/index.js';
import { checkClaimedSize } from '../budget.js';
import { contentSize } from '../content-size.js';
import type { Dataset } from '../dataset.js';
import { MissingList } from '../dataset.js';
import { decodeText, lineBytes } from '../lines.js';
import { Coordinates } from './coordinates.js';
import type { Cursor } from './fast-numbers.js';
import { readIndex, readReal, skipBlanks } from './fast-numbers.js';
import {
  beyondFloat32,
  beyondFloat32Note,
  INDEX,
  indexOf,
  notAnIndex,
  INTEGER,
  MISSING,
  MISSING_HINT,
  REAL,
} from './numbers.js';

type Field = 'real' | 'integer' | 'pattern';
const FIELDS: Record<string, Field> = { real: 'real', double: 'real', integer: 'integer', pattern: 'pattern' };

export interface Header {
  format: 'coordinate' | 'array';
  field: Field;
}

export function parseHeader(line: string, where: string): Header {
  const h = line.trim().toLowerCase().split(/\s+/);
  if (h[0] !== '%%matrixmarket' || h[1] !== 'matrix')
    throw dataError(`${where}: not a MatrixMarket file (the first line must start with %%MatrixMarket matrix)`);
  if (h[2] !== 'coordinate' && h[2] !== 'array')
    throw dataError(`${where}: format "${h[2]}" is not a MatrixMarket format: coordinate or array`);
  const field = FIELDS[h[3]];
  if (!field) throw dataError(`${where}: field "${h[3]}" is not supported: use real, integer or pattern`);
  if (field === 'pattern' && h[2] === 'array') throw dataError(`${where}: an array file cannot be a pattern`);
  if (h[4] && h[4] !== 'general')
    throw dataError(`${where}: symmetry "${h[4]}" is not supported: write all entries and mark it general`);
  return { format: h[2], field };
}

/** A rank's share of a file's rows: consecutive blocks in rank order (rankBlock). */
export interface RowShare {
  rank: number;
  of: number;
}

/** `missing`: entries written nan are missing (Dataset.missing) instead of an error. `share`: only that
 *  block of rows is kept (a coordinate file's entries may come in any order, so every rank reads the
 *  whole file and keeps its rows: its memory is its share). */
export async function loadMatrixMarket(path: string, missing = false, share?: RowShare): Promise<Dataset> {
  const absent = new MissingList();
  const fileBytes = (await contentSize(path)).atMost;
  let header: Header | null = null;
  let size: number[] | null = null;
  let entries: Coordinates | null = null;
  let values: Dense | null = null;
  let filled = 0;
  // the block of rows kept, and the entries seen (kept or not) against the size line's promise
  let block: [number, number] = [0, 0];
  let seen = 0;
  const bad = (n: number, what: string) => dataError(`${path}:${n}: ${what}`);
  const WHOLE = ruleText({ type: 'integer' });
  /** The entry's value; NaN for a missing one (with `missing`). */
  const value = (text: string, n: number): number => {
    if (header!.field === 'real' && text !== '' && MISSING.test(text)) {
      if (!missing) throw bad(n, `the value is missing (${text}); ${MISSING_HINT}`);
      return Number.NaN;
    }
    if (!(header!.field === 'integer' ? INTEGER : REAL).test(text))
      throw bad(n, `"${text}" is not ${header!.field === 'integer' ? `${WHOLE} (the file says integer)` : 'a number'}`);
    if (beyondFloat32(Number(text))) throw bad(n, beyondFloat32Note(text));
    return Number(text);
  };
  /** One line as text: the header, comments, the size line, and any entry the fast path declines. */
  const slowLine = (n: number, raw: string): void => {
    if (n === 1) {
      header = parseHeader(raw, `${path}:1`);
      return;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith('%')) return;
    const parts = line.split(/\s+/);
    if (!size) {
      const want = header!.format === 'array' ? 2 : 3;
      if (parts.length !== want || !parts.every((p) => INDEX.test(p)))
        throw bad(
          n,
          `expected the size line "${want === 3 ? 'rows columns entries' : 'rows columns'}", found "${line}"`,
        );
      size = parts.map(Number);
      if (header!.format === 'array') {
        if (share)
          throw dataError(
            `${path}: a MatrixMarket array is written column by column, so no rank can keep only its rows; ` +
              `write it as coordinate entries (scipy.io.mmwrite of a sparse matrix) or as CSV`,
          );
        // each value takes a digit and a line break at least
        checkClaimedSize(`${path}:${n}`, { rows: size[0], cols: size[1], entries: size[0] * size[1] }, fileBytes, 2);
        values = dense(size[0], size[1], new Float32Array(size[0] * size[1]));
      } else {
        // "i j\n" at least, "i j v\n" unless a pattern
        checkClaimedSize(
          `${path}:${n}`,
          { rows: size[0], cols: size[1], entries: size[2] },
          fileBytes,
          header!.field === 'pattern' ? 4 : 6,
        );
        block = share ? rankBlock(size[0], share.rank, share.of) : [0, size[0]];
        if (share && header!.format === 'coordinate') {
          const part = Math.ceil(((size[2] * (block[1] - block[0])) / Math.max(size[0], 1)) * 1.1) + 1024;
          entries = new Coordinates(size[2], path, Math.min(size[2], part));
        } else entries = new Coordinates(size[2], path);
      }
      return;
    }
    if (values) {
      if (parts.length !== 1) throw bad(n, `expected one value per line in an array file, found "${line}"`);
      if (filled === values.data.length)
        throw bad(n, `more values than the ${values.data.length} of a ${size[0]} × ${size[1]} array`);
      // column by column
      const i = filled % size[0],
        j = Math.floor(filled / size[0]);
      const v = value(parts[0], n);
      if (Number.isNaN(v)) absent.add(i, j);
      values.data[i * size[1] + j] = Number.isNaN(v) ? 0 : v + 0;
      filled++;
      return;
    }
    const want = header!.field === 'pattern' ? 2 : 3;
    if (parts.length !== want)
      throw bad(n, `expected ${want} numbers (row column${want === 3 ? ' value' : ''}), found "${line}"`);
    const i = indexOf(parts[0]),
      j = indexOf(parts[1]);
    if (Number.isNaN(i)) throw bad(n, notAnIndex('row', parts[0], size[0]));
    if (Number.isNaN(j)) throw bad(n, notAnIndex('column', parts[1], size[1]));
    if (!(i >= 1 && i <= size[0])) throw bad(n, `row ${parts[0]} is outside 1…${size[0]}`);
    if (!(j >= 1 && j <= size[1])) throw bad(n, `column ${parts[1]} is outside 1…${size[1]}`);
    const v = header!.field === 'pattern' ? 1 : value(parts[2], n);
    if (++seen > size[2]) throw bad(n, `more entries than the ${size[2]} the size line promises`);
    if (i - 1 < block[0] || i - 1 >= block[1]) return;
    if (Number.isNaN(v)) absent.add(i - 1 - block[0], j - 1);
    entries!.push(i - 1 - block[0], j - 1, Number.isNaN(v) ? 0 : v, n);
  };
  // Entries straight from the bytes (fast-numbers.ts): no string per line. A line the fast path does not
  // take whole (a comment, a blank, nan, a number it does not know) goes to slowLine, which reads or
  // refuses it exactly as before.
  const cursor: Cursor = { buf: new Uint8Array(0), at: 0, end: 0 };
  const fastLine = (buf: Uint8Array, from: number, to: number, n: number): boolean => {
    if (!size || !header) return false;
    cursor.buf = buf;
    cursor.at = from;
    cursor.end = to;
    if (!skipBlanks(cursor)) return false;
    if (values) {
      const v = readReal(cursor, header.field === 'integer');
      if (Number.isNaN(v) || beyondFloat32(v) || skipBlanks(cursor) || filled === values.data.length) return false;
      const i = filled % size[0],
        j = Math.floor(filled / size[0]);
      values.data[i * size[1] + j] = v + 0;
      filled++;
      return true;
    }
    const i = readIndex(cursor);
    if (!(i >= 1 && i <= size[0]) || !skipBlanks(cursor)) return false;
    const j = readIndex(cursor);
    if (!(j >= 1 && j <= size[1])) return false;
    let v = 1;
    if (header.field !== 'pattern') {
      if (!skipBlanks(cursor)) return false;
      v = readReal(cursor, header.field === 'integer');
      if (Number.isNaN(v) || beyondFloat32(v)) return false; // slowLine names what is wrong
    }
    if (skipBlanks(cursor)) return false;
    if (++seen > size[2]) return false;
    if (i - 1 >= block[0] && i - 1 < block[1]) entries!.push(i - 1 - block[0], j - 1, v, n);
    return true;
  };
  for await (const [n, buf, from, to] of lineBytes(path)) {
    if (!fastLine(buf, from, to, n)) slowLine(n, decodeText(Buffer.from(buf.buffer, buf.byteOffset + from, to - from)));
  }
  // (the closures above set these; TypeScript cannot see it)
  const [read, array, list] = [size as number[] | null, values as Dense | null, entries as Coordinates | null];
  if (!header) throw dataError(`${path}: the file is empty`);
  if (!read) throw dataError(`${path}: no size line after the header`);
  if (array && filled !== array.data.length)
    throw dataError(`${path}: a ${read[0]} × ${read[1]} array has ${array.data.length} values, the file has ${filled}`);
  if (list && seen !== read[2])
    throw dataError(`${path}: the size line promises ${read[2]} entries, the file has ${seen}`);
  const [first, end] = array ? [0, read[0]] : block;
  return {
    X: array ?? list!.toCsr(end - first, read[1]),
    rows: Array.from({ length: end - first }, (_, i) => String(first + i + 1)),
    columns: { kind: 'matrix', labels: null, format: 'matrixmarket' },
    skipped: [],
    missing: absent.entries(),
  };
}
