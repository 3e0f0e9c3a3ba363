// Loader benchmarks against their peers on the same files, each load in a fresh process:
// the full SpamAssassin corpus → tf-idf (scikit-learn's TfidfVectorizer) and 10,000 MNIST PNGs → X
// (Pillow + NumPy). Each side runs twice and keeps its best, so both read from a warm file cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spamAssassin, writeDigits, writeEmails } from './datasets.js';

interface Load { seconds: number; rows: number; cols: number; nnz: number; maxRssMB: number }

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
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE;
try {
  process.stderr.write('writing the SpamAssassin corpus and 10,000 MNIST digits…\n');
  writeEmails(join(dir, 'spam'), spamAssassin());
  await writeDigits(join(dir, 'digits'), Infinity); // all 10,000
  const rows = [['load', 'latent s', 'latent peak MB', 'peer', 'peer s', 'ratio (ours/peer)', 'shape (ours; peer)']];
  for (const [kind, name, peer] of [['text', 'SpamAssassin 6,046 emails → tf-idf', 'sklearn TfidfVectorizer'], ['images', 'MNIST 10,000 PNGs → X', 'Pillow + NumPy']]) {
    const root = join(dir, kind === 'text' ? 'spam' : 'digits');
    const ours = best(process.execPath, [here('./load-one.js'), kind, root]);
    const theirs = best('/usr/bin/python3', [here('../../bench/peer_loaders.py'), kind, root], env);
    const fmt = (r: Load | string) => (typeof r === 'string' ? `failed: ${r}` : r.seconds.toFixed(2));
    const shape = (r: Load | string) => (typeof r === 'string' ? '?' : `${r.rows}×${r.cols}, ${r.nnz} nnz`);
    rows.push([name, fmt(ours), typeof ours === 'string' ? '' : ours.maxRssMB.toFixed(0), peer, fmt(theirs),
      typeof ours === 'string' || typeof theirs === 'string' ? '' : (ours.seconds / theirs.seconds).toFixed(2), `${shape(ours)}; ${shape(theirs)}`]);
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
  const theirs = timed('/usr/bin/python3', [here('../../bench/peer_loaders.py'), 'topics', join(dir, 'spam')], env);
  rows.push(['whole job: 20 topics of SpamAssassin (tf-idf + NMF)', ours.toFixed(2), '', 'sklearn Tfidf + NMF(cd)', theirs.toFixed(2), (ours / theirs).toFixed(2), 'process wall time, including start-up']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd() + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
