// Fits that never hold X whole: online NMF over row batches, and the statistics it shares with the
// distributed fit.
export * from './online.js';
export * from './options.js';
export * from './statistics.js';
export * from './in-memory.js';
export * from './transform.js';
