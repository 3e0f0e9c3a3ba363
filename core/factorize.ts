// The engine's one entry point: validate, pick the device, bind X, run the restarts.
import type { Backend, BoundMatrix, DeviceName, Transfers } from './backends/backend.js';
import { gpuFits } from './backends/gpujs.js';
import { getBackend } from './backends/registry.js';
import type { Dense, Matrix } from './matrix.js';
import { padRank } from './matrix.js';
import { dataStats } from './objective.js';
import type { FactorizeOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { Progress, RunReport } from './restarts.js';
import { runOnce, runRestarts } from './restarts.js';
import { dataError } from './errors.js';

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
}

/** Factorize a nonnegative (for NMF methods) matrix X ≈ W·H. Progress goes to the callback only. */
export async function factorize(X: Matrix, options: FactorizeOptions, onProgress?: (p: Progress) => void): Promise<Fit> {
  const start = performance.now();
  const o = resolveOptions(X, options);
  return withBound(X, o, async (bound, backend) => {
    const { best, runs, bestIndex } = await runRestarts(bound, o, dataStats(X), onProgress);
    return {
      W: best.W, H: best.H, objective: best.report.objective, iterations: best.report.iterations,
      converged: best.report.converged, restarts: runs, best: bestIndex,
      device: backend.device, deviceDescription: backend.description, transfers: bound.transfers(),
      seconds: (performance.now() - start) / 1000, options: o,
    };
  });
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
export async function transform(X: Matrix, H: Dense, options: Omit<FactorizeOptions, 'k' | 'restarts' | 'init'> = {}, onProgress?: (p: Progress) => void): Promise<Transformed> {
  const start = performance.now();
  if (X.cols !== H.cols) throw dataError(`the data has ${X.cols} columns, the model's H has ${H.cols}: load it with the model's settings`);
  const o = resolveOptions(X, { ...options, k: H.rows, restarts: 1, init: 'random' }, true);
  return withBound(X, o, async (bound, backend) => {
    const run = await runOnce(bound, o, dataStats(X), o.seed, 1, onProgress, H);
    const { objective, iterations, converged } = run.report;
    return { W: run.W, objective, iterations, converged, device: backend.device, seconds: (performance.now() - start) / 1000 };
  });
}

/** X bound to the options' device for the length of `work`, the device's other callers waiting. */
async function withBound<T>(X: Matrix, o: ResolvedOptions, work: (bound: BoundMatrix, backend: Backend) => Promise<T>): Promise<T> {
  // auto weighs the problem's size (nonzeros × k) against a GPU's fixed costs, and skips a GPU it does not fit
  const size = gpuFits(X, padRank(o.k)) ? (X.kind === 'csr' ? X.data.length : X.rows * X.cols) * o.k : 0;
  const backend = await getBackend(o.device, size);
  return exclusive(backend, async () => {
    const bound = await backend.bind(X);
    try {
      return await work(bound, backend);
    } finally {
      bound.dispose();
    }
  });
}

// Calls on one device take turns: a gpu.js kernel's output size is set just before each call, and a
// GPU queue gains nothing from two problems interleaved.
const queues = new WeakMap<Backend, Promise<unknown>>();

/** Run `work` when every earlier call on this backend has finished. */
export function exclusive<T>(backend: Backend, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(backend) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(backend, next.catch(() => undefined));
  return next;
}
