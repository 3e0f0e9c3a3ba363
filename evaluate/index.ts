// Measures of fits, between core and the exporters: how good, how stable, which k.
export * from './stability.js';
export * from './rank.js';
export * from './periods.js';
export * from './groups.js';
export * from './windows.js';
export * from './coherence-cv.js';
