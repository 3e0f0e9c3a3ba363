// Loaders turn real inputs into core's matrices plus what the exporters need; they know nothing of solvers.
export * from './dataset.js';
export * from './images.js';
export * from './text/index.js';
export * from './matrix/index.js';
export { listFiles } from './walk.js';
export * from './source-kind.js';
export { csvInput, csvProblem } from './csv-input.js';
export { decodeText, MAX_LINE_BYTES, numberedLines, readLabels, readWords } from './lines.js';
export * from './saved-settings.js';
