// Dense data at k = 16, 50, 100 (issue 14): latent's hals per iteration next to scikit-learn's
// NMF(solver='cd') given float32 (its fastest path) and float64, iterations taking turns in the same
// run; the seconds each needs to the same error; the peak memory of a fit, both tools; and where
// latent's iteration goes, operation by operation, in GFLOP/s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dense } from '../core/index.js';
import { dense, factorize, getBackend, padRank, Random, releaseBackends } from '../core/index.js';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';
import { PeerSteps } from './peer-steps.js';
import { alignedTable } from './results.js';

const KS = [16, 50, 100];
const SHAPES: [number, number][] = [
  [10000, 784],
  [60000, 784],
];

function uniform(rows: number, cols: number, seed: number): Dense {
  const r = new Random(seed);
  return dense(
    rows,
    cols,
    new Float32Array(rows * cols).map(() => r.uniform()),
  );
}

/** Rounds of paired iterations and iterations per round. */
const ROUNDS = 3,
  ITERATIONS = 20;
/** Seconds a peer waits after its iteration before it answers: OpenBLAS's threads spin for about 0.1 s
 *  after a call before they sleep, and latent's next iteration would share the cores with them. */
const SETTLE_S = 0.15;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** ms per iteration of latent and of scikit-learn given float32 and float64, their iterations taking
 *  turns (peer-steps.ts): latent's iteration, one of each peer's, latent's next. Medians over the rounds'
 *  iterations, the first of each left out (latent's holds binding X and the start). A peer that cannot
 *  run gives its reason. */
async function pairedMs(file: string, X: Dense, k: number): Promise<[number, number | string, number | string]> {
  const peers = (['float32', 'float64'] as const).map((dtype) => {
    try {
      return new PeerSteps({ rows: X.rows, cols: X.cols, k, data: file, dtype, settle: SETTLE_S });
    } catch (e) {
      return (e as Error).message;
    }
  });
  const samples: number[][] = [[], [], []];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) for (const p of peers) if (typeof p !== 'string') p.reset();
      let resumed = 0;
      await factorize(
        X,
        { k, init: 'random', maxIter: ITERATIONS, tol: 0, device: 'webasm' },
        {
          onProgress: (p) => {
            if (p.phase !== 'iterate') return;
            const now = performance.now();
            peers.forEach((peer, i) => {
              if (typeof peer !== 'string') {
                const ms = peer.step();
                if (resumed) samples[i + 1].push(ms);
              }
            });
            if (resumed) samples[0].push(now - resumed);
            resumed = performance.now();
          },
        },
      );
    }
  } finally {
    for (const p of peers) if (typeof p !== 'string') await p.close();
  }
  const [f32, f64] = peers.map((p, i) => (typeof p === 'string' ? p : median(samples[i + 1])));
  return [median(samples[0]), f32, f64];
}

/** A peer script run to its end: its JSON, or the last line it said on failing. */
function python(script: string, spec: object): { out?: any; error?: string } {
  const run = spawnSync(PYTHON, [peerScript(script), JSON.stringify(spec)], { env: peerEnv(), encoding: 'utf8' });
  if (run.status !== 0) return { error: (run.stderr || run.error?.message || 'failed').trim().split('\n').at(-1)! };
  return { out: JSON.parse(run.stdout) };
}

/** The peer's peak memory in a whole NMF(solver='cd').fit_transform of a few iterations. */
function sklearnPeakMB(file: string, X: Dense, k: number, dtype: 'float32' | 'float64'): number | undefined {
  const r = python('sklearn_nmf.py', {
    kind: 'dense',
    rows: X.rows,
    cols: X.cols,
    k,
    iterations: [2, 5],
    data: file,
    dtype,
  });
  return r.error ? undefined : (r.out as { maxRssMB: number }).maxRssMB;
}

/** latent's peak memory for a fit of 25 iterations, X read into denseStorage, in a process of its own. */
function latentPeak(file: string, X: Dense, k: number): { idleMB: number; maxRssMB: number } {
  const run = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./fit-peak.js', import.meta.url)), file, String(X.rows), String(X.cols), String(k), '25'],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`fit-peak failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Seconds for each tool to reach the larger of the two final F, both from a random start, max_iter and
 *  tol alike: latent's from its per-iteration reports, scikit-learn's from fits on a ladder of max_iter
 *  (the first rung at or below the target; a rung's time includes its start, as latent's does). */
async function timeToError(file: string, X: Dense, k: number, maxIter: number, tol: number): Promise<string[]> {
  const trace: [number, number][] = [];
  const start = performance.now();
  await factorize(
    X,
    { k, init: 'random', maxIter, tol, device: 'webasm' },
    {
      onProgress: (p) => {
        if (p.phase === 'iterate') trace.push([(performance.now() - start) / 1000, p.objective]);
      },
    },
  );
  const ladder = [5, 10, 20, 40, 80, 120, 160, 200].filter((m) => m < maxIter).concat(maxIter);
  const peer = python('sklearn_ladder.py', {
    rows: X.rows,
    cols: X.cols,
    k,
    data: file,
    dtype: 'float32',
    ladder,
    tol,
  });
  if (peer.error) return ['', '', '', `scikit-learn failed: ${peer.error}`];
  const rungs = peer.out.rungs as { iterations: number; seconds: number; objective: number }[];
  const target = Math.max(trace.at(-1)![1], rungs.at(-1)!.objective);
  const ours = trace.find(([, F]) => F <= target * (1 + 1e-9))!;
  const theirs = rungs.find((r) => r.objective <= target * (1 + 1e-9))!;
  return [
    target.toPrecision(6),
    ours[0].toFixed(2),
    theirs.seconds.toFixed(2),
    (ours[0] / theirs.seconds).toFixed(2),
    `latent ${trace.length} iterations to F ${trace.at(-1)![1].toPrecision(6)}; scikit-learn ` +
      `${rungs.at(-1)!.iterations} to ${rungs.at(-1)!.objective.toPrecision(6)}`,
  ];
}

/** ms and GFLOP/s of each operation of one hals iteration on the webasm device. */
async function operations(X: Dense, k: number): Promise<string[]> {
  const b = await (await getBackend('webasm')).bind(X);
  try {
    const kp = padRank(k),
      r = new Random(5);
    const W = b.alloc(X.rows, kp),
      Ht = b.alloc(X.cols, kp),
      XHt = b.alloc(X.rows, kp),
      XtW = b.alloc(X.cols, kp);
    const fill = (n: number) => {
      const a = new Float32Array(n * kp);
      for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) a[i * kp + t] = r.uniform();
      return a;
    };
    await b.write(W, fill(X.rows));
    await b.write(Ht, fill(X.cols));
    // hals from the same starting factors each time: a sweep repeated on its own result has little to change
    const w0 = await b.read(W),
      h0 = await b.read(Ht);
    const reset = async () => {
      await b.write(W, w0);
      await b.write(Ht, h0);
    };
    // the median of 7 runs after one to warm up: on a shared host a mean of a few took in whichever
    // spell of load fell on them (X·Hᵀ at k = 16 read 4 to 8 ms from one run to the next)
    const time = async (f: () => Promise<unknown>) => {
      const ms: number[] = [];
      for (let q = 0; q < 8; q++) {
        await reset();
        const s = performance.now();
        await f();
        if (q > 0) ms.push(performance.now() - s);
      }
      return median(ms);
    };
    const GW = await b.gram(W),
      GH = await b.gram(Ht);
    const nm = X.rows * X.cols;
    const ops: [string, number, () => Promise<unknown>][] = [
      ['X·Hᵀ', 2 * nm * k, () => b.times('rows', Ht, XHt)],
      ['Xᵀ·W', 2 * nm * k, () => b.times('cols', W, XtW)],
      ['WᵀW', X.rows * k * k, () => b.gram(W)],
      ['HHᵀ', X.cols * k * k, () => b.gram(Ht)],
      ['hals W', 2 * X.rows * k * k, () => b.hals(W, XHt, GH, k, 0)],
      ['hals H', 2 * X.cols * k * k, () => b.hals(Ht, XtW, GW, k, 0)],
      // what an iteration runs in place of the first five (but HHᵀ): one pass over X
      [
        'fused W half (X·Hᵀ, hals W, WᵀW, Xᵀ·W)',
        4 * nm * k + 3 * X.rows * k * k,
        () => b.halsRows!(W, Ht, GH, k, 0, XtW),
      ],
    ];
    const out: string[] = [];
    for (const [name, flops, f] of ops) {
      const ms = await time(f);
      out.push(`${name} ${ms.toFixed(1)} ms ${(flops / ms / 1e6).toFixed(1)} GF/s`);
    }
    return out;
  } finally {
    b.dispose();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'latent-dense-'));
const rows: string[][] = [
  ['dense X', 'k', 'latent ms/iter', 'sklearn f32', 'sklearn f64', 'ratio to f32', 'ratio to f64'],
];
const equal: string[][] = [['dense X', 'k', 'target F', 'latent s', 'sklearn f32 s', 'ratio', 'runs']];
const ops: string[][] = [['dense X', 'k', "where latent's iteration goes (webasm)"]];
const memory: string[][] = [
  [
    'dense X',
    'k',
    'X + factors MB',
    'latent peak MB',
    'ratio',
    'latent idle MB',
    'sklearn f32 peak MB',
    'sklearn f64 peak MB',
  ],
];
try {
  for (const [n, m] of SHAPES) {
    const X = uniform(n, m, 1);
    const file = join(dir, `dense-${n}.f32`);
    writeFileSync(file, X.data);
    for (const k of KS) {
      process.stderr.write(`${n}×${m}, k=${k}…\n`);
      const [ours, f32, f64] = await pairedMs(file, X, k);
      const ratio = (p: number | string) => (typeof p === 'number' ? (ours / p).toFixed(2) : '');
      const ms = (p: number | string) => (typeof p === 'number' ? p.toFixed(1) : `failed: ${p}`);
      rows.push([`${n}×${m}`, String(k), ours.toFixed(1), ms(f32), ms(f64), ratio(f32), ratio(f64)]);
      ops.push([`${n}×${m}`, String(k), (await operations(X, k)).join('; ')]);
      if (n === 60000) {
        const peak = latentPeak(file, X, k),
          size = (4 * (n * m + (n + m) * k)) / 2 ** 20;
        const mb = (v: number | undefined) => (v === undefined ? '' : v.toFixed(0));
        memory.push([
          `${n}×${m}`,
          String(k),
          mb(size),
          mb(peak.maxRssMB),
          (peak.maxRssMB / size).toFixed(2),
          mb(peak.idleMB),
          mb(sklearnPeakMB(file, X, k, 'float32')),
          mb(sklearnPeakMB(file, X, k, 'float64')),
        ]);
      }
      // to equal error: every k on the smaller X, k = 50 on the larger (minutes of the peer's time each)
      if (n === 10000 || k === 50)
        equal.push([`${n}×${m}`, String(k), ...(await timeToError(file, X, k, n === 10000 ? 200 : 100, 1e-4))]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await releaseBackends();
}
process.stdout.write(
  `ms per iteration: medians over ${ROUNDS} rounds of ${ITERATIONS} iterations, latent's and one of ` +
    `each scikit-learn's taking turns\n`,
);
for (const table of [rows, equal, memory, ops]) process.stdout.write(alignedTable(table) + '\n');
