// Choosing k: the measures of one sweep's fits (training and held-out error, stability, coherence), and
// the rule that recommends a k from them.
import type { Loss, RankFit } from '../core/index.js';
import { stability } from './stability.js';

/** What a sweep found at one k; errors are means over the restarts. */
export interface RankRow {
  k: number;
  /** Frobenius: ‖X − WH‖/‖X‖ over the entries each fit saw; KL: the mean divergence per entry. */
  trainingError: number;
  /** The same measure over the held-out entries (no fit saw them). */
  heldOutError: number;
  /** Cophenetic correlation of the restarts' row clusterings (1: they agree); NaN with one restart. */
  stability: number;
  /** The mean NPMI of the best run's topics (text only), else null. */
  coherence: number | null;
  /** Mean iterations per run, and seconds for all of this k's runs. */
  iterations: number;
  seconds: number;
}

/** The rule, in one line, as output and README state it. */
export const RANK_RULE = 'the smallest k whose held-out error is within 5 % of the lowest held-out error';
/** How far above the lowest held-out error a smaller k may be and still be chosen. */
export const RANK_TOLERANCE = 0.05;

/** Frobenius errors relative to the data's norm over the same entries (their root mean square when that
 *  norm is 0); KL as the mean divergence per entry. */
function error(loss: Loss, value: number, entries: number, sumSquares: number): number {
  if (loss === 'kl') return entries > 0 ? value / entries : 0;
  return sumSquares > 0 ? Math.sqrt(value / sumSquares) : entries > 0 ? Math.sqrt(value / entries) : 0;
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);

/** One row of the table from one k's fit; `rows` are the rows stability compares, `coherence` the
 *  caller's score of the best run (text) or null. */
export function rankRow(r: RankFit, rows: Int32Array, coherence: number | null): RankRow {
  const { fit } = r, loss = fit.options.loss;
  const held = fit.restarts.map((run) => (run.heldOut ? error(loss, run.heldOut.loss, run.heldOut.entries, run.heldOut.sumSquares) : Number.NaN));
  return {
    k: r.k,
    trainingError: mean(fit.restarts.map((run) => error(loss, run.objective, fit.observed.entries, fit.observed.sumSquares))),
    heldOutError: mean(held),
    stability: r.runs.length > 1 ? stability(r.runs.map((run) => run.W), rows) : Number.NaN,
    coherence,
    iterations: mean(fit.restarts.map((run) => run.iterations)),
    seconds: fit.seconds,
  };
}

/** The k the rule picks (see RANK_RULE); null when no row has a held-out error. */
export function recommendRank(rows: readonly RankRow[]): number | null {
  const scored = rows.filter((r) => Number.isFinite(r.heldOutError));
  if (scored.length === 0) return null;
  const lowest = Math.min(...scored.map((r) => r.heldOutError));
  return scored.filter((r) => r.heldOutError <= lowest * (1 + RANK_TOLERANCE)).reduce((a, b) => (b.k < a.k ? b : a)).k;
}
