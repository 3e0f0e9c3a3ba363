export type { Communicator } from './communicator.js';
export { SOLO } from './communicator.js';
export type { DistributedFit } from './factorize.js';
export { factorizeDistributed, shardOf } from './factorize.js';
export { openMpi } from './mpi.js';
export type { RowShard } from './shard.js';
export { ShardedMatrix } from './sharded-matrix.js';
