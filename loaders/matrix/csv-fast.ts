// The common numeric CSV/TSV read straight from its bytes: no quotes anywhere, ',' or a tab between
// cells. Strings are made only for the header and row labels, values go into a float32 array that grows
// by doubling (not an array of numbers), so a 60000 × 784 file costs its matrix and a line, not a copy
// per cell. Anything else (a quote, another delimiter, a cell that is not a number, a ragged row) answers
// null, and the papaparse reader in csv.ts reads the file from the start, with its own errors.
import type { DenseStorage, Matrix } from '../../core/index.js';
import { csr, dense, plainStorage } from '../../core/index.js';
import { contentSize } from '../content-size.js';
import type { Dataset } from '../dataset.js';
import { MissingList } from '../dataset.js';
import { formatExtension } from '../open-input.js';
import { decodeText, lineBytes } from '../lines.js';
import type { CsvMatrixOptions } from './csv.js';
import type { Cursor } from './fast-numbers.js';
import { readReal, skipBlanks } from './fast-numbers.js';
import { beyondFloat32, MISSING, REAL } from './numbers.js';
import { cheaperStorage, DENSE_FROM } from './storage.js';

const QUOTE = 34,
  COMMA = 44,
  TAB = 9,
  DOT = 46,
  ZERO = 48,
  NINE = 57;
/** Powers of ten exact in float64 (a fast cell has at most 15 digits after the point). */
const POW10 = Array.from({ length: 16 }, (_, e) => 10 ** e);

/** What a cell is: a number, a missing value (empty or NaN), or something else (then: null). */
function cellValue(c: Cursor, from: number, to: number): number | 'missing' | null {
  c.at = from;
  c.end = to;
  if (!skipBlanks(c)) return 'missing';
  const v = readReal(c);
  if (!Number.isNaN(v)) return skipBlanks(c) ? null : v;
  const text = Buffer.from(c.buf.buffer, c.buf.byteOffset + from, to - from)
    .toString('latin1')
    .trim();
  return MISSING.test(text) ? 'missing' : null;
}

/** The first n values: a view when the rest is a small share (no second copy), else a copy. */
function trimmed<T extends Int32Array | Float32Array>(a: T, n: number): T {
  return (a.length - n <= n / 8 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/** `decideAfter`: values read before dense or CSR is picked (a parameter for the tests). */
export async function fastCsvMatrix(
  path: string,
  options: CsvMatrixOptions,
  decideAfter = 1 << 20,
): Promise<Dataset | null> {
  const storage = options.storage ?? plainStorage;
  // the storage's block, given back if the file turns out not to be for this reader
  const held: { values?: Float32Array } = {};
  const tracked: DenseStorage = {
    alloc: (n) => (held.values = storage.alloc(n)),
    free: (v) => {
      storage.free(v);
      if (v === held.values) held.values = undefined;
    },
  };
  const result = await readFast(path, options, decideAfter, tracked);
  if (!result && held.values) storage.free(held.values);
  return result;
}

async function readFast(
  path: string,
  options: CsvMatrixOptions,
  decideAfter: number,
  storage: DenseStorage,
): Promise<Dataset | null> {
  const tsv = formatExtension(path) === '.tsv';
  let delimiter = tsv ? TAB : -1;
  // Values go to a dense array, nonzeros to CSR arrays, both for the first million values; then the
  // density seen so far picks one (storage.ts's rule) and the other is dropped, so a sparse file never
  // holds its dense form and a dense one never its nonzeros twice. The end checks the pick against the
  // whole file and converts in the rare case it was wrong.
  // A value takes two bytes at least (a digit and what ends it): once the file is known dense, room for
  // every one at once in the storage, of which the pages never written are never given memory (a large
  // zeroed buffer is mapped lazily). Until then, an ordinary array of the first values.
  const fileBytes = (await contentSize(path)).estimate;
  const bound = Math.max(1 << 16, Math.ceil((fileBytes + 1) / 2));
  let bytesRead = 0;
  /** The nonzeros' arrays at `size`: once sized from the share of the file read, then by a quarter. */
  const resize = (size: number) => {
    const c = new Int32Array(size),
      d = new Float32Array(size);
    c.set(nzCols!.subarray(0, nonzeros));
    d.set(nzValues!.subarray(0, nonzeros));
    nzCols = c;
    nzValues = d;
  };
  let values: Float32Array | null = new Float32Array(Math.min(bound, decideAfter));
  let nzCols: Int32Array | null = new Int32Array(1 << 16),
    nzValues: Float32Array | null = new Float32Array(1 << 16);
  let count = 0,
    nonzeros = 0,
    rowStart = 0;
  const rowEnds: number[] = [];
  const push = (v: number) => {
    if (values) {
      if (count === values.length) {
        // only where empty cells take one byte each
        const stored = count >= decideAfter,
          grown = (stored ? storage : plainStorage).alloc(2 * count);
        grown.set(values);
        if (stored) storage.free(values);
        values = grown;
      }
      values[count] = v;
    }
    if (v !== 0) {
      if (nzCols && nzValues) {
        if (nonzeros === nzCols.length) resize(count < decideAfter ? 2 * nonzeros : Math.ceil(1.25 * nonzeros) + 1024);
        nzCols[nonzeros] = count - rowStart;
        nzValues[nonzeros] = v;
      }
      nonzeros++;
    }
    if (++count === decideAfter) {
      if (nonzeros >= DENSE_FROM * count) {
        nzCols = null;
        nzValues = null;
        const room = storage.alloc(Math.max(bound, count));
        room.set(values!.subarray(0, count));
        values = room;
      } else {
        values = null;
        // sparse: room for the nonzeros the rest of the file holds at the rate so far, and a little more
        // (doubling as it went held up to twice them, and the trimming copy a third time)
        resize(Math.max(nzCols!.length, Math.ceil((1.05 * nonzeros * fileBytes) / Math.max(1, bytesRead)) + 1024));
      }
    }
  };
  const labels: string[] = [];
  const missing = new MissingList();
  let header: string[] | null = null;
  let labelled = options.rowLabels;
  let cols = -1,
    records = 0;
  const cursor: Cursor = { buf: new Uint8Array(0), at: 0, end: 0 };
  for await (const [, buf, from, to] of lineBytes(path)) {
    bytesRead += to - from + 1;
    if (buf.subarray(from, to).includes(QUOTE)) return null;
    let start = from;
    if (records === 0 && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf)
      start += 3; // a BOM
    cursor.buf = buf;
    cursor.at = start;
    cursor.end = to;
    if (!skipBlanks(cursor)) continue; // blank lines are skipped, as papaparse's 'greedy'
    if (delimiter < 0) {
      const line = buf.subarray(start, to);
      delimiter = line.includes(COMMA) ? COMMA : line.includes(TAB) ? TAB : -1;
      if (delimiter < 0) return null; // one column, or another delimiter: papaparse guesses
    }
    records++;
    if (records === 1) {
      const cells = decodeText(Buffer.from(buf.buffer, buf.byteOffset + start, to - start))
        .replace(/\r$/, '')
        .split(String.fromCharCode(delimiter));
      const valueLike = (c: string) => REAL.test(c.trim()) || MISSING.test(c.trim());
      if (options.header ?? !cells.slice(options.rowLabels ? 1 : 0).every(valueLike)) {
        header = cells;
        continue;
      }
    }
    // one data row, cell by cell: a number is read where it starts and must end at the delimiter
    const d = delimiter;
    const space = (c: number) => c === 32 || c === 13 || (c === TAB && d !== TAB);
    let at = start,
      first = true,
      row = 0;
    const rowIndex = labels.length;
    rowStart = count;
    for (;;) {
      while (at < to && space(buf[at])) at++;
      let v: number | 'missing' | null;
      let end = at;
      // the common cell first: unsigned digits[.digits], at most 15 digits, ending at the delimiter or
      // the line's end; its value is one correctly rounded division, what readReal gives. Here, not in
      // fast-numbers.ts: through a helper taking the cursor (readReal's first step, or a small one of
      // its own) the 60000 × 784 CSV took 1.46–1.58 s, inline 1.16–1.26 s.
      let q = at,
        m = 0,
        c = buf[q];
      while (q < to && c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        c = buf[++q];
      }
      let digits = q - at,
        frac = 0;
      if (q < to && c === DOT) {
        const point = ++q;
        c = buf[q];
        while (q < to && c >= ZERO && c <= NINE) {
          m = m * 10 + (c - ZERO);
          c = buf[++q];
        }
        frac = q - point;
        digits += frac;
      }
      if (digits > 0 && digits <= 15 && (q === to || c === d)) {
        v = frac > 0 ? m / POW10[frac] : m;
        end = q;
      } else if (at === to || buf[at] === d) v = 'missing';
      else {
        cursor.at = at;
        cursor.end = to;
        v = readReal(cursor, false, d);
        if (beyondFloat32(v)) return null; // papaparse's reader names it
        if (Number.isNaN(v)) {
          // a label, NaN, or no number: the cell as text
          while (end < to && buf[end] !== d) end++;
          v = cellValue(cursor, at, end);
        } else {
          end = cursor.at;
          while (end < to && space(buf[end])) end++;
          if (end < to && buf[end] !== d) v = null;
        }
      }
      if (first && labelled === undefined) labelled = v === null;
      if (first && labelled) {
        let stop = at;
        while (stop < to && buf[stop] !== d) stop++;
        labels.push(decodeText(Buffer.from(buf.buffer, buf.byteOffset + at, stop - at)).trim());
        end = stop;
      } else {
        if (v === null) return null;
        if (v === 'missing') {
          if (!options.missing) return null;
          missing.add(rowIndex, row);
          push(0);
        } else push(v + 0);
        row++;
      }
      first = false;
      if (end >= to) break;
      at = end + 1;
      if (at === to) {
        // a delimiter ends the line: one more, empty cell
        if (!options.missing) return null;
        missing.add(rowIndex, row);
        push(0);
        row++;
        break;
      }
    }
    if (!labelled) labels.push(String(rowIndex + 1));
    if (cols < 0) cols = row;
    if (row !== cols) return null;
    rowEnds.push(nonzeros);
  }
  if (labels.length === 0 || cols <= 0) return null;
  const n = labels.length;
  const kept: Matrix = values
    ? dense(n, cols, count === values.length ? values : values.subarray(0, count))
    : csr(n, cols, Int32Array.from([0, ...rowEnds]), trimmed(nzCols!, nonzeros), trimmed(nzValues!, nonzeros));
  const X = cheaperStorage(kept, storage);
  return {
    X,
    rows: labels,
    columns: {
      kind: 'matrix',
      labels: header ? (labelled ? (header as string[]).slice(1) : header) : null,
      format: 'csv',
    },
    skipped: [],
    missing: missing.entries(),
  };
}
