// The HTML report: one self-contained page from the same result objects the other exporters use.
// Sections by kind of run: topics (text), components (matrices, shown like topics), basis images, and a
// rank sweep's choice of k.
export { escapeHtml, html, Html, trusted } from './html.js';
export type { RunRecord } from './page.js';
export { reportPage } from './page.js';
export { COMPONENT_COLUMNS, TOPIC_WORDS, topicsBody } from './topics.js';
export type { FactorWords } from './topics.js';
export { basisBody, imagesBody } from './images.js';
export { groupsSection } from './groups.js';
export type { ImagesReport } from './images.js';
export { cosineSimilarity } from './charts.js';
export { rankBody } from './rank.js';
export type { SweepRecord } from './rank.js';
