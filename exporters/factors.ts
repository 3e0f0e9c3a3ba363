// Factor matrices W and H as CSV, TSV, MatrixMarket or JSON.
import type { Dense } from '../core/index.js';
import Papa from 'papaparse';
import { formatNumber } from './tables.js';
import { spreadsheetSafe } from './safe-cell.js';

export type FactorFormat = 'csv' | 'tsv' | 'matrixmarket' | 'json';
export const FACTOR_FORMATS: readonly FactorFormat[] = ['csv', 'tsv', 'matrixmarket', 'json'];

/** MatrixMarket, general real: the array form (every value, column by column, as scipy's mmwrite
 *  writes a dense array) when more than half the entries are nonzero, the coordinate form (only the
 *  nonzero entries) otherwise, such as for factors made sparse by an L1 penalty. */
export function matrixMarket(M: Dense, comment: string): string {
  let nonzero = 0;
  for (let q = 0; q < M.data.length; q++) if (M.data[q] !== 0) nonzero++;
  if (nonzero > M.data.length / 2) {
    const values: string[] = [];
    for (let j = 0; j < M.cols; j++) for (let i = 0; i < M.rows; i++) values.push(formatNumber(M.data[i * M.cols + j]));
    return (
      ['%%MatrixMarket matrix array real general', `% ${comment}`, `${M.rows} ${M.cols}`, ...values].join('\n') + '\n'
    );
  }
  const lines: string[] = [];
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      const v = M.data[i * M.cols + j];
      if (v !== 0) lines.push(`${i + 1} ${j + 1} ${formatNumber(v)}`);
    }
  }
  return (
    [
      '%%MatrixMarket matrix coordinate real general',
      `% ${comment}`,
      `${M.rows} ${M.cols} ${lines.length}`,
      ...lines,
    ].join('\n') + '\n'
  );
}

/** A matrix as nested arrays (rows), for JSON documents. */
export const matrixRows = (M: Dense): number[][] =>
  Array.from({ length: M.rows }, (_, i) =>
    Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols), (v) => (Number.isFinite(v) ? v : 0)),
  );

export function formatFactor(
  M: Dense,
  format: Exclude<FactorFormat, 'json'>,
  rowLabels: string[] | null,
  columnNames: string[],
  comment: string,
): string {
  return format === 'matrixmarket'
    ? matrixMarket(M, comment)
    : delimitedMatrix(M, rowLabels, columnNames, format === 'csv' ? ',' : '\t');
}

/** CSV or TSV of a matrix, as `delimited` writes its table but a line at a time: the table of a
 *  60000 × 50 W (a boxed array per row, a string per cell kept until the end) took 390 MB for 36. */
function delimitedMatrix(M: Dense, rowLabels: string[] | null, columnNames: string[], delimiter: ',' | '\t'): string {
  return delimitedHeader(rowLabels !== null, columnNames, delimiter) + delimitedRows(M, rowLabels, delimiter);
}

/** A label or name as a CSV/TSV cell, quoted where it must be and safe to open in a spreadsheet. */
const field = (s: string, delimiter: ',' | '\t') => Papa.unparse([[spreadsheetSafe(s)]], { delimiter, newline: '\n' });

/** The header line of a CSV/TSV factor file: `id` first when its rows are labelled. */
export function delimitedHeader(labelled: boolean, columnNames: string[], delimiter: ',' | '\t'): string {
  return (labelled ? ['id', ...columnNames] : columnNames).map((c) => field(c, delimiter)).join(delimiter) + '\n';
}

/** A factor's rows as lines of a CSV/TSV factor file: for a whole matrix, or for the rows of W a
 *  streaming fit solves a batch at a time (the same bytes either way). */
export function delimitedRows(M: Dense, rowLabels: string[] | null, delimiter: ',' | '\t'): string {
  const lines: string[] = [];
  const values = new Array<string>(M.cols);
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) values[j] = formatNumber(M.data[i * M.cols + j]);
    lines.push((rowLabels ? field(rowLabels[i], delimiter) + delimiter : '') + values.join(delimiter) + '\n');
  }
  return lines.join('');
}
