// Running the built binary under mpirun, for the distributed tests; where Open MPI or latent's binding
// is missing, `mpiMissing` says why and those tests skip.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BIN } from '../cli/run.js';

const ADDON = fileURLToPath(new URL('../../../native/mpi/build/Release/latent_mpi.node', import.meta.url));

/** Why the MPI tests cannot run here, or null. */
export const mpiMissing: string | null =
  spawnSync('mpirun', ['--version']).status !== 0
    ? 'mpirun not found (apt-get install openmpi-bin libopenmpi-dev)'
    : !existsSync(ADDON)
      ? 'the MPI binding is not built (npm run build:mpi)'
      : null;

/** mpirun's environment: as root it must be told it may run. */
export const MPI_ENV = {
  ...process.env,
  OMPI_ALLOW_RUN_AS_ROOT: '1',
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  OMPI_MCA_rmaps_base_oversubscribe: '1',
};

export interface MpiRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `mpirun -np P latent ARGS`, to its end; `mpirunArgs` go before the command (a hostfile). */
export function mpiLatent(
  np: number,
  args: string[],
  mpirunArgs: string[] = [],
  wrap: string[] = [],
): Promise<MpiRun> & { pid: () => number | undefined } {
  const child = spawn(
    wrap[0] ?? 'mpirun',
    [
      ...wrap.slice(1),
      ...(wrap.length ? ['mpirun'] : []),
      '--oversubscribe',
      '-np',
      String(np),
      ...mpirunArgs,
      process.execPath,
      BIN,
      ...args,
    ],
    { env: MPI_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '',
    stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<MpiRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })),
  );
  return Object.assign(done, { pid: () => child.pid });
}
