// A dense matrix with its cells split by spaces: numpy's np.savetxt default ("%.18e" and one space),
// R's write.table(sep = " "), aligned columns. The CSV readers would see one cell per line and a matrix
// with no columns. A line starting with # is a comment, as np.loadtxt reads it (np.savetxt's header= and
// footer= write such lines). The file is taken for this reader only when the lines before its first row
// of numbers have no comma, tab, semicolon or quote and that row has two cells or more; otherwise the
// answer is null and the CSV readers read it.
import { dataError, dense } from '../../core/index.js';
import type { Dataset } from '../dataset.js';
import { MissingList } from '../dataset.js';
import { numberedLines } from '../lines.js';
import type { CsvMatrixOptions } from './csv.js';
import { beyondFloat32, beyondFloat32Note, MISSING, MISSING_HINT, REAL } from './numbers.js';

/** What a CSV or TSV has and a space-separated file does not. */
const OTHER_DELIMITER = /[,\t;"]/;
const valueLike = (cell: string) => REAL.test(cell) || MISSING.test(cell);

/** The matrix in a space-separated file, or null when the file is not one (see above). */
export async function spaceSeparatedMatrix(path: string, options: CsvMatrixOptions = {}): Promise<Dataset | null> {
  const values: number[] = [];
  const missing = new MissingList();
  const rows: string[] = [];
  let header: string[] | null = null;
  let labelled = options.rowLabels;
  let cols = -1;
  let first = true;
  for await (const [n, text] of numberedLines(path)) {
    const line = (first ? text.replace(/^\uFEFF/, '') : text).trim(); // a byte-order mark is not text
    if (line === '' || line.startsWith('#')) continue;
    const decided = cols >= 0;
    if (OTHER_DELIMITER.test(line)) {
      if (!decided) return null;
      throw dataError(
        `${path}:${n}: "${OTHER_DELIMITER.exec(line)![0]}" in a file of cells split by spaces; give every ` +
          `line the same delimiter`,
      );
    }
    const cells = line.split(/\s+/);
    if (first && (options.header ?? !cells.slice(options.rowLabels ? 1 : 0).every(valueLike))) {
      first = false;
      header = cells;
      continue;
    }
    first = false;
    labelled ??= !valueLike(cells[0]);
    const numbers = labelled ? cells.slice(1) : cells;
    if (!decided) {
      if (numbers.length < 2) return null; // one column: CSV reads it the same, and its header may have spaces
      cols = numbers.length;
    }
    if (numbers.length !== cols)
      throw dataError(
        `${path}:${n}: ${numbers.length} values where the rows before have ${cols}; every row needs the same ` +
          `number of columns`,
      );
    for (let j = 0; j < cols; j++) {
      const cell = numbers[j],
        where = `${path}:${n}: column ${j + (labelled ? 2 : 1)}`;
      if (REAL.test(cell) && beyondFloat32(Number(cell))) throw dataError(`${where}: ${beyondFloat32Note(cell)}`);
      if (REAL.test(cell)) {
        values.push(Number(cell) + 0);
        continue;
      } // + 0 turns -0 into 0
      if (!MISSING.test(cell)) throw dataError(`${where}: "${cell}" is not a number`);
      if (!options.missing) throw dataError(`${where}: the value is missing (${cell}); ${MISSING_HINT}`);
      missing.add(rows.length, j);
      values.push(0);
    }
    rows.push(labelled ? cells[0] : String(rows.length + 1));
  }
  if (cols < 0) return null;
  // a header with a name over the labels' column, or none (R's write.table leaves that one out)
  return {
    X: dense(rows.length, cols, Float32Array.from(values)),
    rows,
    columns: {
      kind: 'matrix',
      labels: header && header.length !== cols && labelled ? header.slice(1) : header,
      format: 'csv',
    },
    skipped: [],
    missing: missing.entries(),
  };
}
