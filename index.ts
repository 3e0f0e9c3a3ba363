// latent as a library: the engine, the loaders that make X, the exporters that write results.
export * from './core/index.js';
export * from './loaders/index.js';
export * from './evaluate/index.js';
export * from './exporters/index.js';
