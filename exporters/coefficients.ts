// Rows' coefficients as people read them: each row's proportions over the factors (MALLET's and gensim's
// document-topic tables), or W itself. The proportion of factor t in row i is its share of the row's
// reconstructed mass, W_it·s_t / Σ_u W_iu·s_u with s_t = Σ_j H_tj: unlike W's raw numbers it does not
// change when a factor is rescaled (W·D, D⁻¹·H), and over all rows it adds up to the factor's share.
import type { Dense } from '../core/index.js';
import { dense } from '../core/index.js';
import type { Cell, RowTable, Table } from './tables.js';

/** What the rows are: text rows are documents and factors topics; images and matrix rows have components. */
export type RowKind = 'text' | 'images' | 'matrix';

/** `topic1…` for text, `component1…` otherwise. */
export const factorNames = (k: number, kind: RowKind): string[] => numbered(kind === 'text' ? 'topic' : 'component', k);

/** A matrix's column labels, or `column1…` where it has none. */
export const columnNames = (labels: string[] | null, n: number): string[] => labels ?? numbered('column', n);

const numbered = (name: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${name}${i + 1}`);

/** Σ_j H_tj per factor: each factor's mass per unit of W. */
function factorScales(H: Dense): Float64Array {
  const scale = new Float64Array(H.rows);
  for (let t = 0; t < H.rows; t++) for (let j = 0; j < H.cols; j++) scale[t] += H.data[t * H.cols + j];
  return scale;
}

/** Row i's proportions into `out` (k values summing to 1, or all zero for a row with no weight). */
function proportionsOfRow(W: Dense, scale: Float64Array, i: number, out: Float64Array): void {
  const k = W.cols;
  let total = 0;
  for (let t = 0; t < k; t++) {
    out[t] = Math.max(0, W.data[i * k + t]) * scale[t];
    total += out[t];
  }
  if (total > 0 && Number.isFinite(total)) for (let t = 0; t < k; t++) out[t] /= total;
  else out.fill(0);
}

/** Rows of proportions summing to 1; a row with no weight stays all zero. */
export function proportions(W: Dense, H: Dense): Dense {
  const k = W.cols,
    scale = factorScales(H);
  const P = dense(W.rows, k);
  const row = new Float64Array(k);
  for (let i = 0; i < W.rows; i++) {
    proportionsOfRow(W, scale, i, row);
    P.data.set(row, i * k);
  }
  return P;
}

/** The coefficients table: the row id (`document` or `image` or `row`), the heaviest factor (0 when
 *  the row has no weight), with `labels` that factor's label (a topic's top words; empty for 0), and a
 *  column per factor: proportions, or W itself when `raw`. Rows are made as they are written, so a table
 *  of millions of rows is never held. */
export function coefficientRows(
  W: Dense,
  H: Dense,
  ids: ArrayLike<string>,
  kind: RowKind,
  raw = false,
  labels?: readonly string[],
): RowTable {
  const k = W.cols,
    scale = factorScales(H);
  const p = new Float64Array(k);
  const heaviest = kind === 'text' ? 'topic' : 'component';
  return {
    columns: [
      { text: 'document', images: 'image', matrix: 'row' }[kind],
      heaviest,
      ...(labels ? ['label'] : []),
      ...factorNames(k, kind),
    ],
    length: W.rows,
    row(i) {
      proportionsOfRow(W, scale, i, p);
      let best = 0;
      // proportions are rounded to float32 as the stored table always held them
      for (let t = 0; t < k; t++) if (Math.fround(p[t]) > (best ? Math.fround(p[best - 1]) : 0)) best = t + 1;
      // the row made in place, not spread from a mapped copy: a table of a million rows makes them all
      const lead = labels ? 3 : 2,
        cells: Cell[] = new Array(lead + k);
      cells[0] = ids[i];
      cells[1] = best;
      if (labels) cells[2] = best ? labels[best - 1] : '';
      for (let t = 0; t < k; t++) cells[lead + t] = raw ? W.data[i * k + t] : Math.fround(p[t]);
      return cells;
    },
  };
}

/** The same table held whole: for tables small by nature and for tests. */
export function coefficientsTable(W: Dense, H: Dense, ids: ArrayLike<string>, kind: RowKind, raw = false): Table {
  const t = coefficientRows(W, H, ids, kind, raw);
  return { columns: t.columns, rows: Array.from({ length: t.length }, (_, i) => t.row(i)) };
}
