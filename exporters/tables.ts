// Tables in the four output formats: aligned text for reading, CSV and TSV for tools (papaparse
// quotes what needs quoting), JSON objects for programs.
import Papa from 'papaparse';

export type Cell = string | number;
export interface Table { columns: string[]; rows: Cell[][] }
export type TableFormat = 'text' | 'json' | 'csv' | 'tsv';
export const TABLE_FORMATS: readonly TableFormat[] = ['text', 'json', 'csv', 'tsv'];

/** Six significant digits, no exponent for ordinary magnitudes, never NaN or Infinity. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '0';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

const cell = (c: Cell) => (typeof c === 'number' ? formatNumber(c) : c);

/** Column-aligned text, numbers to the right. */
export function alignedText(t: Table): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(cell))];
  const numeric = t.columns.map((_, j) => t.rows.length > 0 && t.rows.every((r) => typeof r[j] === 'number'));
  const widths = t.columns.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  return cells.map((r) => r.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd()).join('\n') + '\n';
}

export function delimited(t: Table, delimiter: ',' | '\t'): string {
  return Papa.unparse({ fields: t.columns, data: t.rows.map((r) => r.map(cell)) }, { delimiter, newline: '\n' }) + '\n';
}

/** Rows as objects keyed by column name (numbers stay numbers). */
export function tableObjects(t: Table): Record<string, Cell>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, typeof r[j] === 'number' && !Number.isFinite(r[j]) ? 0 : r[j]])));
}

export function formatTable(t: Table, format: TableFormat): string {
  switch (format) {
    case 'text': return alignedText(t);
    case 'csv': return delimited(t, ',');
    case 'tsv': return delimited(t, '\t');
    case 'json': return JSON.stringify(tableObjects(t), null, 2) + '\n';
  }
}
