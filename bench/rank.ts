// The rank sweep against scikit-learn running the same fits: k = 2..20 × 3 restarts on the SpamAssassin
// tf-idf matrix (latent's default vectorizer, one matrix for both tools). latent's time is the whole sweep
// as `latent rank` runs it after loading: the 57 masked fits, held-out error and stability; scikit-learn's
// is its 57 fits alone (NMF(solver='cd', init='random'), max_iter and tol the same).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RankFit } from '../core/index.js';
import { factorizeRanks, releaseBackends } from '../core/index.js';
import { rankRow, recommendRank, stabilityRows } from '../evaluate/index.js';
import type { RankRow } from '../evaluate/index.js';
import { loadText, textSourceFor } from '../loaders/index.js';
import { spamAssassin, writeEmails } from './datasets.js';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';
import { alignedTable } from './results.js';

const KS = Array.from({ length: 19 }, (_, i) => i + 2),
  RESTARTS = 3,
  MAX_ITER = 200,
  TOL = 1e-4;

const dir = mkdtempSync(join(tmpdir(), 'latent-rank-bench-'));
try {
  process.stderr.write('writing and vectorizing the SpamAssassin corpus…\n');
  writeEmails(join(dir, 'spam'), spamAssassin());
  const { X } = await loadText(await textSourceFor(join(dir, 'spam')));
  if (X.kind !== 'csr') throw new Error('text is sparse');
  process.stderr.write(`X: ${X.rows} × ${X.cols}, ${X.data.length} nonzeros; latent's sweep…\n`);
  const rows: RankRow[] = [];
  const sample = stabilityRows(X.rows, 0);
  let fitSeconds = 0,
    iterations = 0;
  const start = performance.now();
  await factorizeRanks(
    X,
    KS,
    { restarts: RESTARTS, init: 'random', maxIter: MAX_ITER, tol: TOL, device: 'webasm' },
    {
      mask: { holdout: { fraction: 0.05, seed: 0 } },
      onFit: (r: RankFit) => {
        fitSeconds += r.fit.seconds;
        iterations += r.fit.restarts.reduce((s, run) => s + run.iterations, 0);
        rows.push(rankRow(r, sample, null));
      },
    },
  );
  const ours = (performance.now() - start) / 1000;
  await releaseBackends();

  process.stderr.write("scikit-learn's 57 fits…\n");
  const file = (name: string, a: Float32Array | Int32Array) => {
    const p = join(dir, name);
    writeFileSync(p, a);
    return p;
  };
  const spec = {
    rows: X.rows,
    cols: X.cols,
    indptr: file('indptr.i32', X.indptr),
    indices: file('indices.i32', X.indices),
    data: file('data.f32', X.data),
    ks: KS,
    restarts: RESTARTS,
    maxIter: MAX_ITER,
    tol: TOL,
  };
  const run = spawnSync(PYTHON, [peerScript('sklearn_rank.py'), JSON.stringify(spec)], {
    env: peerEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const theirs =
    run.status === 0
      ? (JSON.parse(run.stdout) as { seconds: number; fits: { iterations: number }[]; dtype: string })
      : null;
  const theirIterations = theirs ? theirs.fits.reduce((s, f) => s + f.iterations, 0) : 0;
  const table = [
    ['tool', 'what is timed', 'seconds', 'iterations (all fits)', 'ms/iteration', 'ratio (seconds)'],
    [
      'latent rank (webasm)',
      `${KS.length * RESTARTS} masked fits + held-out error + stability`,
      ours.toFixed(1),
      String(iterations),
      ((1000 * ours) / iterations).toFixed(1),
      theirs ? (ours / theirs.seconds).toFixed(2) : '',
    ],
    [
      `scikit-learn NMF(cd) ${theirs?.dtype ?? ''}`,
      `${KS.length * RESTARTS} fits`,
      theirs ? theirs.seconds.toFixed(1) : `failed: ${(run.stderr || '').trim().split('\n').at(-1)}`,
      theirs ? String(theirIterations) : '',
      theirs ? ((1000 * theirs.seconds) / theirIterations).toFixed(1) : '',
      '',
    ],
  ];
  process.stdout.write(
    `\nRank sweep on SpamAssassin tf-idf (${X.rows} × ${X.cols}, ${X.data.length} nonzeros), k = ` +
      `2..20 × ${RESTARTS} restarts, max_iter ${MAX_ITER}, tol ${TOL}\n`,
  );
  process.stdout.write(alignedTable(table));
  process.stdout.write(`latent's fits alone: ${fitSeconds.toFixed(1)} s; recommended k: ${recommendRank(rows)}\n`);
  process.stdout.write(
    `k, held-out error, ` +
      `stability: ${rows.map((r) => `${r.k}: ${r.heldOutError.toFixed(4)}/${r.stability.toFixed(3)}`).join('  ')}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
