// Loader benchmarks against their peers on the same files, each load in a fresh process:
// the full SpamAssassin corpus → tf-idf (scikit-learn's TfidfVectorizer) and 10,000 MNIST PNGs → X
// (Pillow + NumPy). Each side runs twice and keeps its best, so both read from a warm file cache.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../core/index.js';
import { spamAssassin, writeDigits, writeEmails } from './datasets.js';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';

interface Load {
  seconds: number;
  rows: number;
  cols: number;
  nnz: number;
  maxRssMB: number;
}

function best(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Load | string {
  let out: Load | null = null;
  for (let i = 0; i < 2; i++) {
    const run = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 20 });
    if (run.status !== 0) return (run.stderr || run.error?.message || 'failed').trim().split('\n').at(-1)!;
    const r = JSON.parse(run.stdout) as Load;
    if (!out || r.seconds < out.seconds) out = r;
  }
  return out!;
}

const dir = mkdtempSync(join(tmpdir(), 'latent-loaders-'));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Lines to a file, with back-pressure. */
async function writeLines(path: string, lines: () => Generator<string>): Promise<void> {
  const out = createWriteStream(path);
  let chunk: string[] = [];
  for (const line of lines()) {
    chunk.push(line);
    if (chunk.length === 10000) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  if (chunk.length) out.write(chunk.join('\n') + '\n');
  await new Promise<void>((r) => out.end(() => r()));
}

/** rows × cols with `perRow` entries in each row, columns in order (as scipy's mmwrite writes CSR). */
function writeMatrixMarket(path: string, rows: number, cols: number, perRow: number): Promise<void> {
  const r = new Random(7);
  return writeLines(path, function* () {
    yield '%%MatrixMarket matrix coordinate real general';
    yield `${rows} ${cols} ${rows * perRow}`;
    for (let i = 1; i <= rows; i++) {
      const js = new Set<number>();
      while (js.size < perRow) js.add(1 + Math.floor(r.uniform() * cols));
      for (const j of [...js].sort((a, b) => a - b)) yield `${i} ${j} ${(r.uniform() * 10).toPrecision(6)}`;
    }
  });
}

/** rows × cols, a fifth of the values nonzero with four decimals (like scaled pixels). */
function writeCsv(path: string, rows: number, cols: number): Promise<void> {
  const r = new Random(3);
  return writeLines(path, function* () {
    for (let i = 0; i < rows; i++)
      yield Array.from({ length: cols }, () => (r.uniform() < 0.8 ? '0' : r.uniform().toFixed(4))).join(',');
  });
}
const env = peerEnv();
try {
  process.stderr.write('writing the SpamAssassin corpus and 10,000 MNIST digits…\n');
  writeEmails(join(dir, 'spam'), spamAssassin());
  await writeDigits(join(dir, 'digits'), Infinity); // all 10,000
  const rows = [
    ['load', 'latent s', 'latent peak MB', 'peer', 'peer s', 'peer peak MB', 'ratio (ours/peer)', 'shape (ours; peer)'],
  ];
  process.stderr.write('writing a 100000 × 50000 MatrixMarket file of 10,000,000 entries and a 60000 × 784 CSV…\n');
  await writeMatrixMarket(join(dir, 'big.mtx'), 100000, 50000, 100);
  await writeCsv(join(dir, 'big.csv'), 60000, 784);
  for (const [kind, name, peer, file] of [
    ['text', 'SpamAssassin 6,046 emails → tf-idf', 'sklearn TfidfVectorizer', 'spam'],
    ['images', 'MNIST 10,000 PNGs → X', 'Pillow + NumPy', 'digits'],
    ['matrix', 'MatrixMarket 100000×50000, 10M entries', 'scipy.io.mmread (.tocsr())', 'big.mtx'],
    ['matrix', 'CSV 60000×784, 141 MB', 'numpy.loadtxt (float32)', 'big.csv'],
  ]) {
    const root = join(dir, file);
    const ours = best(process.execPath, [here('./load-one.js'), kind, root]);
    const theirs = best(
      PYTHON,
      [peerScript('peer_loaders.py'), kind === 'matrix' ? (file.endsWith('.mtx') ? 'mtx' : 'csv') : kind, root],
      env,
    );
    const fmt = (r: Load | string) => (typeof r === 'string' ? `failed: ${r}` : r.seconds.toFixed(2));
    const shape = (r: Load | string) => (typeof r === 'string' ? '?' : `${r.rows}×${r.cols}, ${r.nnz} nnz`);
    rows.push([
      name,
      fmt(ours),
      typeof ours === 'string' ? '' : ours.maxRssMB.toFixed(0),
      peer,
      fmt(theirs),
      typeof theirs === 'string' ? '' : theirs.maxRssMB.toFixed(0),
      typeof ours === 'string' || typeof theirs === 'string' ? '' : (ours.seconds / theirs.seconds).toFixed(2),
      `${shape(ours)}; ${shape(theirs)}`,
    ]);
  }
  // the whole job from the shell: `latent topics` on the corpus, against the same job in scikit-learn
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const timed = (command: string, args: string[], e: NodeJS.ProcessEnv = process.env) => {
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const start = performance.now();
      const run = spawnSync(command, args, { encoding: 'utf8', env: e, maxBuffer: 1 << 24 });
      if (run.status !== 0) return NaN;
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    return best;
  };
  const ours = timed(process.execPath, [cli, 'topics', join(dir, 'spam'), '-k', '20', '-q']);
  const theirs = timed(PYTHON, [peerScript('peer_loaders.py'), 'topics', join(dir, 'spam')], env);
  rows.push([
    'whole job: 20 topics of SpamAssassin (tf-idf + NMF)',
    ours.toFixed(2),
    '',
    'sklearn Tfidf + NMF(cd)',
    theirs.toFixed(2),
    '',
    (ours / theirs).toFixed(2),
    'process wall time, including start-up',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    process.stdout.write(
      r
        .map((v, i) => v.padEnd(widths[i]))
        .join('  ')
        .trimEnd() + '\n',
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
