// A matrix file → X, by format: CSV/TSV or cells split by spaces (dense), MatrixMarket (.mtx) or UCI
// bag-of-words (docword*).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dataError, usageError } from '../../core/index.js';
import { cheaperStorage } from './storage.js';
import type { Dataset, MatrixFormat } from '../dataset.js';
import type { CsvMatrixOptions } from './csv.js';
import { loadCsvMatrix } from './csv.js';
import { readLabels } from '../lines.js';
import { formatExtension, withoutGz } from '../open-input.js';
import { loadMatrixMarket } from './matrixmarket.js';
import { spaceSeparatedMatrix } from './spaces.js';
import { loadUci } from './uci.js';

export const MATRIX_FORMATS: readonly MatrixFormat[] = ['csv', 'tsv', 'matrixmarket', 'uci'];

export interface MatrixOptions extends CsvMatrixOptions {
  /** Default: from the file name (.mtx, docword*, .csv, .tsv). */
  format?: MatrixFormat;
  /** Column labels, one per line (a vocabulary). For UCI, vocab.<name>.txt beside docword.<name>.txt is
   *  found by itself. */
  labels?: string;
}

/** The format a matrix file's name tells, a `.gz` suffix aside (it is decompressed as it is read). */
export function detectFormat(path: string): MatrixFormat {
  const name = basename(path).toLowerCase();
  if (name.startsWith('docword')) return 'uci';
  const ext = formatExtension(name);
  if (ext === '.mtx' || ext === '.mm') return 'matrixmarket';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  throw usageError(`${path}: cannot tell its format from the name; say --input-format ${MATRIX_FORMATS.join('|')}`);
}

/** A UCI file's vocabulary: vocab.kos.txt beside docword.kos.txt, or beside docword.kos.txt.gz (as UCI
 *  ships them), or gzipped too; null when there is none. */
export async function uciVocabulary(path: string): Promise<string[] | null> {
  const vocab = join(dirname(path), basename(path).replace(/^docword/i, 'vocab'));
  const found = [vocab, withoutGz(vocab)].find((v) => v !== path && existsSync(v));
  return found ? readLabels(found) : null;
}

/** The matrix file at `path`, checked to be a file, and its format (given, or from its name). */
export async function matrixFileFormat(path: string, given: MatrixFormat | undefined): Promise<MatrixFormat> {
  const info = await stat(path).catch(() => null);
  if (!info) throw dataError(`${path}: no such file`);
  if (!info.isFile()) throw dataError(`${path}: not a file`);
  const format = given ?? detectFormat(path);
  if (!MATRIX_FORMATS.includes(format))
    throw usageError(`unknown matrix format "${format}": choose one of ${MATRIX_FORMATS.join(', ')}`);
  return format;
}

export async function loadMatrix(path: string, options: MatrixOptions = {}): Promise<Dataset> {
  const format = await matrixFileFormat(path, options.format);
  let labels = options.labels ? await readLabels(options.labels) : null;
  let data: Dataset;
  if (format === 'uci') {
    labels ??= await uciVocabulary(path);
    data = await loadUci(path, labels);
  } else {
    const csvOptions = {
      header: options.header,
      rowLabels: options.rowLabels,
      missing: options.missing,
      storage: options.storage,
    };
    if (format === 'matrixmarket') data = await loadMatrixMarket(path, options.missing);
    else
      data =
        (format === 'csv' ? await spaceSeparatedMatrix(path, csvOptions) : null) ??
        (await loadCsvMatrix(path, csvOptions));
  }
  if (labels && data.columns.kind === 'matrix') {
    if (labels.length !== data.X.cols)
      throw dataError(`${options.labels}: ${labels.length} labels for ${data.X.cols} columns`);
    data.columns.labels = labels;
  }
  return { ...data, X: cheaperStorage(data.X, options.storage) };
}

export { cheaperStorage, DENSE_FROM } from './storage.js';
export * from './batches.js';
export { loadMatrixMarket, type RowShare } from './matrixmarket.js';
