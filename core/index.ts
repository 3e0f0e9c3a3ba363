// The engine's public API: core knows nothing of files, argv or stdout.
export * from './matrix.js';
export * from './errors.js';
export * from './options.js';
export * from './rules.js';
export * from './objective.js';
export * from './merge.js';
export * from './seeded.js';
export {
  factorize,
  factorizeRanks,
  sweepRanks,
  SWEEP_MAX_ITER,
  transform,
  type Fit,
  type FitHooks,
  type Observed,
  type RankFit,
  type SweepProgress,
  type SweepHooks,
  type Transformed,
} from './factorize.js';
export type { HeldOut, HeldOutPart, Mask } from './mask.js';
export { HELDOUT_FOLDS } from './mask.js';
export type { Progress, RunReport } from './restarts.js';
export { Random } from './random.js';
export { symmetricEigen } from './svd.js';
export type {
  Backend,
  BoundMatrix,
  Buf,
  Denominator,
  DeviceName,
  GradientTerms,
  FactorSums,
  Side,
  Transfers,
} from './backends/backend.js';
export { DEVICES } from './backends/devices.js';
export {
  autoDevice,
  denseStorage,
  getBackend,
  probeLogs,
  GPU_MIN_WORK,
  probeDevices,
  releaseBackends,
  type AdapterInfo,
  type DeviceChoice,
  type DeviceProbe,
} from './backends/registry.js';
export { SOFTWARE_OPT_IN } from './backends/gpujs/webgpu.js';
export * from './stream/index.js';
export * from './memory.js';
export {
  factorizeDistributed,
  openMpi,
  SOLO,
  type Communicator,
  type DistributedFit,
  type RowShard,
} from './distributed/index.js';
export type { RestartsHooks, RestartsState, RunState } from './restarts.js';
