// The two sums a mask adds to a fit, given its patterns: the missing entries' part of a half step's EM
// correction (entry by entry; the held-out part is HoldoutPattern's sliding pass), and D over the
// held-out entries, which measures the error that choosing k weighs.
import { KL_FLOOR } from '../floors.js';
import type { HoldoutPattern } from './holdout.js';
import { HELDOUT_FOLDS } from './holdout.js';
import type { HeldValues, Pattern } from './observed.js';

/** D over some held-out entries, how many they are, and Σx² over them. */
export interface HeldOutPart {
  loss: number;
  entries: number;
  sumSquares: number;
}

/** The loss over the held-out entries, and what it is relative to. */
export interface HeldOut extends HeldOutPart {
  /** The same over the held-out nonzeros of X alone (the zeros' part is the difference). */
  nonzeros: HeldOutPart;
  /** The same over each of HELDOUT_FOLDS equal parts of the held-out entries (consecutive ranges of the
   *  hash): the spread of their errors is the held-out error's standard error. */
  folds: HeldOutPart[];
  /** D of the trivial model over the held-out entries: zeros (Frobenius), the observed mean (KL). */
  trivial: number;
}

/** A correction's operands: P (the side's rows × kp), Q (the other side's), the rank and its padding,
 *  the loss's kind of sum, and the product buffer it adds to (null: the sum alone). */
export type CorrectionArgs = [
  P: Float32Array,
  Q: Float32Array,
  k: number,
  kp: number,
  kind: 'gram' | 'sum',
  out: Float32Array | null,
];

/** For each row i of P with missing columns Sᵢ in `missing`: out[i] += Σ_{j∈Sᵢ} (pᵢ·qⱼ) qⱼ ('gram') or
 *  Σ_{j∈Sᵢ} qⱼ ('sum'); returns Σᵢ pᵢ·(that sum). */
export function missingCorrection(missing: Pattern, ...[P, Q, k, kp, kind, out]: CorrectionArgs): number {
  let total = 0;
  const n = P.length / kp;
  for (let i = 0; i < n; i++) {
    const a = i * kp;
    for (let q = missing.ptr[i]; q < missing.ptr[i + 1]; q++) {
      const b = missing.cols[q] * kp;
      let y = 1;
      if (kind === 'gram') {
        y = 0;
        for (let t = 0; t < k; t++) y += P[a + t] * Q[b + t];
      }
      for (let t = 0; t < k; t++) {
        total += P[a + t] * y * Q[b + t];
        if (out) out[a + t] += y * Q[b + t];
      }
    }
  }
  return total;
}

/** D over the `entries` held-out entries for factors W (rows × kp) and Hᵀ (cols × kp): in all, over the
 *  nonzeros alone and per part; `mean` is the trivial KL model's constant (the observed entries' mean).
 *  The nonzeros' terms come from `held`, the zeros' from the sliding pass's Σ y² (or Σ y) over each part
 *  (HoldoutPattern.foldRanges): `model` where a device has summed them, else on the host here. */
export function heldOutLoss(
  holdout: HoldoutPattern,
  held: HeldValues,
  entries: number,
  W: Float32Array,
  Ht: Float32Array,
  k: number,
  kp: number,
  loss: 'frobenius' | 'kl',
  mean: number,
  model?: readonly number[],
): HeldOut {
  const B = HELDOUT_FOLDS,
    ranges = holdout.foldRanges();
  // per part: Σxy, Σx², Σ x·log(x/y), Σx over the nonzeros, and (KL) the trivial model's Σ x·log(x/m)
  const cross = new Float64Array(B),
    squares = new Float64Array(B),
    xlog = new Float64Array(B),
    sumX = new Float64Array(B),
    nonzeros = new Float64Array(B),
    nonzeroSquares = new Float64Array(B),
    sumY = new Float64Array(B);
  let trivialLog = 0;
  for (let q = 0; q < held.values.length; q++) {
    const i = held.rows[q],
      j = held.cols[q],
      a = i * kp,
      b = j * kp,
      x = held.values[q],
      f = holdout.foldOf(i, j);
    let y = 0;
    for (let t = 0; t < k; t++) y += W[a + t] * Ht[b + t];
    cross[f] += x * y;
    squares[f] += x * x;
    sumX[f] += x;
    sumY[f] += y;
    nonzeros[f]++;
    nonzeroSquares[f] += (x - y) * (x - y);
    xlog[f] += x * Math.log(x / Math.max(y, KL_FLOOR));
    trivialLog += x * Math.log(x / Math.max(mean, KL_FLOOR));
  }
  const gram = loss === 'frobenius';
  const folds: HeldOutPart[] = [];
  let nonzeroLoss = 0;
  for (let f = 0; f < B; f++) {
    const { from, width } = ranges[f];
    // Σ y² (Frobenius) or Σ y (KL) over the part's entries, zeros and nonzeros alike
    const y = model ? model[f] : holdout.windowPass('rows', W, Ht, k, kp, gram, null, from, width);
    const value = gram ? y - 2 * cross[f] + squares[f] : xlog[f] - sumX[f] + y;
    folds.push({ loss: Math.max(0, value), entries: holdout.countHeldOut(from, width), sumSquares: squares[f] });
    // over the nonzeros alone: Σ (x − y)² or Σ x·log(x/y) − x + y
    nonzeroLoss += gram ? nonzeroSquares[f] : xlog[f] - sumX[f] + sumY[f];
  }
  const sum = (pick: (p: HeldOutPart) => number) => folds.reduce((s, p) => s + pick(p), 0);
  const totalSquares = sum((p) => p.sumSquares),
    totalSumX = sumX.reduce((s, v) => s + v, 0);
  const nz = nonzeros.reduce((s, v) => s + v, 0);
  return {
    loss: sum((p) => p.loss),
    entries,
    sumSquares: totalSquares,
    nonzeros: { loss: Math.max(0, nonzeroLoss), entries: nz, sumSquares: totalSquares },
    folds,
    trivial: gram ? totalSquares : Math.max(0, trivialLog - totalSumX + mean * entries),
  };
}
