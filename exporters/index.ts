// Exporters turn a fit and the loader's metadata into what people look at; they know nothing of solvers.
export * from './atomic.js';
export * from './tables.js';
export * from './json-pieces.js';
export * from './transform-output.js';
export * from './topics.js';
export * from './coherence.js';
export * from './coefficients.js';
export * from './factors.js';
export * from './images.js';
export * from './model.js';
export * from './encoded-matrix.js';
export * from './report/index.js';
export * from './rank.js';
export * from './completed.js';
export * from './groups.js';
export * from './interop.js';
