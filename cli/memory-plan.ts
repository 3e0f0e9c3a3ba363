// Memory planned before loading: the job's peak estimated from its input, checked against what this
// machine (or its cgroup, or --max-memory) allows, and refused in one line that names the estimate,
// the limit and --stream — never a heap abort after an hour.
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { Shape } from '../core/index.js';
import { fitBytes, streamBytes, sweepBytes, sweepKernelBytes, usageError, dataError } from '../core/index.js';
import type { CorpusEstimate } from '../loaders/index.js';

/** What Node, the kernels' pool and the libraries take before any data (measured: about 150 MB). */
const BASE_BYTES = 200e6;
/** Bytes per document on V8's heap while loading: its id and the bookkeeping around it. */
const HEAP_BYTES_PER_DOCUMENT = 60;

export const gb = (bytes: number): string =>
  bytes < 1e9 ? `${Math.ceil(bytes / 1e6)} MB` : `${(bytes / 1e9).toFixed(1)} GB`;

/** The memory a job may use: --max-memory, else the machine's, else its cgroup's limit when lower. */
export function memoryLimit(maxMemory?: string): number {
  if (maxMemory !== undefined) return parseSize(maxMemory);
  let limit = totalmem();
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const v = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(v) && v > 0) limit = Math.min(limit, v);
    } catch {
      /* no such limit here */
    }
  }
  return limit;
}

/** "8G", "512M", "2.5GB", "1e9": bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  const bytes = m ? Number(m[1]) * 1024 ** 'bkmgt'.indexOf((m[2] || 'b').toLowerCase()) : NaN;
  if (!(bytes > 0)) throw usageError(`--max-memory "${text}": write a size such as 8G, 512M or 2.5GB`);
  return bytes;
}

/** A batch text job's peak: the larger of loading (the counts, token streams and X built beside each
 *  other) and fitting (X, its bound copies, the token streams for coherence, the factors). */
export function textJobBytes(e: CorpusEstimate, cols: number, k: number, coherence: boolean): number {
  const X: Shape = { rows: e.documents, cols, entries: e.entries, dense: false };
  const tokens = coherence ? 4 * e.tokens : 0;
  const fitting = 8 * e.entries + tokens + fitBytes(X, k);
  return BASE_BYTES + HEAP_BYTES_PER_DOCUMENT * e.documents + Math.max(loadingBytes(e, coherence), fitting);
}

/** A corpus's loading peak beside the base: the counts and X built beside each other, and the token
 *  streams (twice while they grow) when coherence keeps them. */
const loadingBytes = (e: CorpusEstimate, tokens: boolean): number =>
  16 * e.entries + (tokens ? 8 * e.tokens : 0) + 4 * e.documents;

/** The vocabulary is not known before loading: a corpus's columns are bounded by its distinct terms,
 *  which only X's entries and the factor Hᵀ (cols × k) depend on, so 10⁵ terms stands in. */
const ESTIMATED_TERMS = 100_000;

/** Where an estimate comes from, for a refusal's line. */
const estimateText = (e: CorpusEstimate): string =>
  `(${e.documents.toLocaleString('en')} documents estimated from its ${gb(e.bytes)} and a sample of ${e.sampled})`;

/** What the CPU kernels can address: WebAssembly's 32-bit memory (4 GiB), less what the pool keeps. */
const KERNEL_MEMORY = 4 * 2 ** 30 - 256e6;

/** Refuse a batch text job that will not fit, in one line; `name` is the source as the user gave it.
 *  `kernels`: the fit will run on the CPU kernels, whose memory holds X and the factors. */
export function checkTextJob(
  name: string,
  e: CorpusEstimate | null,
  k: number,
  coherence: boolean,
  limit: number,
  batchSize: number,
  kernels = true,
): void {
  if (!e) return;
  const cols = ESTIMATED_TERMS;
  const need = textJobBytes(e, cols, k, coherence);
  const kernelNeed = fitBytes(estimatedShape(e), k);
  const perDoc = e.entries / e.documents;
  const stream =
    BASE_BYTES + streamBytes({ rows: batchSize, cols, entries: Math.ceil(perDoc * batchSize), dense: false }, k, 1);
  if (kernels && kernelNeed > KERNEL_MEMORY && need <= limit) {
    throw dataError(
      `${name}: its matrix and factors need about ${gb(kernelNeed)} ${estimateText(e)}, past the 4 GiB the CPU ` +
        `kernels can address: use --stream, which needs about ${gb(stream)}`,
    );
  }
  if (need <= limit) return;
  throw dataError(
    `${name}: fitting it in memory needs about ${gb(need)} ${estimateText(e)}, over the ${gb(limit)} this machine ` +
      'allows: ' +
      (stream <= limit
        ? `use --stream, which needs about ${gb(stream)}`
        : `even --stream needs about ${gb(stream)} (less with a smaller --batch-size)`) +
      ', or --max-memory if more is free',
  );
}

/** What a rank sweep is asked to do: X's shape and, before a corpus is loaded, the estimate it comes
 *  from; the largest k, the restarts, the share held out; the tokens kept for coherence. */
export interface SweepPlan {
  X: Shape;
  estimate?: CorpusEstimate;
  k: number;
  restarts: number;
  holdout: number;
  tokens: number;
  /** X's rows are documents, each with an id and bookkeeping on V8's heap. */
  documents: boolean;
  /** The sweep runs on the CPU kernels, whose memory holds the bound X and the factors. */
  kernels: boolean;
}

/** A corpus's shape as estimated before loading. */
export const estimatedShape = (e: CorpusEstimate): Shape => ({
  rows: e.documents,
  cols: ESTIMATED_TERMS,
  entries: e.entries,
  dense: false,
});

/** Refuse a rank sweep that will not fit, in one line: before loading a corpus (from its estimate, the
 *  loading's peak counted too) or once X is loaded, before any k is fitted. */
export function checkSweep(name: string, p: SweepPlan, limit: number): void {
  const { X, estimate: e } = p;
  const loaded = (X.dense ? 4 : 8) * X.entries + 4 * X.rows;
  const fitting = loaded + 4 * p.tokens + sweepBytes(X, p.k, p.restarts, p.holdout);
  const need =
    BASE_BYTES +
    (p.documents ? HEAP_BYTES_PER_DOCUMENT * X.rows : 0) +
    Math.max(e ? loadingBytes(e, p.tokens > 0) : 0, fitting);
  const kernelNeed = sweepKernelBytes(X, p.k);
  const what = e
    ? estimateText(e)
    : `(${X.rows.toLocaleString('en')} × ${X.cols.toLocaleString('en')}, ` +
      `${X.dense ? 'dense' : `${X.entries.toLocaleString('en')} nonzeros`})`;
  const fix = `sweep a sample of its rows, a smaller largest k or fewer --restarts`;
  if (p.kernels && kernelNeed > KERNEL_MEMORY && need <= limit)
    throw dataError(
      `${name}: a rank sweep to k = ${p.k} needs about ${gb(kernelNeed)} in the CPU kernels ${what}, past the ` +
        `4 GiB they can address: ${fix}`,
    );
  if (need > limit)
    throw dataError(
      `${name}: a rank sweep to k = ${p.k} with ${p.restarts} restarts needs about ${gb(need)} ${what}, over the ` +
        `${gb(limit)} this machine allows: ${fix}, or --max-memory if more is free`,
    );
}
