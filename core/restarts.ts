// One run from one seed, and several runs of which the lowest final F wins.
import type { BoundMatrix, Buf } from './backends/backend.js';
import { HostBuf } from './backends/host.js';
import { dataError } from './errors.js';
import { initialize } from './init.js';
import type { Dense } from './matrix.js';
import { dense, padRank } from './matrix.js';
import type { HeldOut, MaskedData } from './mask.js';
import type { DataStats } from './objective.js';
import type { ResolvedOptions } from './options.js';
import { Random } from './random.js';
import { frobeniusSolver } from './solvers/frobenius.js';
import { klSolver } from './solvers/kl.js';
import type { SolverContext } from './solvers/solver.js';
import { innerSweeps } from './solvers/sweeps.js';

/** F's relative change over a check interval below which a float32 run has stalled: one float32 ulp. */
const STALLED = 2 ** -24;

/** A report of progress: once as a run starts initializing, then once per iteration. */
export interface Progress {
  /** 'init' while a run computes its starting factors (an SVD for nndsvd), then 'iterate'. */
  phase: 'init' | 'iterate';
  /** 1-based restart number, out of `restarts`. */
  restart: number;
  restarts: number;
  iteration: number;
  maxIter: number;
  objective: number;
  /** Seconds since this run started. */
  seconds: number;
}

/** What one run did. */
export interface RunReport {
  seed: number;
  objective: number;
  iterations: number;
  converged: boolean;
  seconds: number;
  /** The loss over the held-out entries, when the mask holds some out. */
  heldOut?: HeldOut;
}

/** Where a run stands after an iteration: enough to continue it to the same end (a checkpoint). */
export interface RunState {
  /** Iterations done. */
  iteration: number;
  /** F at the last convergence check (Infinity before the first). */
  checked: number;
  /** The projected gradient's size after the first iteration, where it decides (NaN: not measured). */
  firstViolation: number;
  /** W (rows × kp) and Hᵀ (cols × kp) as the device holds them, copies. */
  W: Float32Array;
  Ht: Float32Array;
}

/** What a run needs besides the options: H to keep fixed (transform), a mask, a state to continue
 *  from instead of starting factors, and a hook after every iteration that may take the state. */
export interface RunSetup {
  fixedH?: Dense;
  masked?: MaskedData | null;
  resume?: RunState;
  onIteration?: (iteration: number, state: () => Promise<RunState>) => Promise<void>;
}

export interface RunResult {
  W: Dense;
  H: Dense;
  report: RunReport;
}

/** One run: initialize from `seed`, iterate until converged, maxIter or the time limit. */
export async function runOnce(
  X: BoundMatrix,
  o: ResolvedOptions,
  stats: DataStats,
  seed: number,
  restart: number,
  onProgress?: (p: Progress) => void,
  setup: RunSetup = {},
): Promise<RunResult> {
  const { fixedH, masked = null, resume } = setup;
  const start = performance.now();
  const { rows, cols } = X;
  const { k } = o;
  const kp = padRank(k);
  const release = X.checkpoint();
  onProgress?.({
    phase: 'init',
    restart,
    restarts: o.restarts,
    iteration: 0,
    maxIter: o.maxIter,
    objective: Number.NaN,
    seconds: 0,
  });
  try {
    const W = X.alloc(rows, kp, 'rows'),
      Ht = X.alloc(cols, kp, 'cols');
    if (resume) {
      await X.write(W, resume.W);
      await X.write(Ht, resume.Ht);
    } else if (fixedH) {
      // W starts flat at scikit-learn's scale for transform; H is the model's
      const w0 = new Float32Array(rows * kp),
        h0 = new Float32Array(cols * kp);
      for (let i = 0; i < rows; i++) w0.fill(Math.sqrt(stats.mean / k), i * kp, i * kp + k);
      for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) h0[j * kp + t] = fixedH.data[t * cols + j];
      await X.write(W, w0);
      await X.write(Ht, h0);
    } else {
      // a host device's buffers are filled where they are (at 60000 × 784, k = 100: 24 MB less at the peak)
      const start = await initialize(X, o.init, k, kp, stats.mean, new Random(seed), hostView(W), hostView(Ht));
      if (start.W !== hostView(W)) await X.write(W, start.W);
      if (start.Ht !== hostView(Ht)) await X.write(Ht, start.Ht);
    }
    const ctx: SolverContext = {
      X,
      rows,
      cols,
      k,
      kp,
      options: o,
      normX2: stats.normX2,
      sumX: stats.sumX,
      W,
      Ht,
      fixedH: fixedH !== undefined,
      masked,
      sweeps: innerSweeps(stats, cols, k),
    };
    const solver = o.loss === 'kl' ? klSolver(ctx, o.method) : frobeniusSolver(ctx, o.method);
    let checked = resume?.checked ?? Infinity;
    // hals stops by its projected gradient against the first iteration's (convergence.ts), the others by F
    let firstViolation = resume?.firstViolation ?? Number.NaN;
    const byGradient = solver.violation !== undefined && o.tol > 0; // tol 0: run to the end, no checks to pay for
    let converged = false;
    let iteration = resume?.iteration ?? 0;
    const state = async (): Promise<RunState> => ({
      iteration,
      checked,
      firstViolation,
      W: Float32Array.from(hostView(W) ?? (await X.read(W))),
      Ht: Float32Array.from(hostView(Ht) ?? (await X.read(Ht))),
    });
    let yielded = performance.now();
    let lastReported = Number.NaN;
    while (iteration < o.maxIter) {
      iteration++;
      const F = await solver.step(iteration);
      // CPU kernels run synchronously: give the event loop a turn now and then, so that a signal
      // (Ctrl-C) or a timer of the caller is not held up until the whole run ends.
      if (performance.now() - yielded > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      if (!Number.isFinite(F))
        throw dataError(
          `run ${restart} (seed ${seed}) diverged at ` +
            `iteration ${iteration}: F is ${F}; ${
              o.method === 'gd'
                ? 'lower --lr or the penalties'
                : "the data's values are too large for float32 sums: scale X down"
            }`,
        );
      const seconds = (performance.now() - start) / 1000;
      onProgress?.({
        phase: 'iterate',
        restart,
        restarts: o.restarts,
        iteration,
        maxIter: o.maxIter,
        objective: F,
        seconds,
      });
      lastReported = F;
      if (F === 0) {
        converged = true;
        break;
      }
      if (byGradient && (iteration === 1 || iteration % o.checkEvery === 0)) {
        const v = await solver.violation!();
        if (iteration === 1) firstViolation = v;
        // float32 kernels cannot move F by less than its rounding: F still within a few ulps after a whole
        // check interval has stalled where the gradient test cannot see it (a start already optimal, as
        // nndsvda's is at k = 1, leaves the first gradient as small as the noise that follows it)
        const stalled = iteration > 1 && checked !== Infinity && Math.abs(checked - F) <= STALLED * checked;
        checked = F;
        if (v === 0 || (iteration > 1 && v <= o.tol * firstViolation) || stalled) {
          converged = true;
          break;
        }
      } else if (!byGradient && iteration % o.checkEvery === 0) {
        const decrease = checked - F;
        if (checked !== Infinity && decrease >= 0 && decrease <= o.tol * checked) {
          converged = true;
          break;
        }
        checked = F;
      }
      await setup.onIteration?.(iteration, state);
      if (await agreed(X, o.timeLimit, seconds >= o.timeLimit)) break;
    }
    const objective = await solver.objective();
    // a masked or KL step reports F between its halves; the run's last report is its final F
    const lastSeconds = (performance.now() - start) / 1000;
    if (iteration > 0 && objective !== lastReported)
      onProgress?.({
        phase: 'iterate',
        restart,
        restarts: o.restarts,
        iteration,
        maxIter: o.maxIter,
        objective,
        seconds: lastSeconds,
      });
    // the held-out parts' model sums on the device where it runs the window pass (ten passes over the
    // rows: on the host they took 0.26–0.41 s a fit on SpamAssassin at k = 10)
    const model =
      masked?.holdsOut && X.heldOutSums
        ? await X.heldOutSums(masked, W, Ht, k, o.loss === 'frobenius' ? 'gram' : 'sum')
        : undefined;
    const w = hostView(W) ?? (await X.read(W)),
      ht = hostView(Ht) ?? (await X.read(Ht));
    const heldOut = masked?.holdsOut ? masked.heldOut(w, ht, k, kp, o.loss, stats.mean, model) : undefined;
    return {
      W: unpadFactor(w, rows, k, kp, false),
      H: fixedH ?? unpadFactor(ht, cols, k, kp, true),
      report: {
        seed,
        objective,
        iterations: iteration,
        converged,
        seconds: (performance.now() - start) / 1000,
        ...(heldOut ? { heldOut } : {}),
      },
    };
  } finally {
    release();
  }
}

/** A decision on time every rank of a fit across ranks takes alike: rank 0's (clocks differ). */
async function agreed(X: BoundMatrix, limit: number, decision: boolean): Promise<boolean> {
  if (!X.shard || X.shard.comm.size === 1 || !Number.isFinite(limit)) return decision;
  const flag = new Uint8Array([decision ? 1 : 0]);
  await X.shard.comm.broadcast(flag);
  return flag[0] === 1;
}

/** A buffer's own values where the device keeps them in host memory (webasm), else nothing. */
const hostView = (P: Buf): Float32Array | undefined => (P instanceof HostBuf ? P.view : undefined);

/** A padded buffer (n × kp) as a dense n × k matrix, or transposed to k × n (for H). */
function unpadFactor(P: Float32Array, n: number, k: number, kp: number, transposed: boolean): Dense {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const v = P[i * kp + t];
      out[transposed ? t * n + i : i * k + t] = Number.isFinite(v) ? v : 0;
    }
  }
  return transposed ? dense(k, n, out) : dense(n, k, out);
}

/** Where a sequence of restarts stands: the runs done, the best so far, and the run under way. */
export interface RestartsState {
  /** The run under way, 0-based. */
  restart: number;
  runs: RunReport[];
  best: RunResult | null;
  bestIndex: number;
  /** The run under way's state; null: it has not started. */
  state: RunState | null;
}

/** A sequence of restarts continued from a checkpoint, and a hook after every iteration of every run
 *  that may take the whole state (to write a checkpoint). */
export interface RestartsHooks {
  from?: RestartsState;
  onIteration?: (at: { restart: number; iteration: number }, snapshot: () => Promise<RestartsState>) => Promise<void>;
}

/** R runs from seeds seed … seed + R − 1; the first with the lowest final F wins. `keep`: every run's
 *  factors come back too (for measures of stability across runs). */
export async function runRestarts(
  X: BoundMatrix,
  o: ResolvedOptions,
  stats: DataStats,
  onProgress?: (p: Progress) => void,
  masked: MaskedData | null = null,
  keep = false,
  hooks: RestartsHooks = {},
): Promise<{ best: RunResult; runs: RunReport[]; bestIndex: number; results: RunResult[] }> {
  const { from, onIteration } = hooks;
  const runs: RunReport[] = from ? [...from.runs] : [];
  const results: RunResult[] = [];
  let best: RunResult | null = from?.best ?? null;
  let bestIndex = from?.bestIndex ?? 0;
  for (let r = from?.restart ?? 0; r < o.restarts; r++) {
    const resume = r === from?.restart ? (from.state ?? undefined) : undefined;
    const hook =
      onIteration &&
      ((iteration: number, state: () => Promise<RunState>) =>
        onIteration({ restart: r, iteration }, async () => ({
          restart: r,
          runs: [...runs],
          best,
          bestIndex,
          state: await state(),
        })));
    const result = await runOnce(X, o, stats, o.seed + r, r + 1, onProgress, { masked, resume, onIteration: hook });
    runs.push(result.report);
    if (keep) results.push(result);
    if (!best || result.report.objective < best.report.objective) {
      best = result;
      bestIndex = r;
    }
  }
  return { best: best!, runs, bestIndex, results };
}
