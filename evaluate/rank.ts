// Choosing k: the measures of one sweep's fits (training and held-out error with its standard error,
// stability, coherence), and the rule that recommends a k from them, or says why none.
//
// The rule is cross-validation's one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani &
// Friedman, ESL §7.10): the smallest k whose held-out error is within one standard error of the lowest.
// The held-out entries (zeros and nonzeros alike, as in Owen & Perry's bi-cross-validation and RcppML's
// crossValidate without mask_zeros) are split into HELDOUT_FOLDS parts; the spread of the parts' errors
// gives the standard error. Three cases have no good answer and say so: every k's held-out error at or
// above the trivial model's (predicting zeros, for Frobenius: relative error 1); the lowest error at the
// largest k tried and every smaller k more than one standard error above it (still falling: try larger
// k; where the k before the largest is within the band, the curve has flattened and the rule stands); and
// every k within one standard error of the lowest (flat), where coherence (text) or stability breaks the tie.
import type { HeldOutPart, Loss, RankFit } from '../core/index.js';
import { stability } from './stability.js';

/** What a sweep found at one k; errors are means over the restarts. */
export interface RankRow {
  k: number;
  /** Frobenius: ‖X − WH‖/‖X‖ over the entries each fit saw; KL: the mean divergence per entry. */
  trainingError: number;
  /** The same measure over the held-out entries (no fit saw them). */
  heldOutError: number;
  /** The held-out error's standard error: the spread of its value over parts of the held-out entries. */
  heldOutSE: number;
  /** The held-out error over each of the HELDOUT_FOLDS parts of the held-out entries (mean over the
   *  restarts): every k is measured on the same parts, so two ks' errors can be compared part by part. */
  heldOutFolds: number[];
  /** The held-out error over the held-out nonzeros alone, and over the held-out zeros alone (both
   *  relative to Σx² of the held-out entries for Frobenius; so their squares sum to heldOutError²). */
  heldOutNonzeroError: number;
  heldOutZeroError: number;
  /** The trivial model's held-out error (Frobenius: predicting zeros, 1; KL: the observed mean). */
  trivialError: number;
  /** Cophenetic correlation of the restarts' row clusterings (1: they agree); NaN with one restart. */
  stability: number;
  /** The mean NPMI of the best run's topics (text only), else null. */
  coherence: number | null;
  /** Mean iterations per run, and seconds for all of this k's runs. */
  iterations: number;
  /** The share of this k's runs that met the stopping rule (the others stopped at --max-iter or
   *  --time-limit, their held-out error still moving). */
  converged: number;
  seconds: number;
}

/** The rule, in one line, as output and README state it. */
export const RANK_RULE =
  'the smallest k whose held-out error is within one standard error of the lowest; where every k ' +
  'is, the best coherence (text) or stability';

/** Why the rule chose as it did: `one-se` the rule proper; `flat` every k within one standard error,
 *  the tie broken by coherence or stability (null when neither was measured); `still-falling` the
 *  lowest error at the largest k tried; `above-trivial` no k better than the trivial model;
 *  `unmeasured` no held-out error at all. */
export type RankReason = 'one-se' | 'flat' | 'still-falling' | 'above-trivial' | 'unmeasured';

export interface RankVerdict {
  /** The k to use, or null where there is no good answer (see `reason`). */
  recommended: number | null;
  reason: RankReason;
  /** The ks whose held-out error is within one standard error of the lowest, in increasing order. */
  lowRegion: number[];
  /** The k of the lowest held-out error, or null. */
  lowest: number | null;
  /** The ks where some run stopped before converging, in increasing order. */
  unconverged: number[];
  /** One line for people: the recommendation and its reason, or why there is none; and the ks whose
   *  fits stopped before converging, where there are any. */
  says: string;
}

/** Frobenius errors relative to the data's norm over the same entries (their root mean square when that
 *  norm is 0); KL as the mean divergence per entry. */
function error(loss: Loss, value: number, entries: number, sumSquares: number): number {
  if (loss === 'kl') return entries > 0 ? value / entries : 0;
  return sumSquares > 0 ? Math.sqrt(value / sumSquares) : entries > 0 ? Math.sqrt(value / entries) : 0;
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);

/** The standard error of a mean of equal parts: sd(parts)/√n. */
function standardError(parts: number[]): number {
  if (parts.length < 2) return 0;
  const m = mean(parts);
  return Math.sqrt(parts.reduce((s, v) => s + (v - m) ** 2, 0) / (parts.length - 1) / parts.length);
}

/** One row of the table from one k's fit; `rows` are the rows stability compares, `coherence` the
 *  caller's score of the best run (text) or null. */
export function rankRow(r: RankFit, rows: Int32Array, coherence: number | null): RankRow {
  const { fit } = r,
    loss = fit.options.loss;
  const held = fit.restarts.flatMap((run) => (run.heldOut ? [run.heldOut] : []));
  const of = (p: HeldOutPart) => error(loss, p.loss, p.entries, p.sumSquares);
  const measured = held.length > 0;
  // each part's error averaged over the restarts, then their spread
  const folds = measured ? held[0].folds.map((_, f) => mean(held.map((h) => of(h.folds[f])))) : [];
  const zeros = (h: (typeof held)[number]) => ({
    loss: Math.max(0, h.loss - h.nonzeros.loss),
    entries: h.entries - h.nonzeros.entries,
    sumSquares: h.sumSquares,
  });
  const nan = Number.NaN;
  return {
    k: r.k,
    trainingError: mean(
      fit.restarts.map((run) => error(loss, run.objective, fit.observed.entries, fit.observed.sumSquares)),
    ),
    heldOutError: measured ? mean(held.map(of)) : nan,
    heldOutSE: measured ? standardError(folds) : nan,
    heldOutFolds: folds,
    heldOutNonzeroError: measured ? mean(held.map((h) => of(h.nonzeros))) : nan,
    heldOutZeroError: measured ? mean(held.map((h) => of(zeros(h)))) : nan,
    trivialError: measured ? mean(held.map((h) => error(loss, h.trivial, h.entries, h.sumSquares))) : nan,
    stability:
      r.runs.length > 1
        ? stability(
            r.runs.map((run) => run.W),
            rows,
          )
        : nan,
    coherence,
    iterations: mean(fit.restarts.map((run) => run.iterations)),
    converged: mean(fit.restarts.map((run) => (run.converged ? 1 : 0))),
    seconds: fit.seconds,
  };
}

const fmt = (v: number) => v.toPrecision(3);

/** The best row by coherence (text) or else stability, ties to the smaller k; null when neither was measured. */
function tieBreak(rows: readonly RankRow[]): { row: RankRow; by: 'coherence' | 'stability' } | null {
  const best = (score: (r: RankRow) => number | null) =>
    rows
      .filter((r) => {
        const v = score(r);
        return v !== null && Number.isFinite(v);
      })
      .reduce<RankRow | null>((a, b) => (a === null || score(b)! > score(a)! ? b : a), null);
  const byCoherence = best((r) => r.coherence);
  if (byCoherence) return { row: byCoherence, by: 'coherence' };
  const byStability = best((r) => r.stability);
  return byStability ? { row: byStability, by: 'stability' } : null;
}

/** The rule (see RANK_RULE and the head of this file) applied to a sweep's rows; where some fits stopped
 *  before converging (their held-out error would still move: a curve from such fits can put its lowest
 *  point past the true rank), the line says which and what to do. */
export function rankVerdict(rows: readonly RankRow[]): RankVerdict {
  const verdict = ruleOf(rows);
  const measured = rows.filter((r) => Number.isFinite(r.heldOutError));
  const unconverged = measured
    .filter((r) => r.converged < 1)
    .map((r) => r.k)
    .sort((a, b) => a - b);
  if (unconverged.length === 0) return { ...verdict, unconverged };
  const which = unconverged.length === measured.length ? 'every k' : `k = ${unconverged.join(', ')}`;
  return {
    ...verdict,
    unconverged,
    says:
      `${verdict.says}; fits at ${which} stopped at --max-iter or --time-limit before converging: ` +
      `give a larger --max-iter to trust the curve`,
  };
}

function ruleOf(rows: readonly RankRow[]): Omit<RankVerdict, 'unconverged'> {
  const scored = rows.filter((r) => Number.isFinite(r.heldOutError)).sort((a, b) => a.k - b.k);
  if (scored.length === 0)
    return {
      recommended: null,
      reason: 'unmeasured',
      lowRegion: [],
      lowest: null,
      says: 'no k recommended: no held-out error was measured',
    };
  const low = scored.reduce((a, b) => (b.heldOutError < a.heldOutError ? b : a));
  const band = low.heldOutError + (Number.isFinite(low.heldOutSE) ? low.heldOutSE : 0);
  const region = scored.filter((r) => r.heldOutError <= band);
  const lowRegion = region.map((r) => r.k);
  const base = { lowRegion, lowest: low.k };
  if (low.heldOutError >= low.trivialError) {
    const other = tieBreak(scored);
    return {
      ...base,
      recommended: null,
      reason: 'above-trivial',
      says:
        `no k recommended: the held-out error is at or above the trivial ` +
        `model's (${fmt(low.trivialError)}, predicting ${low.trivialError === 1 ? 'zeros' : 'the mean'}) at every ` +
        `k, lowest ${fmt(low.heldOutError)} at k = ${low.k}: no k predicts ` +
        `held-out entries${other ? `; by ${other.by} the best is k = ${other.row.k}` : ''}`,
    };
  }
  if (scored.length > 2 && region.length === scored.length) {
    const other = tieBreak(scored);
    const flat =
      `no k is better than another by held-out error (all within one ` +
      `standard error, ${fmt(low.heldOutSE)}, of the lowest)`;
    return {
      ...base,
      recommended: other ? other.row.k : null,
      reason: 'flat',
      says: other
        ? `recommended k: ${other.row.k} by ${other.by}: ${flat}`
        : `no k recommended: ${flat}, and neither coherence nor stability was measured (give --restarts 3)`,
    };
  }
  const largest = scored[scored.length - 1];
  // still falling only where the largest k beats the one before it by more than the noise: a curve that
  // has flattened before its last point (its lowest there by less than a standard error) has its answer
  if (scored.length > 1 && low === largest && region.length === 1) {
    return {
      ...base,
      recommended: null,
      reason: 'still-falling',
      says:
        `no k recommended: the held-out error is still ` +
        `falling at k = ${largest.k}, the largest tried (${fmt(largest.heldOutError)}, ` +
        `${fmt(scored[scored.length - 2].heldOutError)} at k = ${scored[scored.length - 2].k}): try larger k`,
    };
  }
  const pick = region[0];
  return {
    ...base,
    recommended: pick.k,
    reason: 'one-se',
    says:
      `recommended k: ${pick.k} (the smallest k whose ` +
      `held-out error, ${fmt(pick.heldOutError)}, is within one standard error of the ` +
      `lowest, ${fmt(low.heldOutError)} ± ${fmt(low.heldOutSE)} at k = ${low.k})`,
  };
}

/** The k the rule picks; null where it has no good answer (see rankVerdict). */
export function recommendRank(rows: readonly RankRow[]): number | null {
  return rankVerdict(rows).recommended;
}
