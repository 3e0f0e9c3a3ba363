// One load in a process of its own, so that its peak memory is its own: prints JSON on stdout.
import { loadImages, loadMatrix, loadText } from '../loaders/index.js';

const [kind, root] = process.argv.slice(2);
const start = performance.now();
const d =
  kind === 'text'
    ? await loadText({ kind: 'folder', path: root }, { minDf: 2, maxDf: 0.95, maxTerms: 5000 })
    : kind === 'matrix'
      ? await loadMatrix(root)
      : await loadImages(root);
const seconds = (performance.now() - start) / 1000;
const nnz = d.X.kind === 'csr' ? d.X.data.length : d.X.data.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
process.stdout.write(
  JSON.stringify({ seconds, rows: d.X.rows, cols: d.X.cols, nnz, maxRssMB: process.resourceUsage().maxRSS / 1024 }) +
    '\n',
);
