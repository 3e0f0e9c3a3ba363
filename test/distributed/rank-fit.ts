// Run by mpirun in the distributed tests (not a test file itself): every rank loads the same matrix,
// keeps its block of rows, and fits; rank 0 prints the fit as JSON on stdout.
import { createHash } from 'node:crypto';
import { factorizeDistributed, openMpi, rankBlock, rowSlice } from '../../core/index.js';
import { loadMatrix } from '../../loaders/index.js';

const [path, options] = [process.argv[2], JSON.parse(process.argv[3] ?? '{}')];
const comm = openMpi();
const data = await loadMatrix(path);
const [start, end] = rankBlock(data.X.rows, comm.rank, comm.size);
const fit = await factorizeDistributed(rowSlice(data.X, start, end), comm, options);
const W = await comm.allGatherBytes(new Uint8Array(fit.W.data.buffer));
if (comm.rank === 0) {
  const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  process.stdout.write(JSON.stringify({ objective: fit.objective, iterations: fit.iterations, H: Array.from(fit.H.data), hashH: hash(new Uint8Array(fit.H.data.buffer)), W: W.flatMap((b) => Array.from(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)))), payload: fit.payloadBytes, restarts: fit.restarts.map((r) => r.objective) }) + '\n');
}
comm.finalize();
