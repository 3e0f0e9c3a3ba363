// A command run as one rank of an MPI job (--distributed): the same argv on every rank, rank 0 the
// only one that writes to stdout or draws progress; a failure on any rank is one line naming that
// rank, and MPI_Abort ends every other (MPI is fail-stop).
import type { Communicator } from '../../core/index.js';
import { LatentError, openMpi } from '../../core/index.js';
import { EXIT_DATA, EXIT_USAGE } from '../fail.js';
import type { Ui } from '../progress.js';
import { makeUi } from '../progress.js';
import type { CommonArgs } from '../options.js';
import type { StreamSink } from '../stdout.js';
import { setInterruptNote } from '../interrupt-note.js';
import { lastCheckpoint } from './checkpoint.js';

export interface RankJob {
  comm: Communicator;
  ui: Ui;
  root: boolean;
}

/** Run `body` as this process's rank of the job; what it returns rank 0 writes to `stdout`. */
export async function runAsRank(
  flags: CommonArgs,
  body: (job: RankJob) => Promise<string | null>,
  stdout: StreamSink,
): Promise<void> {
  const mpi = openMpi();
  const root = mpi.rank === 0;
  const ui = makeUi(root ? flags : { ...flags, quiet: true });
  const where = `rank ${mpi.rank} of ${mpi.size} (${mpi.host})`;
  // mpirun ends the other ranks with SIGTERM when one dies: say which this is, and what is left
  setInterruptNote(() => {
    const saved = lastCheckpoint();
    const resume = saved ? `, --resume continues from iteration ${saved.iteration} in ${saved.dir}` : '';
    return (
      `latent: ${where} stopped: another rank of the MPI job failed or the job was interrupted (mpirun's message ` +
      `names which)${resume}`
    );
  });
  let out: string | null = null;
  try {
    out = await body({ comm: mpi, ui, root });
  } catch (e) {
    const message = e instanceof LatentError ? e.message : ((e as Error).stack ?? String(e));
    process.stderr.write(`latent: ${where}: ${message}\n`);
    mpi.abort(e instanceof LatentError && e.kind === 'usage' ? EXIT_USAGE : EXIT_DATA);
  }
  await mpi.barrier();
  if (root && out) await stdout(out);
  mpi.finalize();
}
