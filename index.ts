// latent as a library: the API a user needs, each name below with what it is for. Everything else
// (devices' kernels, the loaders' readers, the exporters' table machinery) is internal: bench/ and
// test/ import it by path, and it may change without notice.

// ── The engine (core/): X ≈ W·H ─────────────────────────────────────────────────────────────────────
/** Fit a factorization; fit several k on X bound once; W for new rows with H fixed. */
export { factorize, factorizeRanks, sweepRanks, transform } from './core/index.js';
export type {
  Fit,
  FitHooks,
  SweepHooks,
  Observed,
  RankFit,
  SweepProgress,
  Transformed,
  Progress,
  RunReport,
  HeldOut,
  Mask,
} from './core/index.js';
/** The options, their table (each one's rule, default and meaning) and their check. */
export { FACTORIZE_OPTIONS, OPTION_NAMES, resolveOptions, checkOption } from './core/index.js';
export type { FactorizeOptions, ResolvedOptions, Loss, Method, Init } from './core/index.js';
/** The matrices every part shares, and dense storage a fit reads in place. */
export { dense, csr, nnz, toDense, toCsr, transpose, rowSlice, plainStorage } from './core/index.js';
export type { Dense, Csr, Matrix, DenseStorage } from './core/index.js';
/** F straight from its definition: to score factors from anywhere. */
export { objective } from './core/index.js';
export type { Penalties } from './core/index.js';
/** The one error class: `kind` usage or data, a message naming the thing and the fix. */
export { LatentError, dataError, usageError } from './core/index.js';
/** The devices: what is there, which `auto` picks, a block of the CPU device's memory, releasing them. */
export { DEVICES, autoDevice, probeDevices, denseStorage, releaseBackends } from './core/index.js';
export type { DeviceName, DeviceChoice, DeviceProbe } from './core/index.js';
/** The seeded generator every random choice comes from. */
export { Random } from './core/index.js';
/** Online NMF over batches of rows (a corpus of any size), and the fit across MPI ranks. */
export { factorizeStream, batchesOf, STREAM_OPTIONS, factorizeDistributed, openMpi, SOLO } from './core/index.js';
export type {
  BatchSource,
  StreamFit,
  StreamOptions,
  StreamProgress,
  StreamState,
  Communicator,
  DistributedFit,
  RowShard,
} from './core/index.js';

// ── Loaders (loaders/): real inputs → X and what the exporters need ────────────────────────────────
/** Text (folders, lines, CSV/TSV, JSONL, Parquet, stdin; gzip), images, matrix files; and new data
 *  loaded the way a model's was. */
export {
  loadText,
  loadTextLike,
  textSourceFor,
  streamSource,
  loadImages,
  loadImagesLike,
  loadMatrix,
} from './loaders/index.js';
export type {
  Dataset,
  Columns,
  TextSource,
  TextSourceSpec,
  VectorizeOptions,
  TextModel,
  ImageOptions,
  ImageSettings,
  MatrixOptions,
  LoaderEvents,
} from './loaders/index.js';
/** A corpus read pass after pass for the streaming fit, and one rank's share of it. */
export { countVocabulary, textBatches, shareOf } from './loaders/index.js';

// ── Measures (evaluate/): how good, how stable, which k ────────────────────────────────────────────
export {
  stability,
  rankRow,
  rankVerdict,
  recommendRank,
  RANK_RULE,
  topicsByGroup,
  groupTables,
  topicHierarchy,
  jensenShannon,
} from './evaluate/index.js';
export type { RankRow, RankVerdict, Group, GroupTable } from './evaluate/index.js';

// ── Exporters (exporters/): what people read ───────────────────────────────────────────────────────
/** Topics (top words, shares), their coherence, the document-topic table, tables in every format. */
export {
  topicsOf,
  topicsText,
  topicsTable,
  withCoherence,
  coherence,
  coefficientRows,
  coefficientsTable,
  formatTable,
  tableChunks,
} from './exporters/index.js';
export type { Topic, Table, RowTable, TableFormat } from './exporters/index.js';
/** The model file: written, read back and checked. */
export { modelJson, readModel } from './exporters/index.js';
export type { Model } from './exporters/index.js';
/** Files written whole or not at all; the HTML report; pyLDAvis's input and the topic-word matrix. */
export { OutputBatch, writeAtomic, reportPage, pyLdavisInput, topicWordMatrix } from './exporters/index.js';
