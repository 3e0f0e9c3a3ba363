// The engine's one entry point: validate, pick the device, bind X, run the restarts.
import type { Backend, BoundMatrix, DeviceName, Transfers } from './backends/backend.js';
import { backendFor, exclusive } from './backends/registry.js';
import type { Dense, Matrix } from './matrix.js';
import type { HeldOut, Mask } from './mask.js';
import { MaskedData } from './mask.js';
import type { DataStats } from './objective.js';
import { dataStats } from './objective.js';
import type { FactorizeOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { Progress, RunReport, RunResult } from './restarts.js';
import { runOnce, runRestarts } from './restarts.js';
import { dataError, usageError } from './errors.js';

/** What a fit saw of X. */
export interface Observed {
  entries: number;
  sumSquares: number;
}

/** A fitted factorization X ≈ W·H. */
export interface Fit {
  /** rows × k */
  W: Dense;
  /** k × cols */
  H: Dense;
  /** Final F of the winning run (see objective.ts for the definition). */
  objective: number;
  iterations: number;
  converged: boolean;
  /** Every run, in seed order; `best` indexes the winner. */
  restarts: RunReport[];
  best: number;
  device: DeviceName;
  deviceDescription: string;
  /** Bytes moved between host and device over the whole fit, X's upload included (0 on the CPU devices). */
  transfers: Transfers;
  seconds: number;
  options: ResolvedOptions;
  /** The winner's loss over the held-out entries, when the mask holds some out. */
  heldOut?: HeldOut;
  /** The entries the fit saw (all of X's without a mask): how many, and Σx² over them. */
  observed: Observed;
}

/** What a caller adds to a fit beside its options. */
export interface FitHooks {
  /** Hears of each checked iteration; progress goes nowhere else. */
  onProgress?: (p: Progress) => void;
  /** Entries F and every update leave out (mask.ts): missing ones, a seeded held-out share. */
  mask?: Mask;
}

/** Factorize a nonnegative (for NMF methods) matrix X ≈ W·H. */
export async function factorize(
  X: Matrix,
  options: FactorizeOptions,
  { onProgress, mask }: FitHooks = {},
): Promise<Fit> {
  const start = performance.now();
  const o = resolveOptions(X, options);
  const data = masking(X, mask);
  return withBound(data.X, o, async (bound, backend) => {
    const { best, runs, bestIndex } = await runRestarts(bound, o, data.stats, onProgress, data.masked);
    return fitOf(best, runs, bestIndex, o, backend, bound, start, data.observed);
  });
}

/** One k of a sweep: its fit, and every run's factors (in seed order). */
export interface RankFit {
  k: number;
  fit: Fit;
  runs: { W: Dense; H: Dense }[];
}

/** A sweep's progress: a run's, and which k it is for. */
export interface SweepProgress extends Progress {
  k: number;
  ks: readonly number[];
}

/** What a caller adds to a sweep beside its options. */
export interface SweepHooks {
  onProgress?: (p: SweepProgress) => void;
  /** Hears of each k as it ends; the sweep waits for it. */
  onFit?: (r: RankFit) => void | Promise<void>;
  mask?: Mask;
}

/** A sweep's iterations per run at most unless `maxIter` says: the rule compares held-out errors of
 *  converged fits, and masked fits of low-noise data creep on past 200 (a planted rank 12, 1000 × 500,
 *  Gaussian 0.05: held-out error 0.0512, 0.0508, 0.0507, 0.0503 at k = 12, 13, 14, 18 after 200
 *  iterations, the rule's pick 13; 0.0501, 0.0500, 0.0500, 0.0502 after 1,000, its pick 12). Converged
 *  fits stop by tol long before. */
export const SWEEP_MAX_ITER = 1000;

/** Fits for each k in turn, X masked and bound once for all of them, restarts and seeds as `options`
 *  say (maxIter SWEEP_MAX_ITER where they do not); each k's fits are handed to `onFit` as it ends and
 *  then let go, so a sweep holds one k's runs at a time (every k's and every restart's W of a corpus
 *  would not fit beside it). */
export async function sweepRanks(
  X: Matrix,
  ks: readonly number[],
  options: Omit<FactorizeOptions, 'k'>,
  { onProgress, onFit, mask }: SweepHooks & Required<Pick<SweepHooks, 'onFit'>>,
): Promise<void> {
  if (ks.length === 0) throw usageError('no k to fit: give at least one');
  const resolved = ks.map((k) => resolveOptions(X, { ...options, maxIter: options.maxIter ?? SWEEP_MAX_ITER, k }));
  const data = masking(X, mask);
  // the device is chosen for the largest k
  const largest = resolved.reduce((a, b) => (b.k > a.k ? b : a));
  await withBound(data.X, largest, async (bound, backend) => {
    for (const o of resolved) {
      const start = performance.now();
      const progress = onProgress && ((p: Progress) => onProgress({ ...p, k: o.k, ks }));
      const { best, runs, bestIndex, results } = await runRestarts(bound, o, data.stats, progress, data.masked, true);
      await onFit({
        k: o.k,
        fit: fitOf(best, runs, bestIndex, o, backend, bound, start, data.observed),
        runs: results.map((r) => ({ W: r.W, H: r.H })),
      });
    }
  });
}

/** sweepRanks with every k's fits kept and returned, in the order of `ks`. */
export async function factorizeRanks(
  X: Matrix,
  ks: readonly number[],
  options: Omit<FactorizeOptions, 'k'>,
  hooks: SweepHooks = {},
): Promise<RankFit[]> {
  const out: RankFit[] = [];
  await sweepRanks(X, ks, options, {
    ...hooks,
    onFit: async (r) => {
      out.push(r);
      await hooks.onFit?.(r);
    },
  });
  return out;
}

/** What a fit binds and sums: X itself, or X with its masked entries 0 and their corrections. */
function masking(
  X: Matrix,
  mask: Mask | undefined,
): { X: Matrix; masked: MaskedData | null; stats: DataStats; observed: Observed } {
  if (!mask || (!mask.missing?.rows.length && !mask.holdout?.fraction)) {
    const stats = dataStats(X);
    return { X, masked: null, stats, observed: { entries: X.rows * X.cols, sumSquares: stats.normX2 } };
  }
  const masked = new MaskedData(X, mask);
  if (masked.observedEntries <= 0) throw dataError('every entry of X is masked: there is nothing to fit');
  const stats = dataStats(masked.observed);
  return {
    X: masked.observed,
    masked,
    stats: { ...stats, mean: stats.sumX / masked.observedEntries },
    observed: { entries: masked.observedEntries, sumSquares: stats.normX2 },
  };
}

export function fitOf(
  best: RunResult,
  runs: RunReport[],
  bestIndex: number,
  o: ResolvedOptions,
  backend: Backend,
  bound: BoundMatrix,
  start: number,
  observed: Observed,
): Fit {
  return {
    W: best.W,
    H: best.H,
    objective: best.report.objective,
    iterations: best.report.iterations,
    converged: best.report.converged,
    restarts: runs,
    best: bestIndex,
    device: backend.device,
    deviceDescription: backend.description,
    transfers: bound.transfers(),
    seconds: (performance.now() - start) / 1000,
    options: o,
    observed,
    ...(best.report.heldOut ? { heldOut: best.report.heldOut } : {}),
  };
}

/** What transform gives: W for new rows of X, with H fixed. */
export interface Transformed {
  W: Dense;
  objective: number;
  iterations: number;
  converged: boolean;
  device: DeviceName;
  seconds: number;
}

/** W for new data with a trained H fixed (scikit-learn's NMF.transform): the same objective, W alone. */
export async function transform(
  X: Matrix,
  H: Dense,
  options: Omit<FactorizeOptions, 'k' | 'restarts' | 'init'> = {},
  onProgress?: (p: Progress) => void,
): Promise<Transformed> {
  const start = performance.now();
  if (X.cols !== H.cols)
    throw dataError(`the data has ${X.cols} columns, the model's H has ${H.cols}: load it with the model's settings`);
  const o = resolveOptions(X, { ...options, k: H.rows, restarts: 1, init: 'random' }, true);
  return withBound(X, o, async (bound, backend) => {
    const run = await runOnce(bound, o, dataStats(X), o.seed, 1, onProgress, { fixedH: H });
    const { objective, iterations, converged } = run.report;
    return {
      W: run.W,
      objective,
      iterations,
      converged,
      device: backend.device,
      seconds: (performance.now() - start) / 1000,
    };
  });
}

/** X bound to the options' device for the length of `work`, the device's other callers waiting. */
export async function withBound<T>(
  X: Matrix,
  o: ResolvedOptions,
  work: (bound: BoundMatrix, backend: Backend) => Promise<T>,
): Promise<T> {
  const backend = await backendFor(o.device, X, o.k, o.loss);
  return exclusive(backend, async () => {
    const bound = await backend.bind(X);
    try {
      return await work(bound, backend);
    } finally {
      bound.dispose();
    }
  });
}
