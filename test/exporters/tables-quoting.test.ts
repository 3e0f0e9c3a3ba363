// CSV and TSV tables are the bytes papaparse's unparse writes for the same cells (the writer quotes
// text cells itself, to skip papaparse's pass over every number of a large table): quotes, delimiters,
// line breaks, byte order marks, spaces at either end, formulas, empty cells and numbers of every size.
import test from 'ava';
import Papa from 'papaparse';
import type { Cell, TableFormat } from '../../exporters/index.js';
import { formatNumber, formatTable } from '../../exporters/index.js';
import { spreadsheetSafe } from '../../exporters/safe-cell.js';
import { Random } from '../../core/index.js';

const PIECES = ['a', 'b c', ',', '\t', '"', '""', '\n', '\r\n', '\ufeff', ' ', '=1+2', '@x', '-3', 'é', ''];

function papaparse(columns: string[], rows: Cell[][], delimiter: string): string {
  const cell = (c: Cell) => (typeof c === 'number' ? formatNumber(c) : spreadsheetSafe(c));
  return (
    Papa.unparse(
      { fields: columns.map(spreadsheetSafe), data: rows.map((r) => r.map(cell)) },
      { delimiter, newline: '\n' },
    ) + '\n'
  );
}

test('CSV and TSV tables equal papaparse: text cells of every awkward kind, numbers, a header alone', (t) => {
  const rng = new Random(3);
  const text = () =>
    Array.from({ length: Math.floor(rng.uniform() * 4) }, () => PIECES[Math.floor(rng.uniform() * PIECES.length)]).join(
      '',
    );
  const columns = ['id', 'a "b"', ' c', 'd,e', '=f'];
  const rows: Cell[][] = Array.from({ length: 3000 }, (_, i) => [
    text(),
    (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 20 - 10),
    i % 7 === 0 ? 0 : text(),
    i,
    text(),
  ]);
  for (const [format, delimiter] of [
    ['csv', ','],
    ['tsv', '\t'],
  ] as [TableFormat, string][]) {
    t.is(formatTable({ columns, rows }, format), papaparse(columns, rows, delimiter));
    t.is(
      formatTable({ columns, rows: [] }, format),
      Papa.unparse([columns.map(spreadsheetSafe)], { delimiter }) + '\n',
    );
  }
});
