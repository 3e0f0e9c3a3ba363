// --checkpoint DIR for a run across ranks: every N iterations each rank writes its own state (its
// rows of W, the run's Hᵀ, the best run so far) to DIR/rank-R.it-N.bin; once all have, rank 0 writes
// DIR/state.json naming iteration N; only then are older files removed, so a rank killed at any moment
// leaves a whole checkpoint behind. --resume continues every rank from it to the same final H as a run
// never stopped (the state is the solver's whole state: W, Hᵀ, the iteration and the last F checked).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Communicator, RestartsHooks, RestartsState } from '../../core/index.js';
import { dataError, dense, usageError } from '../../core/index.js';

const STATE = 'state.json';

type Fingerprint = Record<string, unknown>;

interface StateFile {
  format: 'latent-distributed-checkpoint';
  version: 1;
  fingerprint: Fingerprint;
  ranks: number;
  tag: number;
  restart: number;
  runs: RestartsState['runs'];
  bestIndex: number;
  best: { report: RestartsState['runs'][number]; wRows: number; k: number; hCols: number } | null;
  state: { iteration: number; checked: number | null; firstViolation: number | null } | null;
}

/** The last checkpoint this process saw through, for the line a stopped rank writes. */
let saved: { dir: string; iteration: number } | null = null;
export const lastCheckpoint = () => saved;

const fileOf = (dir: string, rank: number, tag: number) => join(dir, `rank-${rank}.it-${tag}.bin`);

/** Arrays end to end, each as float32. */
const joined = (arrays: Float32Array[]) =>
  Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

const failed = (dir: string, e: unknown) =>
  dataError(`--checkpoint ${dir}: cannot write the checkpoint (${(e as Error).message}); choose another folder`);

/** The hook that writes a checkpoint every `every` iterations (every rank calls it alike). */
export function checkpointEvery(
  dir: string,
  every: number,
  comm: Communicator,
  fingerprint: Fingerprint,
): NonNullable<RestartsHooks['onIteration']> {
  let tag = 0;
  return async ({ iteration }, snapshot) => {
    if (iteration % every !== 0) return;
    const s = await snapshot();
    tag++;
    try {
      mkdirSync(dir, { recursive: true });
      const arrays = [s.state!.W, s.state!.Ht, ...(s.best ? [s.best.W.data, s.best.H.data] : [])];
      const file = fileOf(dir, comm.rank, tag);
      writeFileSync(`${file}.tmp`, joined(arrays));
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      throw failed(dir, e);
    }
    await comm.barrier();
    if (comm.rank === 0) {
      const state: StateFile = {
        format: 'latent-distributed-checkpoint',
        version: 1,
        fingerprint,
        ranks: comm.size,
        tag,
        restart: s.restart,
        runs: s.runs,
        bestIndex: s.bestIndex,
        best: s.best ? { report: s.best.report, wRows: s.best.W.rows, k: s.best.W.cols, hCols: s.best.H.cols } : null,
        state: {
          iteration: s.state!.iteration,
          checked: Number.isFinite(s.state!.checked) ? s.state!.checked : null,
          firstViolation: Number.isFinite(s.state!.firstViolation) ? s.state!.firstViolation : null,
        },
      };
      try {
        writeFileSync(join(dir, `${STATE}.tmp`), JSON.stringify(state));
        renameSync(join(dir, `${STATE}.tmp`), join(dir, STATE));
      } catch (e) {
        throw failed(dir, e);
      }
    }
    await comm.barrier();
    saved = { dir, iteration: s.state!.iteration };
    // the state names tag now: this rank's older files go
    for (const name of readdirSync(dir)) {
      const m = /^rank-(\d+)\.it-(\d+)\.bin$/.exec(name);
      if (m && Number(m[1]) === comm.rank && Number(m[2]) < tag) rmSync(join(dir, name), { force: true });
    }
  };
}

/** The state a checkpoint holds for this rank. `rows`, `cols` and `kp`: this rank's block of X and the
 *  factors' stride, to check the files against. */
export async function readCheckpoint(
  dir: string,
  comm: Communicator,
  fingerprint: Fingerprint,
  rows: number,
  cols: number,
  kp: number,
): Promise<RestartsState> {
  // rank 0 reads the state (the ranks may not share a disk) and every rank gets its bytes
  let text = new Uint8Array(0);
  if (comm.rank === 0) {
    try {
      text = readFileSync(join(dir, STATE));
    } catch {
      text = new Uint8Array(0);
    }
  }
  const size = new Float64Array([text.length]);
  await comm.broadcast(size);
  const bytes = comm.rank === 0 ? Uint8Array.from(text) : new Uint8Array(size[0]);
  await comm.broadcast(bytes);
  if (bytes.length === 0) throw dataError(`--resume: no checkpoint in ${dir}: run with --checkpoint ${dir} first`);
  const file = JSON.parse(Buffer.from(bytes).toString('utf8')) as StateFile;
  if (file.format !== 'latent-distributed-checkpoint')
    throw dataError(`--resume: ${join(dir, STATE)} is not a checkpoint of a distributed run`);
  if (file.ranks !== comm.size)
    throw usageError(
      `--resume: the checkpoint in ${dir} was written by ${file.ranks} ranks, this job has ${comm.size}: resume ` +
        `with mpirun -np ${file.ranks}`,
    );
  for (const key of Object.keys({ ...fingerprint, ...file.fingerprint })) {
    if (JSON.stringify(file.fingerprint[key]) !== JSON.stringify(fingerprint[key])) {
      throw usageError(
        `--resume: the checkpoint in ${dir} was written with ${key} ${JSON.stringify(file.fingerprint[key])}, ` +
          `this run has ${JSON.stringify(fingerprint[key])}: resume with the same settings`,
      );
    }
  }
  let raw: Buffer;
  try {
    raw = readFileSync(fileOf(dir, comm.rank, file.tag));
  } catch (e) {
    throw dataError(`--resume: rank ${comm.rank}'s part of the checkpoint is missing (${(e as Error).message})`);
  }
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let at = 0;
  const take = (n: number) => {
    const a = all.slice(at, at + n);
    at += n;
    return a;
  };
  const W = take(rows * kp),
    Ht = take(cols * kp);
  const best = file.best
    ? {
        W: dense(file.best.wRows, file.best.k, take(file.best.wRows * file.best.k)),
        H: dense(file.best.k, file.best.hCols, take(file.best.k * file.best.hCols)),
        report: file.best.report,
      }
    : null;
  if (at !== all.length)
    throw dataError(
      `--resume: rank ${comm.rank}'s part of the checkpoint in ${dir} does not match its share of the data (read ` +
        `the same input with the same ranks)`,
    );
  return {
    restart: file.restart,
    runs: file.runs,
    bestIndex: file.bestIndex,
    best,
    state: file.state
      ? {
          iteration: file.state.iteration,
          checked: file.state.checked ?? Infinity,
          firstViolation: file.state.firstViolation ?? Number.NaN,
          W,
          Ht,
        }
      : null,
  };
}
