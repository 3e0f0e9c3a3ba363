// Online NMF over row batches in memory bounded by one batch (Mairal, Bach, Ponce & Sapiro 2010; the
// scheme of scikit-learn's MiniBatchNMF and gensim's Nmf), with HALS for both halves:
//   per batch Xb: Wb by HALS sweeps against H (X·Hᵀ and HHᵀ fixed while they run), then the
//   statistics A = Σ WbᵀWb and Bᵀ = Σ XbᵀWb, discounted as batches age, then one HALS sweep of H
//   over A and B (statistics.ts) — Mairal's dictionary step, which is exactly a HALS sweep.
// A final pass solves each batch's W with H fixed, hands the rows out as they come (never held), and
// sums the exact F = Σb ‖Xb‖² − 2⟨Wb, Xb·Hᵀ⟩ + ⟨WbᵀWb, HHᵀ⟩ (+ penalties) without keeping X.
// Restarts run side by side on each batch, so R models cost one read of the data.
import type { BoundMatrix, Buf, DeviceName } from '../backends/backend.js';
import { HostBuf } from '../backends/host.js';
import { exclusive, getBackend } from '../backends/registry.js';
import { dataError, usageError } from '../errors.js';
import { initialize } from '../init.js';
import type { Dense, Matrix } from '../matrix.js';
import { dense, padRank } from '../matrix.js';
import { dataStats, frobeniusFromProducts } from '../objective.js';
import type { FactorizeOptions, ResolvedOptions } from '../options.js';
import { FACTORIZE_OPTIONS, resolveOptions } from '../options.js';
import { Random } from '../random.js';
import { ruleText, satisfies } from '../rules.js';
import type { RunReport } from '../restarts.js';
import { penaltyOf, withRidge } from '../solvers/solver.js';
import type { StreamOptions } from './options.js';
import { resolveStreamOptions } from './options.js';
import { HStatistics } from './statistics.js';

/** X as row batches: every pass yields the same rows in the same order. */
export interface BatchSource {
  readonly cols: number;
  /** Rows per pass when known before the first (a counted corpus); null: counted as they come. */
  readonly rows: number | null;
  /** The batches of pass `epoch` (0-based; the final pass is `epochs`). */
  pass(epoch: number): AsyncIterable<Matrix>;
}

export interface StreamProgress {
  /** 'fit' during the epochs, 'final' during the pass that solves W and scores F. */
  phase: 'fit' | 'final';
  epoch: number;
  epochs: number;
  /** Rows done in this pass, out of `totalRows` when known. */
  rows: number;
  totalRows: number | null;
  /** The best model's F over this pass so far, each batch scored with H as it then was. */
  objective: number;
  seconds: number;
}

/** A batch of the final pass: its rows' W (rows × k, from row `first` of the pass), the batch itself,
 *  and the final H. */
export interface FinalRows {
  W: Dense;
  X: Matrix;
  first: number;
  H: Dense;
}

/** Everything a fit carries from one epoch to the next: a run resumed from it after epoch `epochs`
 *  ends with the same bits as one never stopped. */
export interface StreamState {
  /** Epochs done. */
  epochs: number;
  seen: number;
  batches: number;
  models: {
    seed: number;
    rng: number[];
    Ht: Float32Array | null;
    A: Float64Array;
    Bt: Float64Array;
    normX2: number;
    rows: number;
    online: number;
    previous: number;
    reseeded: number;
  }[];
}

/** Hooks of a streaming fit: progress, each epoch's state (for a checkpoint), and the final pass's rows
 *  as they are solved. */
export interface StreamHooks {
  onProgress?: (p: StreamProgress) => void;
  onEpoch?: (state: StreamState) => void | Promise<void>;
  onRows?: (rows: FinalRows) => void | Promise<void>;
}

export interface StreamFit {
  H: Dense;
  /** Exact F of the winner over every row, from the final pass. */
  objective: number;
  /** The winner's F over its last epoch, each batch scored as it arrived (the online estimate). */
  onlineObjective: number;
  /** Σᵢ W_it per factor over every row (W itself is never held): factor shares. */
  columnSums: Float64Array;
  rows: number;
  epochs: number;
  batches: number;
  /** Each run by seed; `objective` is its online estimate, the winner's exact. */
  restarts: RunReport[];
  best: number;
  device: DeviceName;
  deviceDescription: string;
  seconds: number;
  options: ResolvedOptions;
  stream: StreamOptions;
}

/** One model of the restarts: its Hᵀ between batches (host, padded), its statistics and its score. */
interface Model {
  seed: number;
  rng: Random;
  Ht: Float32Array | null;
  stats: HStatistics;
  online: number;
  previous: number;
  reseeded: number;
}

/** What a batch's W solve leaves: W, its Gram, X·Hᵀ's inner product with W, and F's parts. */
interface Solved {
  W: Buf;
  GW: Float64Array;
  objective: number;
}

export async function factorizeStream(
  source: BatchSource,
  options: FactorizeOptions & Partial<StreamOptions>,
  hooks: StreamHooks = {},
  resume?: StreamState,
): Promise<StreamFit> {
  const start = performance.now();
  const s = resolveStreamOptions(options);
  const { cols } = source;
  const { k } = options;
  const kRule = { ...FACTORIZE_OPTIONS.k, max: cols, maxName: 'the number of columns' };
  if (!satisfies(kRule, k)) throw usageError(`k is ${k}: it must be ${ruleText(kRule)}`);
  if ((options.loss ?? 'frobenius') !== 'frobenius' || (options.method ?? 'hals') !== 'hals')
    throw usageError(
      '--stream fits by HALS with the Frobenius loss: leave out --method and --loss, or fit without --stream',
    );
  const kp = padRank(k);
  let o: ResolvedOptions | null = null;
  const restarts = options.restarts ?? 1,
    seed0 = options.seed ?? 0;
  const given = { ...options, init: options.init ?? (restarts > 1 ? 'random' : 'nndsvda') } as const;
  const models: Model[] = Array.from({ length: restarts }, (_, r) => ({
    seed: seed0 + r,
    rng: new Random(seed0 + r),
    Ht: null,
    stats: new HStatistics(cols, k, kp),
    online: 0,
    previous: Infinity,
    reseeded: 0,
  }));
  // the device is chosen for a batch's work: nonzeros of a batch × k, guessed before the first
  const backend = await getBackend(options.device ?? 'auto', s.batchSize * Math.min(cols, 100) * k);
  let seen = 0,
    batches = 0,
    first = 0;
  if (resume) {
    if (resume.models.length !== restarts || resume.epochs > s.epochs)
      throw usageError(
        `the checkpoint holds ${resume.models.length} runs after ${resume.epochs} epochs: resume ` +
          `with the options it was written with`,
      );
    ({ seen, batches } = resume);
    first = resume.epochs;
    resume.models.forEach((r, i) => {
      const m = models[i];
      m.rng.restore(r.rng);
      m.Ht = r.Ht;
      m.stats.A.set(r.A);
      m.stats.Bt.set(r.Bt);
      Object.assign(m.stats, { normX2: r.normX2, rows: r.rows });
      Object.assign(m, { online: r.online, previous: r.previous, reseeded: r.reseeded });
    });
  }
  const progress = (phase: StreamProgress['phase'], epoch: number, rows: number, objective: number) =>
    hooks.onProgress?.({
      phase,
      epoch,
      epochs: s.epochs,
      rows,
      totalRows: source.rows,
      objective,
      seconds: (performance.now() - start) / 1000,
    });

  for (let epoch = first; epoch < s.epochs; epoch++) {
    for (const m of models) {
      m.previous = m.online;
      m.online = 0;
    }
    let rows = 0;
    for await (const X of source.pass(epoch)) {
      if (X.cols !== cols) throw new Error(`a batch has ${X.cols} columns, the source ${cols}`);
      // every batch's values checked as the first's (the options resolve the same each time)
      o = resolveOptions(X, given, true);
      const stats = dataStats(X);
      if (epoch === 0) seen += X.rows;
      // old batches fade by `forget` over one pass: ρ per batch is forget^(its share of a pass)
      const rho = s.forget ** (X.rows / (source.rows ?? seen));
      await exclusive(backend, async () => {
        const bound = await backend.bind(X);
        try {
          for (const m of models) {
            const Ht = bound.alloc(cols, kp);
            if (!m.Ht) m.Ht = await startingHt(bound, o!, k, kp, stats.mean, m.rng);
            await bound.write(Ht, m.Ht);
            const solved = await solveW(bound, Ht, o!, k, kp, s.sweeps, stats.normX2, stats.mean);
            m.online += solved.objective;
            const XtW = bound.alloc(cols, kp);
            await bound.times('cols', solved.W, XtW);
            m.stats.discount(rho);
            m.stats.add(solved.GW, await bound.read(XtW), stats.normX2, X.rows);
            await m.stats.sweepH(bound, Ht, XtW, o!.l1H, o!.l2H, m.stats.rows / (source.rows ?? seen));
            m.Ht = await bound.read(Ht);
            m.reseeded += reseedDead(m, X, k, kp);
          }
        } finally {
          bound.dispose();
        }
      });
      rows += X.rows;
      batches++;
      progress('fit', epoch, rows, Math.min(...models.map((m) => m.online)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (rows === 0) throw dataError('the data has no rows: there is nothing to factorize');
    await hooks.onEpoch?.({
      epochs: epoch + 1,
      seen,
      batches,
      models: models.map((m) => ({
        seed: m.seed,
        rng: m.rng.snapshot(),
        Ht: m.Ht,
        A: m.stats.A,
        Bt: m.stats.Bt,
        normX2: m.stats.normX2,
        rows: m.stats.rows,
        online: m.online,
        previous: m.previous,
        reseeded: m.reseeded,
      })),
    });
  }
  // a resumed run whose epochs were all done still needs the options its batches resolve
  o ??= await firstOptions(source, given);

  // the winner by its online F over the last epoch (every model saw the same batches), then its exact F
  let best = 0;
  models.forEach((m, r) => {
    if (m.online < models[best].online) best = r;
  });
  const winner = models[best];
  const H = dense(k, cols);
  for (let j = 0; j < cols; j++) for (let t = 0; t < k; t++) H.data[t * cols + j] = finite(winner.Ht![j * kp + t]);
  const final = await finalPass(source, backend, winner.Ht!, H, o!, k, kp, s, hooks.onRows, (rows, F) =>
    progress('final', s.epochs, rows, F),
  );
  const hPenalty = penaltyOf(sumsOf(H.data), o!.l1H, o!.l2H);
  const seconds = (performance.now() - start) / 1000;
  const converged = (m: Model) => Number.isFinite(m.previous) && Math.abs(m.previous - m.online) <= o!.tol * m.previous;
  return {
    H,
    objective: final.objective + hPenalty,
    onlineObjective: winner.online,
    columnSums: final.columnSums,
    rows: final.rows,
    epochs: s.epochs,
    batches,
    best,
    device: backend.device,
    deviceDescription: backend.description,
    seconds,
    options: o!,
    stream: s,
    restarts: models.map((m, r) => ({
      seed: m.seed,
      objective: r === best ? final.objective + hPenalty : m.online,
      iterations: s.epochs,
      converged: converged(m),
      seconds,
    })),
  };
}

/** The options as the first batch resolves them, for a resumed run that fits no batch. */
async function firstOptions(source: BatchSource, given: FactorizeOptions): Promise<ResolvedOptions> {
  for await (const X of source.pass(0)) return resolveOptions(X, given, true);
  throw dataError('the data has no rows: there is nothing to factorize');
}

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/** Σ|v| and Σv² of a factor's values: what its penalties need. */
export function sumsOf(values: Float32Array) {
  let abs = 0,
    squares = 0;
  for (const v of values) {
    abs += Math.abs(v);
    squares += v * v;
  }
  return { columns: new Float64Array(0), abs, squares };
}

/** Hᵀ to start from, made from the first batch: nndsvda's (or random's) H of that batch. */
async function startingHt(
  X: BoundMatrix,
  o: ResolvedOptions,
  k: number,
  kp: number,
  mean: number,
  rng: Random,
): Promise<Float32Array> {
  if (o.init !== 'random' && X.rows < k)
    throw dataError(`the first batch has ${X.rows} rows, fewer than k = ${k}: raise --batch-size`);
  const { Ht } = await initialize(X, o.init, k, kp, mean, rng);
  return Ht;
}

/** Wb against a fixed H: flat at scikit-learn's transform scale, then `sweeps` HALS sweeps. F's data
 *  part of the batch comes from the products the sweeps used: ‖X‖² − 2⟨W, X·Hᵀ⟩ + ⟨WᵀW, HHᵀ⟩. */
async function solveW(
  X: BoundMatrix,
  Ht: Buf,
  o: ResolvedOptions,
  k: number,
  kp: number,
  sweeps: number,
  normX2: number,
  mean: number,
): Promise<Solved> {
  const W = X.alloc(X.rows, kp),
    XHt = X.alloc(X.rows, kp);
  const w0 = new Float32Array(X.rows * kp);
  for (let i = 0; i < X.rows; i++) w0.fill(Math.sqrt(mean / k), i * kp, i * kp + k);
  await X.write(W, w0);
  const GH = await X.gram(Ht);
  await X.times('rows', Ht, XHt);
  const G = withRidge(GH, o.l2W, kp);
  for (let sweep = 0; sweep < sweeps; sweep++) await X.hals(W, XHt, G, k, o.l1W / 2);
  const GW = await X.gram(W);
  const penalty = o.l1W || o.l2W ? penaltyOf(await X.sums(W, k), o.l1W, o.l2W) : 0;
  return { W, GW, objective: frobeniusFromProducts(normX2, await X.inner(W, XHt, k), k, kp, GW, GH) + penalty };
}

/** A factor no row uses any more (its H row all zero) starts again from a row of this batch, seeded,
 *  and what the statistics held of it is forgotten. Returns how many were re-seeded. */
function reseedDead(m: Model, X: Matrix, k: number, kp: number): number {
  const Ht = m.Ht!,
    cols = X.cols;
  let count = 0;
  for (let t = 0; t < k; t++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Ht[j * kp + t];
    if (sum > 0) continue;
    const i = m.rng.nextUint32() % X.rows;
    if (X.kind === 'csr') for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) Ht[X.indices[q] * kp + t] = X.data[q];
    else for (let j = 0; j < cols; j++) Ht[j * kp + t] = X.data[i * cols + j];
    m.stats.clearFactor(t);
    count++;
  }
  return count;
}

/** The last pass: each batch's W with H fixed, handed out, and F's data part summed exactly. */
async function finalPass(
  source: BatchSource,
  backend: Awaited<ReturnType<typeof getBackend>>,
  hostHt: Float32Array,
  H: Dense,
  o: ResolvedOptions,
  k: number,
  kp: number,
  s: StreamOptions,
  onRows: StreamHooks['onRows'],
  progress: (rows: number, F: number) => void,
): Promise<{ objective: number; rows: number; columnSums: Float64Array }> {
  let objective = 0,
    rows = 0;
  const columnSums = new Float64Array(k);
  for await (const X of source.pass(s.epochs)) {
    const stats = dataStats(X);
    const W = await exclusive(backend, async () => {
      const bound = await backend.bind(X);
      try {
        const Ht = bound.alloc(X.cols, kp);
        await bound.write(Ht, hostHt);
        // the final W gets twice the sweeps: it is what the document-topic table shows
        const solved = await solveW(bound, Ht, o, k, kp, 2 * s.sweeps, stats.normX2, stats.mean);
        objective += solved.objective;
        const padded = solved.W instanceof HostBuf ? solved.W.view : await bound.read(solved.W);
        const out = dense(X.rows, k);
        for (let i = 0; i < X.rows; i++)
          for (let t = 0; t < k; t++) {
            const v = finite(padded[i * kp + t]);
            out.data[i * k + t] = v;
            columnSums[t] += v;
          }
        return out;
      } finally {
        bound.dispose();
      }
    });
    await onRows?.({ W, X, first: rows, H });
    rows += X.rows;
    progress(rows, objective);
  }
  return { objective, rows, columnSums };
}
