// The Communicator over Open MPI: latent's small N-API binding (native/mpi), loaded only when a fit
// runs across ranks. Without Open MPI or the built binding, one line says what to install.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';
import type { Communicator } from './communicator.js';

interface Binding {
  init(): { rank: number; size: number; threaded: boolean; host: string };
  reduceSum(values: Float64Array, root: number, everyone: boolean): Promise<void>;
  broadcast(values: ArrayBufferView, root: number): Promise<void>;
  allgather(values: Float64Array, out: Float64Array): Promise<void>;
  allgatherv(bytes: Uint8Array, out: Uint8Array, counts: number[]): Promise<void>;
  barrier(): Promise<void>;
  abort(code: number): never;
  finalize(): void;
}

const ADDON = new URL('../../../native/mpi/build/Release/latent_mpi.node', import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let opened: (Communicator & { abort(code: number): never; finalize(): void }) | null = null;

/** This process's place in the MPI job (MPI_Init on the first call; a process started without mpirun
 *  is a job of one). */
export function openMpi(): Communicator & { abort(code: number): never; finalize(): void } {
  if (opened) return opened;
  let mpi: Binding;
  try {
    mpi = createRequire(import.meta.url)(fileURLToPath(ADDON)) as Binding;
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
        ? "latent's MPI binding is not built"
        : `the MPI binding does not load (${(e as Error).message.split('\n')[0]})`;
    throw usageError(
      `--distributed: ${why}: apt-get install openmpi-bin libopenmpi-dev, then npm run build:mpi in ${ROOT}`,
    );
  }
  const { rank, size, host } = mpi.init();
  let payload = 0;
  const comm = {
    rank,
    size,
    host,
    get payload() {
      return payload;
    },
    async allSum(values: Float64Array) {
      payload += 2 * values.byteLength;
      await mpi.reduceSum(values, 0, true);
    },
    async sumToRoot(values: Float64Array) {
      payload += values.byteLength;
      await mpi.reduceSum(values, 0, false);
    },
    async broadcast(values: Float32Array | Float64Array | Uint8Array) {
      payload += values.byteLength;
      await mpi.broadcast(values, 0);
    },
    async allGather(values: Float64Array) {
      const out = new Float64Array(values.length * size);
      payload += out.byteLength;
      await mpi.allgather(values, out);
      return out;
    },
    async allGatherBytes(bytes: Uint8Array) {
      const lengths = await comm.allGather(new Float64Array([bytes.length]));
      const counts = Array.from(lengths);
      const out = new Uint8Array(counts.reduce((a, b) => a + b, 0));
      payload += out.byteLength;
      await mpi.allgatherv(bytes, out, counts);
      const parts: Uint8Array[] = [];
      for (let r = 0, at = 0; r < size; at += counts[r], r++) parts.push(out.subarray(at, at + counts[r]));
      return parts;
    },
    barrier: () => mpi.barrier(),
    abort: (code: number) => mpi.abort(code),
    finalize: () => mpi.finalize(),
  };
  opened = comm;
  return comm;
}
