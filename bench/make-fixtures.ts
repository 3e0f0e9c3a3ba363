// Regenerates fixtures/ from devDependencies: node dist/bench/make-fixtures.js
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Random } from '../core/index.js';
import { body, spamAssassin, writeDigits, writeEmails } from './datasets.js';
import { writeUnspaced } from './unspaced-fixtures.js';

const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
for (const d of ['emails', 'digits']) rmSync(join(root, d), { recursive: true, force: true });

// 300 emails, evenly across ham and spam, bodies only (the headers would be most of every topic)
writeEmails(join(root, 'emails'), spamAssassin(300), body);
await writeDigits(join(root, 'digits'), 30);

// a small nonnegative matrix of rank 3 plus noise, as CSV (with header and row labels) and MatrixMarket
mkdirSync(join(root, 'matrix'), { recursive: true });
const r = new Random(5);
const rows = 24,
  cols = 10,
  k = 3;
const W = Array.from({ length: rows * k }, () => (r.uniform() < 0.5 ? 0 : r.uniform()));
const H = Array.from({ length: k * cols }, () => (r.uniform() < 0.5 ? 0 : r.uniform() * 3));
const X = Array.from({ length: rows * cols }, (_, q) => {
  const i = Math.floor(q / cols),
    j = q % cols;
  let s = 0;
  for (let t = 0; t < k; t++) s += W[i * k + t] * H[t * cols + j];
  return s === 0 ? 0 : Math.round((s + 0.05 * r.uniform()) * 1000) / 1000;
});
const names = Array.from({ length: cols }, (_, j) => `c${j + 1}`);
const csv = [
  ['id', ...names].join(','),
  ...Array.from({ length: rows }, (_, i) => [`r${i + 1}`, ...X.slice(i * cols, (i + 1) * cols)].join(',')),
];
writeFileSync(join(root, 'matrix', 'small.csv'), csv.join('\n') + '\n');
const entries = X.flatMap((v, q) => (v === 0 ? [] : [`${Math.floor(q / cols) + 1} ${(q % cols) + 1} ${v}`]));
writeFileSync(
  join(root, 'matrix', 'small.mtx'),
  [
    '%%MatrixMarket matrix coordinate real general',
    '% fixtures/matrix/small.csv, sparse',
    `${rows} ${cols} ${entries.length}`,
    ...entries,
  ].join('\n') + '\n',
);
writeFileSync(join(root, 'matrix', 'small.labels.txt'), names.join('\n') + '\n');

// Chinese and Japanese paragraphs of Vim's tutor, for the segmentation of unspaced scripts
writeUnspaced(root);
