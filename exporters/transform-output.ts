// transform's output, written as rows are solved: the coefficient table (coefficients.ts) as aligned
// text, CSV or TSV (tables.ts), or one JSON document
//   { command, model, values, columns, rows: [{ id, heaviest, weights }], objective, iterations, converged, device }
// whose rows stream out before the run's fields, which are known only once every row is solved.
// transform with and without --stream write through this one writer: the same bytes for the same rows.
import type { RowTable, TableFormat } from './tables.js';
import { rowsOf, tableWriter } from './tables.js';
import { jsonPieces } from './json-pieces.js';

/** What a transform reports of its run, after the rows. */
export interface TransformSummary {
  objective: number;
  iterations: number;
  converged: boolean;
  device: string;
}

export interface TransformWriter {
  rows(t: RowTable): string;
  end(summary: TransformSummary): string;
}

/** `columns`: the coefficient table's (id, heaviest, one per factor); `model`: the model file's name. */
export function transformWriter(columns: string[], format: TableFormat, model: string, raw: boolean): TransformWriter {
  const every = (t: RowTable) => Array.from({ length: t.length }, (_, i) => t.row(i));
  if (format !== 'json') {
    const w = tableWriter(columns, format);
    return { rows: (t) => w.rows(rowsOf(t)), end: () => w.end() };
  }
  // a text model's tables carry the heaviest topic's label after its number
  const labelled = columns[2] === 'label';
  const json = jsonPieces(
    { command: 'transform', model, values: raw ? 'raw' : 'proportions', columns: columns.slice(labelled ? 3 : 2) },
    'rows',
  );
  return {
    rows: (t) =>
      json.items(
        every(t).map((row) => {
          const [id, heaviest] = row;
          return labelled
            ? { id, heaviest, label: row[2], weights: row.slice(3) }
            : { id, heaviest, weights: row.slice(2) };
        }),
      ),
    end: ({ objective, iterations, converged, device }) => json.end({ objective, iterations, converged, device }),
  };
}
