// Tables in the four output formats: aligned text for reading, CSV and TSV for tools (quoted as
// papaparse quotes), JSON objects for programs. A table is formatted in chunks of rows, so
// that a table of millions of rows (a corpus's document-topic table) streams to its file without its
// cells or its text ever being held whole: one string of it would pass V8's 512 MB limit.
import { DelimitedBytes } from './delimited-bytes.js';
import { spreadsheetSafe } from './safe-cell.js';

export type Cell = string | number;
export interface Table {
  columns: string[];
  rows: Cell[][];
}
/** A table whose rows are made when asked for, one at a time. */
export interface RowTable {
  columns: string[];
  length: number;
  row(i: number): Cell[];
}
export type TableFormat = 'text' | 'json' | 'csv' | 'tsv';
export const TABLE_FORMATS: readonly TableFormat[] = ['text', 'json', 'csv', 'tsv'];

/** Rows formatted per chunk: enough to amortize a write, few enough to keep a chunk's text small. */
const CHUNK_ROWS = 2048;

/** Six significant digits, no exponent for ordinary magnitudes, never NaN or Infinity: the shortest
 *  decimal of the value rounded to six digits (String(Number(v.toPrecision(6)))). Where toPrecision
 *  writes no exponent that is its text less trailing zeros, cut here without parsing it back: a
 *  document-topic table of a million rows formats fifty million cells, and the parse and the shortest
 *  round trip were 60 % of its time. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '0';
  if (Number.isInteger(v)) return String(v);
  const text = v.toPrecision(6);
  if (text.includes('e')) return String(Number(text));
  if (!text.includes('.')) return text; // 100000.4 rounds to "100000": its zeros are digits
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--; // '0'
  if (text.charCodeAt(end - 1) === 46) end--; // '.'
  return end === text.length ? text : text.slice(0, end);
}

const cell = (c: Cell) => (typeof c === 'number' ? formatNumber(c) : c);

/** What makes papaparse quote a text cell: a line break, a quote, a byte order mark (its BAD_DELIMITERS). */
const NEEDS_QUOTES = /[\r\n"\ufeff]/;

/** A text cell as papaparse's unparse writes it (quotes doubled, the cell quoted where it holds the
 *  delimiter, a line break, a quote or a byte order mark, or starts or ends with a space), without its
 *  pass over every cell of a row of numbers: a document-topic table of a million rows is mostly numbers,
 *  and a formatted number never needs quoting. Text a spreadsheet would run as a formula is prefixed
 *  first (safe-cell.ts). */
export function quoted(text: string, delimiter: string): string {
  const escaped = text.replace(/"/g, '""');
  const quote =
    NEEDS_QUOTES.test(escaped) || escaped.includes(delimiter) || escaped.startsWith(' ') || escaped.endsWith(' ');
  return quote ? `"${escaped}"` : escaped;
}

export const rowTable = (t: Table): RowTable => ({ columns: t.columns, length: t.rows.length, row: (i) => t.rows[i] });

/** Rows [from, to) of the table, each made as it is asked for. */
export function* rowsOf(t: RowTable, from = 0, to = t.length): Generator<Cell[]> {
  for (let i = from; i < to; i++) yield t.row(i);
}

/** The table's rows a chunk at a time. */
function* chunksOf(t: RowTable): Generator<Cell[][]> {
  for (let from = 0; from < t.length; from += CHUNK_ROWS)
    yield Array.from(rowsOf(t, from, Math.min(t.length, from + CHUNK_ROWS)));
}

/** One line of aligned text: numbers to the right, text to the left, `widths` wide (a wider cell
 *  pushes the rest of its line along rather than being cut). */
function alignedLine(r: string[], widths: number[], numeric: boolean[]): string {
  return (
    r
      .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join('  ')
      .trimEnd() + '\n'
  );
}

/** Widths and numeric columns of the header and `rows`, into `widths` and `numeric`. */
function measure(rows: Cell[][], widths: number[], numeric: boolean[]): void {
  for (const r of rows)
    r.forEach((c, j) => {
      widths[j] = Math.max(widths[j], cell(c).length);
      if (typeof c !== 'number') numeric[j] = false;
    });
}

/** Column-aligned text, numbers to the right: a first pass finds the widths, a second writes. */
function* alignedText(t: RowTable): Generator<string> {
  const widths = t.columns.map((c) => c.length);
  const numeric = t.columns.map(() => t.length > 0);
  for (const rows of chunksOf(t)) measure(rows, widths, numeric);
  yield alignedLine(t.columns, widths, numeric);
  for (const rows of chunksOf(t)) yield rows.map((r) => alignedLine(r.map(cell), widths, numeric)).join('');
}

/** A table's text made chunk by chunk as its rows arrive (rows of a streaming fit). CSV, TSV and JSON
 *  are the bytes the whole table gives. Aligned text cannot wait for every row (the table may be larger
 *  than memory), so its widths are those of the first chunk and the header: a table that comes in one
 *  chunk is the whole table's text, and a later cell wider than its column pushes its line along. */
export interface TableWriter {
  /** CSV and TSV write each row as it comes: a chunk's rows need not be held. */
  rows(rows: Iterable<Cell[]>): string;
  end(): string;
}

export function tableWriter(columns: string[], format: TableFormat): TableWriter {
  let first = true;
  if (format === 'text') {
    const widths = columns.map((c) => c.length),
      numeric = columns.map(() => false);
    const head = () => {
      first = false;
      return alignedLine(columns, widths, numeric);
    };
    return {
      rows(chunk) {
        const rows = Array.from(chunk);
        if (rows.length === 0) return '';
        let text = '';
        if (first) {
          numeric.fill(true);
          measure(rows, widths, numeric);
          text = head();
        }
        return text + rows.map((r) => alignedLine(r.map(cell), widths, numeric)).join('');
      },
      end: () => (first ? head() : ''),
    };
  }
  if (format === 'json') {
    return {
      // an object's lines indented once more inside the array (strings hold no raw newline in JSON)
      rows: (rows) =>
        Array.from(rows)
          .map(
            (r) =>
              `${first ? '[\n  ' : ',\n  '}` +
              `${((first = false), JSON.stringify(objectOf(columns, r), null, 2).replace(/\n/g, '\n  '))}`,
          )
          .join(''),
      end: () => (first ? '[]\n' : '\n]\n'),
    };
  }
  const delimiter = format === 'csv' ? ',' : '\t',
    separator = delimiter.charCodeAt(0),
    fields = columns.map(spreadsheetSafe);
  const out = new DelimitedBytes();
  const line = (r: Cell[]) => {
    for (let j = 0; j < fields.length; j++) {
      const c = r[j];
      if (j) out.byte(separator);
      if (typeof c === 'number') out.number(c, formatNumber);
      else out.text(quoted(spreadsheetSafe(c ?? ''), delimiter));
    }
    out.byte(10);
  };
  return {
    rows(rows) {
      for (const r of rows) {
        if (first) line(fields);
        first = false;
        line(r);
      }
      return out.take();
    },
    end() {
      if (first) line(fields);
      return out.take();
    },
  };
}

function* written(t: RowTable, format: Exclude<TableFormat, 'text'>): Generator<string> {
  const w = tableWriter(t.columns, format);
  for (let from = 0; from < t.length; from += CHUNK_ROWS)
    yield w.rows(rowsOf(t, from, Math.min(t.length, from + CHUNK_ROWS)));
  yield w.end();
}

/** A row as an object keyed by column name (numbers stay numbers). */
const objectOf = (columns: string[], r: Cell[]): Record<string, Cell> =>
  Object.fromEntries(columns.map((c, j) => [c, typeof r[j] === 'number' && !Number.isFinite(r[j]) ? 0 : r[j]]));

/** Rows as objects keyed by column name. */
export const tableObjects = (t: Table): Record<string, Cell>[] => t.rows.map((r) => objectOf(t.columns, r));

/** The table's text in chunks, in order. */
export function tableChunks(t: Table | RowTable, format: TableFormat): Iterable<string> {
  const rows = 'rows' in t ? rowTable(t) : t;
  switch (format) {
    case 'text':
      return alignedText(rows);
    default:
      return written(rows, format);
  }
}

/** The table's whole text: for tables that are small by nature (topics, ranks, devices). */
export const formatTable = (t: Table | RowTable, format: TableFormat): string => [...tableChunks(t, format)].join('');
