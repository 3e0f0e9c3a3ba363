// The options of a factorization, their defaults and their validation, in scikit-learn's words where
// it has one (n_components is k, max_iter, tol, init, the penalties spelled out per factor).
import type { DeviceChoice } from './backends/registry.js';
import { DEVICES } from './backends/backend.js';
import { dataError, usageError } from './errors.js';
import type { Matrix } from './matrix.js';

export type Method = 'hals' | 'mu' | 'gd';
export type Loss = 'frobenius' | 'kl';
export type Init = 'random' | 'nndsvd' | 'nndsvda';
export const METHODS: readonly Method[] = ['hals', 'mu', 'gd'];
export const LOSSES: readonly Loss[] = ['frobenius', 'kl'];
export const INITS: readonly Init[] = ['random', 'nndsvd', 'nndsvda'];

export interface FactorizeOptions {
  /** The number of latent factors (scikit-learn's n_components). */
  k: number;
  /** hals: coordinate descent, Frobenius only (default); mu: Lee–Seung multiplicative updates;
   *  gd: normalized gradient steps P ← P − lr·∇P/‖∇P‖. */
  method?: Method;
  /** D in F: squared Frobenius distance (default) or generalized Kullback–Leibler divergence. */
  loss?: Loss;
  /** Default: nndsvda for one run, random when restarts > 1 (nndsvd is deterministic, restarts would repeat it). */
  init?: Init;
  /** Runs from seeds seed, seed+1, …; the lowest final F wins. Default 1. */
  restarts?: number;
  seed?: number;
  /** Default 200. */
  maxIter?: number;
  /** Stop when F's relative decrease over `checkEvery` iterations falls below tol. Default 1e-4. */
  tol?: number;
  /** Iterations between convergence checks. Default 10. */
  checkEvery?: number;
  /** Seconds for each run; stops (not converged) when reached. */
  timeLimit?: number;
  l1W?: number; l1H?: number; l2W?: number; l2H?: number;
  /** gd's step length β. Default 0.1. */
  lr?: number;
  /** gd's β is multiplied by this after each iteration. Default 1 (no decay). */
  lrDecay?: number;
  /** gd only: project onto P ≥ 0 after each step. Default true (hals and mu are always nonnegative). */
  nonnegative?: boolean;
  device?: DeviceChoice;
}

export type ResolvedOptions = Required<Omit<FactorizeOptions, 'timeLimit'>> & { timeLimit: number };

function choice<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw usageError(`unknown ${flag} "${String(value)}": choose one of ${allowed.join(', ')}`);
  return value as T;
}

function number(flag: string, value: number, ok: (v: number) => boolean, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw usageError(`${flag} is ${value}: it must be ${what}`);
  return value;
}

const isInt = (v: number) => Number.isInteger(v);

/** Fill in defaults and check every option against X; throws LatentError naming the option. */
export function resolveOptions(X: Matrix, o: FactorizeOptions, transform = false): ResolvedOptions {
  if (X.rows === 0 || X.cols === 0) throw dataError(`the matrix is empty (${X.rows} × ${X.cols}): there is nothing to factorize`);
  const loss = choice('loss', o.loss ?? 'frobenius', LOSSES);
  const method = choice('method', o.method ?? (loss === 'kl' ? 'mu' : 'hals'), METHODS);
  if (method === 'hals' && loss === 'kl') throw usageError('method hals minimizes the Frobenius loss only: use --method mu (or gd) with --loss kl');
  // transform fits W alone, so one new row with k factors is fine
  const limit = transform ? Infinity : Math.min(X.rows, X.cols);
  const k = number('k', o.k, (v) => isInt(v) && v >= 1 && v <= limit, `a whole number from 1 to min(rows, columns) = ${limit}`);
  const restarts = number('restarts', o.restarts ?? 1, (v) => isInt(v) && v >= 1, 'a whole number ≥ 1');
  const init = choice('init', o.init ?? (restarts > 1 ? 'random' : 'nndsvda'), INITS);
  const device = choice('device', o.device ?? 'auto', ['auto', ...DEVICES] as const);
  const resolved: ResolvedOptions = {
    k, method, loss, init, restarts, device,
    seed: number('seed', o.seed ?? 0, (v) => isInt(v) && v >= 0, 'a whole number ≥ 0'),
    maxIter: number('max-iter', o.maxIter ?? 200, (v) => isInt(v) && v >= 1, 'a whole number ≥ 1'),
    tol: number('tol', o.tol ?? 1e-4, (v) => v >= 0 && v < 1, 'in [0, 1)'),
    checkEvery: number('check-every', o.checkEvery ?? 10, (v) => isInt(v) && v >= 1, 'a whole number ≥ 1'),
    timeLimit: o.timeLimit === undefined ? Infinity : number('time-limit', o.timeLimit, (v) => v > 0, 'a number of seconds > 0'),
    l1W: number('l1-w', o.l1W ?? 0, (v) => v >= 0, 'a number ≥ 0'),
    l1H: number('l1-h', o.l1H ?? 0, (v) => v >= 0, 'a number ≥ 0'),
    l2W: number('l2-w', o.l2W ?? 0, (v) => v >= 0, 'a number ≥ 0'),
    l2H: number('l2-h', o.l2H ?? 0, (v) => v >= 0, 'a number ≥ 0'),
    lr: number('lr', o.lr ?? 0.1, (v) => v > 0, 'a number > 0'),
    lrDecay: number('lr-decay', o.lrDecay ?? 1, (v) => v > 0 && v <= 1, 'in (0, 1]'),
    nonnegative: method !== 'gd' || (o.nonnegative ?? true),
  };
  checkValues(X, resolved.nonnegative || loss === 'kl', resolved);
  return resolved;
}

/** NaN or Inf anywhere, or a negative entry where the method needs X ≥ 0, names its first position. */
function checkValues(X: Matrix, needNonnegative: boolean, o: ResolvedOptions): void {
  const at = (q: number): [number, number] => {
    if (X.kind === 'dense') return [Math.floor(q / X.cols), q % X.cols];
    let lo = 0, hi = X.rows - 1; // the row whose range holds q
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (X.indptr[mid] <= q) lo = mid; else hi = mid - 1; }
    return [lo, X.indices[q]];
  };
  for (let q = 0; q < X.data.length; q++) {
    const v = X.data[q];
    if (!Number.isFinite(v)) {
      const [i, j] = at(q);
      throw dataError(`X has ${v} at row ${i + 1}, column ${j + 1}: remove or replace non-finite values`);
    }
    if (v < 0 && needNonnegative) {
      const [i, j] = at(q);
      const why = o.loss === 'kl' ? 'the KL loss needs X ≥ 0' : `method ${o.method} needs X ≥ 0`;
      throw dataError(`X has a negative value ${v} at row ${i + 1}, column ${j + 1}: ${why}; shift or clip the data${o.loss === 'kl' ? '' : ', or use gd without nonnegativity'}`);
    }
  }
}
