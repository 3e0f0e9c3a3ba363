// Rows' coefficients as people read them: each row's proportions over the factors (MALLET's and gensim's
// document-topic tables), or W itself. The proportion of factor t in row i is its share of the row's
// reconstructed mass, W_it·s_t / Σ_u W_iu·s_u with s_t = Σ_j H_tj: unlike W's raw numbers it does not
// change when a factor is rescaled (W·D, D⁻¹·H), and over all rows it adds up to the factor's share.
import type { Dense } from '../core/index.js';
import { dense } from '../core/index.js';
import type { Table } from './tables.js';

/** What the rows are: text rows are documents and factors topics; images and matrix rows have components. */
export type RowKind = 'text' | 'images' | 'matrix';

/** `topic1…` for text, `component1…` otherwise. */
export const factorNames = (k: number, kind: RowKind): string[] => numbered(kind === 'text' ? 'topic' : 'component', k);

/** A matrix's column labels, or `column1…` where it has none. */
export const columnNames = (labels: string[] | null, n: number): string[] => labels ?? numbered('column', n);

const numbered = (name: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${name}${i + 1}`);

/** Rows of proportions summing to 1; a row with no weight stays all zero. */
export function proportions(W: Dense, H: Dense): Dense {
  const k = W.cols;
  const scale = new Float64Array(k);
  for (let t = 0; t < k; t++) for (let j = 0; j < H.cols; j++) scale[t] += H.data[t * H.cols + j];
  const P = dense(W.rows, k);
  const row = new Float64Array(k);
  for (let i = 0; i < W.rows; i++) {
    let total = 0;
    for (let t = 0; t < k; t++) { row[t] = Math.max(0, W.data[i * k + t]) * scale[t]; total += row[t]; }
    if (total > 0 && Number.isFinite(total)) for (let t = 0; t < k; t++) P.data[i * k + t] = row[t] / total;
  }
  return P;
}

/** The coefficients table: the row id (`document` or `image` or `row`), the heaviest factor (0 when
 *  the row has no weight), and a column per factor: proportions, or W itself when `raw`. */
export function coefficientsTable(W: Dense, H: Dense, ids: string[], kind: RowKind, raw = false): Table {
  const k = W.cols;
  const P = proportions(W, H);
  const values = raw ? W : P;
  const heaviest = kind === 'text' ? 'topic' : 'component';
  return {
    columns: [{ text: 'document', images: 'image', matrix: 'row' }[kind], heaviest, ...factorNames(k, kind)],
    rows: ids.map((id, i) => {
      let best = 0;
      for (let t = 0; t < k; t++) if (P.data[i * k + t] > (best ? P.data[i * k + best - 1] : 0)) best = t + 1;
      return [id, best, ...Array.from(values.data.subarray(i * k, (i + 1) * k))];
    }),
  };
}
