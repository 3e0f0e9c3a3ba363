// What topics and factorize share across ranks: the fit with rank 0's progress and the checkpoint
// hooks, and the model file, which holds H and W's column sums (W itself is in the ranks' shards).
import type { DistributedFit, Matrix, RestartsHooks } from '../../core/index.js';
import { dense, factorizeDistributed, padRank, usageError } from '../../core/index.js';
import type { ModelCoherence, OutputBatch } from '../../exporters/index.js';
import { modelJson } from '../../exporters/index.js';
import type { Columns } from '../../loaders/index.js';
import type { FactorizationArgs } from '../options.js';
import { progressReporter } from '../progress.js';
import { VERSION } from '../version.js';
import { checkpointEvery, readCheckpoint } from './checkpoint.js';
import type { RankJob } from './job.js';

export interface DistributedArgs {
  checkpoint?: string;
  resume?: boolean;
  checkpointEvery: number;
}

/** Fit this rank's block of X with every other rank's; `fingerprint`: what a checkpoint must share. */
/** What each rank held: its rows, the bytes of its X and W, its peak resident memory. */
export interface RankFigures {
  rank: number;
  rows: number;
  xBytes: number;
  wBytes: number;
  peakBytes: number;
}

export async function fitAcrossRanks(
  X: Matrix,
  a: FactorizationArgs & DistributedArgs,
  job: RankJob,
  fingerprint: Record<string, unknown>,
): Promise<{ fit: DistributedFit; columnSums: Float64Array; ranks: RankFigures[] }> {
  const { comm, ui } = job;
  if (a.resume && !a.checkpoint) throw usageError('--resume continues from --checkpoint DIR: name the folder');
  const hooks: RestartsHooks = {};
  if (a.checkpoint)
    hooks.onIteration = checkpointEvery(a.checkpoint, a.checkpointEvery, comm, { ...fingerprint, ranks: comm.size });
  if (a.resume)
    hooks.from = await readCheckpoint(
      a.checkpoint!,
      comm,
      { ...fingerprint, ranks: comm.size },
      X.rows,
      X.cols,
      padRank(a.k),
    );
  const progress = progressReporter(ui.progress);
  let fit: DistributedFit;
  try {
    fit = await factorizeDistributed(X, comm, a, progress.onProgress, hooks);
  } finally {
    progress.end();
  }
  // every rank's W column sums: the topics' shares
  const k = fit.W.cols,
    columnSums = new Float64Array(k);
  for (let i = 0; i < fit.W.rows; i++) for (let t = 0; t < k; t++) columnSums[t] += fit.W.data[i * k + t];
  await comm.allSum(columnSums);
  const xBytes = X.kind === 'csr' ? X.data.byteLength + X.indices.byteLength + X.indptr.byteLength : X.data.byteLength;
  const mine = new Float64Array([X.rows, xBytes, fit.W.data.byteLength, process.resourceUsage().maxRSS * 1024]);
  const all = await comm.allGather(mine);
  const ranks = Array.from({ length: comm.size }, (_, r) => ({
    rank: r,
    rows: all[4 * r],
    xBytes: all[4 * r + 1],
    wBytes: all[4 * r + 2],
    peakBytes: all[4 * r + 3],
  }));
  ui.detail(
    `factorized ${fit.totalRows} rows on ${comm.size} ranks (${fit.deviceDescription} on rank 0) in ` +
      `${fit.seconds.toFixed(2)} s: F ${fit.objective.toPrecision(6)}, ${fit.iterations} iterations, ` +
      `${fit.converged ? 'converged' : 'not converged'}; ${(fit.payloadBytes / 2 ** 20).toFixed(1)} MiB through ` +
      `collectives on rank 0`,
  );
  return { fit, columnSums, ranks };
}

/** Rank 0's model file: H, the loader, and W's column sums in W's place (as a streamed fit's). */
export async function saveDistributedModel(
  batch: OutputBatch,
  path: string | undefined,
  fit: DistributedFit,
  columnSums: Float64Array,
  columns: Columns,
  coherence?: ModelCoherence,
): Promise<void> {
  if (!path) return;
  const like = { ...fit, W: dense(1, fit.W.cols, Float32Array.from(columnSums)) };
  await batch.write(path, modelJson(like, columns, [], VERSION, coherence, { rows: fit.totalRows }));
}

/** The run as JSON documents report it, with the ranks. */
export function distributedSummary(fit: DistributedFit, ranks: RankFigures[]) {
  return {
    options: fit.options,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
    device: fit.device,
    seconds: fit.seconds,
    best: fit.best + 1,
    restarts: fit.restarts,
    distributed: { ranks: fit.ranks, rows: fit.totalRows, collectiveBytesRank0: fit.payloadBytes, perRank: ranks },
  };
}
