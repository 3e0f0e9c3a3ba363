// A matrix with missing entries, completed: X's observed entries as the file gave them, each missing one
// filled by the model's (W·H)ᵢⱼ.
import type { Dense, Matrix } from '../core/index.js';
import { toDense } from '../core/index.js';
import type { MissingEntries } from '../loaders/index.js';
import type { FactorFormat } from './factors.js';

/** X with every missing entry replaced by the fit's prediction. */
export function completedMatrix(X: Matrix, missing: MissingEntries | undefined, W: Dense, H: Dense): Dense {
  const out = X.kind === 'dense' ? { ...X, data: X.data.slice() } : toDense(X);
  const k = W.cols,
    cols = X.cols;
  for (let q = 0; q < (missing?.rows.length ?? 0); q++) {
    const i = missing!.rows[q],
      j = missing!.cols[q];
    let y = 0;
    for (let t = 0; t < k; t++) y += W.data[i * k + t] * H.data[t * cols + j];
    out.data[i * cols + j] = y;
  }
  return out;
}

/** A matrix file's format from its name: .mtx/.mm MatrixMarket, .tsv TSV, anything else CSV. */
export function matrixFormatOf(path: string): Exclude<FactorFormat, 'json'> {
  const lower = path.toLowerCase();
  return lower.endsWith('.mtx') || lower.endsWith('.mm') ? 'matrixmarket' : lower.endsWith('.tsv') ? 'tsv' : 'csv';
}
