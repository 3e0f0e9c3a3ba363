// transform's output, written as rows are solved: the coefficient table (coefficients.ts) as aligned
// text, CSV or TSV (tables.ts), or one JSON document
//   { command, model, values, columns, rows: [{ id, heaviest, weights }], objective, iterations, converged, device }
// whose rows stream out before the run's fields, which are known only once every row is solved.
// transform with and without --stream write through this one writer: the same bytes for the same rows.
import type { RowTable, TableFormat } from './tables.js';
import { tableWriter } from './tables.js';
import { jsonPieces } from './json-pieces.js';

/** What a transform reports of its run, after the rows. */
export interface TransformSummary { objective: number; iterations: number; converged: boolean; device: string }

export interface TransformWriter { rows(t: RowTable): string; end(summary: TransformSummary): string }

/** `columns`: the coefficient table's (id, heaviest, one per factor); `model`: the model file's name. */
export function transformWriter(columns: string[], format: TableFormat, model: string, raw: boolean): TransformWriter {
  const every = (t: RowTable) => Array.from({ length: t.length }, (_, i) => t.row(i));
  if (format !== 'json') {
    const w = tableWriter(columns, format);
    return { rows: (t) => w.rows(every(t)), end: () => w.end() };
  }
  const json = jsonPieces({ command: 'transform', model, values: raw ? 'raw' : 'proportions', columns: columns.slice(2) }, 'rows');
  return {
    rows: (t) => json.items(every(t).map(([id, heaviest, ...weights]) => ({ id, heaviest, weights }))),
    end: ({ objective, iterations, converged, device }) => json.end({ objective, iterations, converged, device }),
  };
}
