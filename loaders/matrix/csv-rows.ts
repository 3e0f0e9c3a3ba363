// A numeric CSV/TSV as blocks of rows, read again from the file on every pass: for fits that never
// hold the matrix (factorize --stream). A look at the first lines finds the delimiter, the header and
// the row labels as the whole-file readers do (csv-fast.ts); then each pass parses the lines straight
// from their bytes into one dense block of `size` rows at a time. A line with a quote goes through
// papaparse, cell by cell the same rules.
import Papa from 'papaparse';
import type { Dense } from '../../core/index.js';
import { dataError, dense } from '../../core/index.js';
import type { CsvMatrixOptions } from './csv.js';
import { decodeText, lineBytes } from '../lines.js';
import { formatExtension } from '../open-input.js';
import type { Cursor } from './fast-numbers.js';
import { readReal, skipBlanks } from './fast-numbers.js';
import { MISSING, REAL } from './numbers.js';

const QUOTE = 34,
  COMMA = 44,
  TAB = 9;

/** What the first lines tell: how cells are split, whether a header and a label column are there. */
export interface CsvLayout {
  delimiter: number;
  header: string[] | null;
  labelled: boolean;
  cols: number;
}

/** A block of rows: its values and each row's label (the row's number where the file has none). */
export interface CsvBlock {
  X: Dense;
  ids: string[];
}

const valueLike = (c: string) => REAL.test(c.trim()) || MISSING.test(c.trim());

/** A line's cells as text (only for the first lines and quoted ones). */
function cellsOf(buf: Uint8Array, from: number, to: number, delimiter: number): string[] {
  const text = decodeText(Buffer.from(buf.buffer, buf.byteOffset + from, to - from)).replace(/\r$/, '');
  if (!text.includes('"')) return text.split(String.fromCharCode(delimiter));
  return Papa.parse<string[]>(text, { delimiter: String.fromCharCode(delimiter) }).data[0] ?? [];
}

/** The lines of a CSV/TSV with content, from their first byte (a byte-order mark left out). */
async function* records(path: string): AsyncGenerator<[number, Uint8Array, number, number]> {
  const c: Cursor = { buf: new Uint8Array(0), at: 0, end: 0 };
  let first = true;
  for await (const [n, buf, from, to] of lineBytes(path)) {
    let start = from;
    if (first && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) start += 3;
    c.buf = buf;
    c.at = start;
    c.end = to;
    if (!skipBlanks(c)) continue; // blank lines are skipped, as the whole-file readers do
    first = false;
    yield [n, buf, start, to];
  }
}

/** The layout from the first two records: the header rule of csv.ts, labels where the first cell of
 *  the first data row is not a number. */
export async function csvLayout(path: string, options: CsvMatrixOptions): Promise<CsvLayout> {
  let delimiter = formatExtension(path) === '.tsv' ? TAB : -1,
    header: string[] | null = null;
  for await (const [, buf, from, to] of records(path)) {
    if (delimiter < 0)
      delimiter = buf.subarray(from, to).includes(COMMA) ? COMMA : buf.subarray(from, to).includes(TAB) ? TAB : COMMA;
    const cells = cellsOf(buf, from, to, delimiter);
    if (header === null && (options.header ?? !cells.slice(options.rowLabels ? 1 : 0).every(valueLike))) {
      header = cells;
      continue;
    }
    const labelled = options.rowLabels ?? !valueLike(cells[0]);
    return { delimiter, header, labelled, cols: cells.length - (labelled ? 1 : 0) };
  }
  throw dataError(`${path}: no rows of numbers in it`);
}

/** The file's rows, `size` at a time, as `layout` reads them; values that are not numbers, missing
 *  ones and ragged rows are errors naming the line and column. */
export async function* csvBlocks(path: string, layout: CsvLayout, size: number): AsyncGenerator<CsvBlock> {
  const { delimiter: d, labelled, cols } = layout;
  const c: Cursor = { buf: new Uint8Array(0), at: 0, end: 0 };
  let values = new Float32Array(size * cols),
    ids: string[] = [],
    row = 0,
    rows = 0,
    skipHeader = layout.header !== null;
  for await (const [n, buf, from, to] of records(path)) {
    if (skipHeader) {
      skipHeader = false;
      continue;
    }
    const bad = (cell: number, what: string) => dataError(`${path}:${n}: column ${cell + 1}: ${what}`);
    const quoted = buf.subarray(from, to).includes(QUOTE) ? cellsOf(buf, from, to, d) : null;
    let at = from,
      j = 0,
      label = String(rows + 1);
    for (let cell = 0; ; cell++) {
      let end = at;
      if (!quoted) while (end < to && buf[end] !== d) end++;
      const text = () =>
        (quoted ? quoted[cell] : decodeText(Buffer.from(buf.buffer, buf.byteOffset + at, end - at))).trim();
      if (cell === 0 && labelled) label = text();
      else {
        if (j === cols)
          throw dataError(
            `${path}:${n}: more values than the ${cols} of the rows before; every row needs the same number of columns`,
          );
        let v = Number.NaN;
        if (quoted) {
          if (REAL.test(text())) v = Number(text());
        } else {
          c.buf = buf;
          c.at = at;
          c.end = end;
          if (skipBlanks(c)) {
            v = readReal(c, false, d);
            if (skipBlanks(c)) v = Number.NaN;
          }
        }
        if (Number.isNaN(v)) {
          if (!MISSING.test(text())) throw bad(cell, `"${text()}" is not a number`);
          throw bad(
            cell,
            'the value is missing; --stream fits complete matrices only: fill it in, or leave out --stream ' +
              'and give --missing',
          );
        }
        values[row * cols + j++] = v + 0; // + 0 turns -0 into 0
      }
      if (quoted ? cell + 1 >= quoted.length : end >= to) break;
      at = end + 1;
    }
    if (j !== cols)
      throw dataError(
        `${path}:${n}: ${j} values where the rows before have ${cols}; every row needs the same number of columns`,
      );
    ids.push(label);
    rows++;
    if (++row === size) {
      yield { X: dense(size, cols, values), ids };
      values = new Float32Array(size * cols);
      ids = [];
      row = 0;
    }
  }
  if (row > 0) yield { X: dense(row, cols, values.subarray(0, row * cols)), ids };
}
