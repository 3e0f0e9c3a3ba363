// Dense numeric CSV/TSV, parsed by papaparse in streaming mode. A first row with a non-numeric cell is a
// header; a first column that is not numeric holds row labels.
import Papa from 'papaparse';
import type { DenseStorage } from '../../core/index.js';
import { dataError, dense, LatentError } from '../../core/index.js';
import { csvInput, csvProblem } from '../csv-input.js';
import type { Dataset } from '../dataset.js';
import { fastCsvMatrix } from './csv-fast.js';
import { MissingList } from '../dataset.js';
import { formatExtension } from '../open-input.js';
import { beyondFloat32, beyondFloat32Note, MISSING, MISSING_HINT, REAL } from './numbers.js';

/** A number as matrix files write them (numbers.ts), surrounding spaces allowed in a cell. */
const numeric = (s: string) => REAL.test(s.trim());
const absent = (s: string) => MISSING.test(s.trim());

export interface CsvMatrixOptions {
  /** true/false to say whether the first row is a header; default: detected. */
  header?: boolean;
  /** true/false to say whether the first column holds row labels; default: detected. */
  rowLabels?: boolean;
  /** Empty and NaN cells are missing entries (Dataset.missing) instead of an error. */
  missing?: boolean;
  /** Where a dense X's values go (core's denseStorage: where the fit reads them in place); default: ordinary arrays. */
  storage?: DenseStorage;
}

/** A numeric CSV/TSV: straight from the bytes when it is plain (csv-fast.ts), else through papaparse. */
export async function loadCsvMatrix(path: string, options: CsvMatrixOptions = {}): Promise<Dataset> {
  return (await fastCsvMatrix(path, options)) ?? parsedCsvMatrix(path, options);
}

/** Any CSV/TSV papaparse reads (quotes, other delimiters), with an error naming the row and column. */
export function parsedCsvMatrix(path: string, options: CsvMatrixOptions = {}): Promise<Dataset> {
  return new Promise((resolve, reject) => {
    const values: number[] = [];
    const missing = new MissingList();
    const labels: string[] = [];
    let header: string[] | null = null;
    let cols = -1;
    let line = 0;
    let labelled = options.rowLabels;
    let failed = false;
    const fail = (parser: Papa.Parser | null, what: string) => {
      if (failed) return;
      failed = true;
      parser?.abort();
      reject(dataError(`${path}: row ${line}: ${what}`));
    };
    Papa.parse<string[]>(csvInput(path, path) as unknown as File, {
      delimiter: formatExtension(path) === '.tsv' ? '\t' : '',
      skipEmptyLines: 'greedy',
      step(result, parser) {
        if (failed) return;
        line++;
        const problem = csvProblem(result.errors);
        if (problem) return fail(parser, problem);
        const row = result.data;
        if (line === 1 && row.length) row[0] = row[0].replace(/^\uFEFF/, ''); // a byte-order mark is not text
        // a header has a cell that is neither a number nor a missing value
        const valueLike = (c: string) => numeric(c) || absent(c);
        if (line === 1 && (options.header ?? !row.slice(options.rowLabels ? 1 : 0).every(valueLike))) {
          header = row;
          return;
        }
        labelled ??= !(numeric(row[0]) || absent(row[0]));
        const cells = labelled ? row.slice(1) : row;
        if (cols < 0) cols = cells.length;
        if (cells.length !== cols)
          return fail(
            parser,
            `${cells.length} values where the rows before have ${cols}; every row needs the same number of columns`,
          );
        for (let j = 0; j < cells.length; j++) {
          const where = `column ${j + (labelled ? 2 : 1)}`;
          if (numeric(cells[j]) && beyondFloat32(Number(cells[j])))
            return fail(parser, `${where}: ${beyondFloat32Note(cells[j].trim())}`);
          if (numeric(cells[j])) {
            values.push(Number(cells[j]) + 0);
            continue;
          } // + 0 turns -0 into 0
          if (!absent(cells[j])) return fail(parser, `${where}: "${cells[j]}" is not a number`);
          if (!options.missing)
            return fail(
              parser,
              `${where}: the value is missing ` +
                `(${cells[j].trim() === '' ? 'an empty cell' : cells[j].trim()}); ${MISSING_HINT}`,
            );
          missing.add(labels.length, j);
          values.push(0);
        }
        labels.push(labelled ? row[0] : String(labels.length + 1));
      },
      complete() {
        if (failed) return;
        if (labels.length === 0) return reject(dataError(`${path}: no rows of numbers in it`));
        const h = header as string[] | null;
        resolve({
          X: dense(labels.length, cols, Float32Array.from(values)),
          rows: labels,
          columns: { kind: 'matrix', labels: h ? (labelled ? h.slice(1) : h) : null, format: 'csv' },
          skipped: [],
          missing: missing.entries(),
        });
      },
      error(e: Error) {
        failed = true;
        reject(e instanceof LatentError ? e : dataError(`${path}: ${e.message}`));
      },
    });
  });
}
