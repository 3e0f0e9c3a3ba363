// A table file's format from its name, for the commands that write tables to files.
import { extname } from 'node:path';
import type { TableFormat } from '../exporters/index.js';

/** A table file's format from its name: .tsv, .json, .txt, else CSV. */
export const tableFormatOf = (path: string): TableFormat =>
  (({ '.tsv': 'tsv', '.json': 'json', '.txt': 'text' }) as Record<string, TableFormat>)[extname(path).toLowerCase()] ??
  'csv';
