// Dense data at k = 16, 50, 100 (issue 14): latent's hals per iteration next to scikit-learn's
// NMF(solver='cd') given float32 (its fastest path) and float64, in the same run, and where latent's
// iteration goes, operation by operation, in GFLOP/s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dense } from '../core/index.js';
import { dense, factorize, getBackend, padRank, Random, releaseBackends } from '../core/index.js';

const KS = [16, 50, 100];
const SHAPES: [number, number][] = [[10000, 784], [60000, 784]];

function uniform(rows: number, cols: number, seed: number): Dense {
  const r = new Random(seed);
  return dense(rows, cols, new Float32Array(rows * cols).map(() => r.uniform()));
}

/** latent's ms per iteration: from the end of the first iteration to the end of the last. */
async function latentMs(X: Dense, k: number, iterations: number): Promise<number> {
  const stamps: number[] = [];
  await factorize(X, { k, init: 'random', maxIter: iterations, tol: 0, device: 'webasm' }, (p) => { if (p.phase === 'iterate') stamps.push(performance.now()); });
  return (stamps.at(-1)! - stamps[0]) / (stamps.length - 1);
}

function sklearnMs(file: string, X: Dense, k: number, dtype: 'float32' | 'float64'): number | string {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE;
  const spec = { kind: 'dense', rows: X.rows, cols: X.cols, k, iterations: [3, 13], data: file, dtype };
  const run = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('../../bench/sklearn_nmf.py', import.meta.url)), JSON.stringify(spec)], { env, encoding: 'utf8' });
  if (run.status !== 0) return (run.stderr || run.error?.message || 'failed').trim().split('\n').at(-1)!;
  return (JSON.parse(run.stdout) as { msPerIter: number }).msPerIter;
}

/** ms and GFLOP/s of each operation of one hals iteration on the webasm device. */
async function operations(X: Dense, k: number): Promise<string[]> {
  const b = await (await getBackend('webasm')).bind(X);
  try {
    const kp = padRank(k), r = new Random(5);
    const W = b.alloc(X.rows, kp), Ht = b.alloc(X.cols, kp), XHt = b.alloc(X.rows, kp), XtW = b.alloc(X.cols, kp);
    const fill = (n: number) => { const a = new Float32Array(n * kp); for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) a[i * kp + t] = r.uniform(); return a; };
    await b.write(W, fill(X.rows)); await b.write(Ht, fill(X.cols));
    const time = async (f: () => Promise<unknown>) => { await f(); const s = performance.now(); for (let q = 0; q < 3; q++) await f(); return (performance.now() - s) / 3; };
    const GW = await b.gram(W), GH = await b.gram(Ht);
    const nm = X.rows * X.cols;
    const ops: [string, number, () => Promise<unknown>][] = [
      ['X·Hᵀ', 2 * nm * k, () => b.times('rows', Ht, XHt)],
      ['Xᵀ·W', 2 * nm * k, () => b.times('cols', W, XtW)],
      ['WᵀW', X.rows * k * k, () => b.gram(W)],
      ['HHᵀ', X.cols * k * k, () => b.gram(Ht)],
      ['hals W', 2 * X.rows * k * k, () => b.hals(W, XHt, GH, k, 0)],
      ['hals H', 2 * X.cols * k * k, () => b.hals(Ht, XtW, GW, k, 0)],
    ];
    const out: string[] = [];
    for (const [name, flops, f] of ops) { const ms = await time(f); out.push(`${name} ${ms.toFixed(1)} ms ${(flops / ms / 1e6).toFixed(1)} GF/s`); }
    return out;
  } finally {
    b.dispose();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'latent-dense-'));
const rows: string[][] = [['dense X', 'k', 'latent ms/iter', 'sklearn f32', 'sklearn f64', 'ratio to f32', 'ratio to f64']];
const ops: string[][] = [['dense X', 'k', 'where latent\'s iteration goes (webasm)']];
try {
  for (const [n, m] of SHAPES) {
    const X = uniform(n, m, 1);
    const file = join(dir, `dense-${n}.f32`);
    writeFileSync(file, X.data);
    for (const k of KS) {
      process.stderr.write(`${n}×${m}, k=${k}…\n`);
      const ours = await latentMs(X, k, 12);
      const f32 = sklearnMs(file, X, k, 'float32'), f64 = sklearnMs(file, X, k, 'float64');
      const ratio = (p: number | string) => (typeof p === 'number' ? (ours / p).toFixed(2) : '');
      const ms = (p: number | string) => (typeof p === 'number' ? p.toFixed(1) : `failed: ${p}`);
      rows.push([`${n}×${m}`, String(k), ours.toFixed(1), ms(f32), ms(f64), ratio(f32), ratio(f64)]);
      ops.push([`${n}×${m}`, String(k), (await operations(X, k)).join('; ')]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await releaseBackends();
}
for (const table of [rows, ops]) {
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  for (const r of table) process.stdout.write(r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd() + '\n');
  process.stdout.write('\n');
}
