// A matrix file as core's BatchSource: blocks of rows read again from the file on every pass, so that
// a fit (factorize --stream) or a transform holds one block, never the matrix. CSV/TSV rows come as
// they are (csv-rows.ts); UCI and MatrixMarket coordinate files in row order (coordinate-rows.ts).
import type { BatchSource, Matrix } from '../../core/index.js';
import { dataError } from '../../core/index.js';
import type { MatrixFormat } from '../dataset.js';
import { readLabels } from '../lines.js';
import type { CsvMatrixOptions } from './csv.js';
import { csvBlocks, csvLayout } from './csv-rows.js';
import { coordinateBlocks, coordinateLayout } from './coordinate-rows.js';
import { matrixFileFormat, uciVocabulary } from './index.js';

export interface MatrixBatches extends BatchSource {
  format: MatrixFormat;
  /** Column labels: a CSV's header, a UCI vocabulary, --labels; null where there are none. */
  labels: string[] | null;
  /** The ids of a batch's rows (a CSV's row labels, else row numbers from 1), for a batch it handed out. */
  idsOf(X: Matrix): string[];
}

export interface MatrixBatchOptions extends Pick<CsvMatrixOptions, 'header' | 'rowLabels'> {
  format?: MatrixFormat;
  labels?: string;
}

export async function matrixBatches(
  path: string,
  options: MatrixBatchOptions,
  batchSize: number,
): Promise<MatrixBatches> {
  const format = await matrixFileFormat(path, options.format);
  const ids = new WeakMap<Matrix, string[]>();
  const idsOf = (X: Matrix) => ids.get(X) ?? [];
  let labels = options.labels ? await readLabels(options.labels) : null;
  let source: Omit<MatrixBatches, 'labels' | 'idsOf' | 'format'>;
  if (format === 'csv' || format === 'tsv') {
    const layout = await csvLayout(path, options);
    // every row a label and nothing else: most likely cells split by spaces, which only the whole-file reader takes
    if (layout.cols === 0)
      throw dataError(
        `${path}: no column of numbers; if its cells are split by spaces (np.savetxt's default), leave out ` +
          `--stream, or write it with commas or tabs`,
      );
    if (layout.header) labels ??= layout.labelled ? layout.header.slice(1) : layout.header;
    source = {
      cols: layout.cols,
      rows: null,
      async *pass() {
        for await (const b of csvBlocks(path, layout, batchSize)) {
          ids.set(b.X, b.ids);
          yield b.X;
        }
      },
    };
  } else {
    const layout = await coordinateLayout(path, format);
    if (format === 'uci') labels ??= await uciVocabulary(path);
    source = {
      cols: layout.cols,
      rows: layout.rows,
      async *pass() {
        for await (const b of coordinateBlocks(path, layout, batchSize)) {
          ids.set(
            b.X,
            Array.from({ length: b.X.rows }, (_, i) => String(b.first + i + 1)),
          );
          yield b.X;
        }
      },
    };
  }
  if (labels && labels.length !== source.cols)
    throw dataError(`${options.labels ?? path}: ${labels.length} labels for ${source.cols} columns`);
  return { ...source, format, labels, idsOf };
}
