// The same factorization across ranks under mpirun: topics and factorize give one process's objective
// (P = 1 bit for bit, P = 2 and 4 up to float64 summation order), the same top words, shards that
// `gather` puts back into one process's table, each rank holding about 1/P of X; a rank killed during
// the fit stops the job with a checkpoint that --resume continues to the uninterrupted H.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../core/index.js';
import { FIXTURES, latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';
import { mpiLatent, mpiMissing } from './mpi.js';

const dir = scratchDir('distributed');
const mpiTest = mpiMissing ? test.skip : test.serial;
if (mpiMissing)
  test('the MPI tests are skipped', (t) => {
    t.log(`skipped: ${mpiMissing}`);
    t.pass();
  });

/** A planted nonnegative matrix of `rows` × `cols`, about `per` entries a row, as MatrixMarket. */
function plantedMtx(path: string, rows: number, cols: number, per: number): void {
  const rng = new Random(7),
    k = 6;
  const H = Array.from({ length: k }, () =>
    Float64Array.from({ length: cols }, () => (rng.uniform() < 0.3 ? rng.uniform() * 3 : 0)),
  );
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const w = Array.from({ length: k }, () => (rng.uniform() < 0.4 ? rng.uniform() : 0));
    const seen = new Set<number>();
    for (let e = 0; e < per; e++) {
      const j = Math.floor(rng.uniform() * cols);
      if (seen.has(j)) continue;
      seen.add(j);
      let v = 0.01;
      for (let t = 0; t < k; t++) v += w[t] * H[t][j];
      lines.push(`${i + 1} ${j + 1} ${(v * (0.5 + rng.uniform())).toPrecision(5)}`);
    }
  }
  writeFileSync(
    path,
    `%%MatrixMarket matrix coordinate real general\n${rows} ${cols} ${lines.length}\n${lines.join('\n')}\n`,
  );
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const words = (doc: { topics: { words: { word: string }[] }[] }) =>
  doc.topics.map((t) => t.words.slice(0, 5).map((w) => w.word));
const table = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','));

mpiTest(
  "topics across 1, 2 and 4 ranks: one process's objective and top words, and shards gather into its table",
  async (t) => {
    const args = ['topics', join(FIXTURES, 'emails'), '-k', '5', '--seed', '3', '--format', 'json', '-q'];
    const single = latent([...args, '--doc-topics', join(dir, 'single.csv')]);
    t.is(single.code, 0, single.stderr);
    const one = JSON.parse(single.stdout),
      reference = table(readFileSync(join(dir, 'single.csv'), 'utf8'));
    for (const np of [1, 2, 4]) {
      const dt = join(dir, `t${np}.csv`);
      const run = await mpiLatent(np, [...args, '--distributed', '--doc-topics', dt]);
      t.is(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout);
      if (np === 1) t.is(doc.objective, one.objective);
      t.true(relative(doc.objective, one.objective) < 1e-5, `P=${np}: F ${doc.objective} vs ${one.objective}`);
      t.deepEqual(words(doc), words(one));
      t.is(doc.distributed.ranks, np);
      t.is(readdirSync(dir).filter((f) => f.startsWith(`t${np}.rank-`)).length, np);
      const gathered = latent(['gather', `${dt}.manifest.json`]);
      t.is(gathered.code, 0, gathered.stderr);
      const rows = table(gathered.stdout);
      t.deepEqual(
        rows.map((r) => r[0]),
        reference.map((r) => r[0]),
        'the same documents in the same order',
      );
      let worst = 0;
      t.deepEqual(
        rows.map((r) => r[2]),
        reference.map((r) => r[2]),
        'the same labels',
      );
      for (let i = 1; i < rows.length; i++)
        for (let j = 3; j < rows[i].length; j++)
          worst = Math.max(worst, Math.abs(Number(rows[i][j]) - Number(reference[i][j])));
      t.true(worst < 1e-4, `P=${np}: proportions differ by up to ${worst}`);
    }
    // a changed shard is refused, naming it
    const shard = join(dir, 't2.rank-00001-of-00002.csv');
    writeFileSync(shard, readFileSync(shard, 'utf8').replace(/0\./, '1.'));
    const bad = latent(['gather', join(dir, 't2.csv.manifest.json')]);
    t.is(bad.code, 1);
    t.regex(bad.stderr, /t2\.rank-00001-of-00002\.csv: rank 1's shard is not the one the manifest names/);
  },
);

const MATRIX = join(dir, 'planted.mtx');
let made = false;
/** The planted matrix, written once for the tests that read it. */
const ensureMatrix = () => {
  if (!made) plantedMtx(MATRIX, 200_000, 200, 8);
  made = true;
};
const fitArgs = (out: string) => [
  'factorize',
  MATRIX,
  '-k',
  '6',
  '--seed',
  '1',
  '--tol',
  '0',
  '--max-iter',
  '20',
  '--distributed',
  '-o',
  out,
  '-q',
];

// one test per P, in order (serial tests), each well within ava's timeout on a busy machine
const planted = new Map<
  number,
  { objective: number; distributed: { perRank: { rank: number; rows: number; xBytes: number }[] } }
>();
for (const np of [1, 2, 4]) {
  mpiTest(
    `factorize of 200,000 rows on ${np} rank${np > 1 ? 's' : ''}: one process's F within 1e-5, X ` +
      `held about 1/P per rank`,
    async (t) => {
      ensureMatrix();
      const run = await mpiLatent(np, fitArgs(join(dir, `f${np}`)));
      t.is(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout);
      planted.set(np, doc);
      const one = planted.get(1);
      if (!one) return t.fail('the one-rank fit runs first');
      const whole = one.distributed.perRank[0].xBytes;
      t.true(relative(doc.objective, one.objective) < 1e-5, `P=${np}: F ${doc.objective} vs ${one.objective}`);
      t.is(
        doc.distributed.perRank.reduce((a: number, r: { rows: number }) => a + r.rows, 0),
        200_000,
      );
      for (const r of doc.distributed.perRank)
        t.true(
          Math.abs(r.xBytes - whole / np) < 0.02 * whole,
          `P=${np}: rank ${r.rank} holds ${r.xBytes} of ${whole} bytes`,
        );
      if (np === 4) {
        const W = latent(['gather', join(dir, 'f4.W.csv.manifest.json')]);
        t.is(W.stdout.trim().split('\n').length, 200_001);
        t.is(W.stdout.split('\n')[200_000].split(',')[0], '200000');
      }
    },
  );
}

mpiTest(
  'a rank killed at iteration 5 stops every rank; --resume from the checkpoint reaches the uninterrupted H',
  async (t) => {
    ensureMatrix();
    const ckpt = join(dir, 'ckpt'),
      args = [...fitArgs(join(dir, 'k')), '--checkpoint', ckpt, '--checkpoint-every', '1'];
    const whole = await mpiLatent(2, fitArgs(join(dir, 'u')));
    t.is(whole.code, 0, whole.stderr);
    const run = mpiLatent(2, args);
    // watch the checkpoint until it has iteration 5, then kill rank 1
    let killed = false;
    while (!killed) {
      await new Promise((r) => setTimeout(r, 20));
      let state: { state?: { iteration: number } } = {};
      try {
        state = JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8'));
      } catch {
        continue;
      }
      if ((state.state?.iteration ?? 0) < 5) continue;
      const ranks = execFileSync('pgrep', ['-P', String(run.pid())], { encoding: 'utf8' })
        .trim()
        .split('\n');
      for (const pid of ranks) {
        const env = readFileSync(`/proc/${pid}/environ`, 'utf8');
        if (env.includes('OMPI_COMM_WORLD_RANK=1\0')) {
          process.kill(Number(pid), 'SIGKILL');
          killed = true;
        }
      }
    }
    const stopped = await run;
    t.not(stopped.code, 0);
    t.regex(stopped.stderr, /rank 1/);
    const state = JSON.parse(readFileSync(join(ckpt, 'state.json'), 'utf8'));
    t.true(
      state.state.iteration >= 5 && state.state.iteration < 20,
      `checkpoint at iteration ${state.state.iteration}`,
    );
    const resumed = await mpiLatent(2, [...args, '--resume']);
    t.is(resumed.code, 0, resumed.stderr);
    t.is(readFileSync(join(dir, 'k.H.csv'), 'utf8'), readFileSync(join(dir, 'u.H.csv'), 'utf8'));
    t.is(JSON.parse(resumed.stdout).objective, JSON.parse(whole.stdout).objective);
  },
);

mpiTest(
  'factorize of a CSV matrix across 1 and 3 ranks: byte ranges at line ends, the header and row ids ' +
    'as one process reads them',
  async (t) => {
    const rng = new Random(11);
    const body = (labelled: boolean) =>
      Array.from({ length: 900 }, (_, i) =>
        [
          ...(labelled ? [`r${i}`] : []),
          ...Array.from({ length: 12 }, (_, j) => ((i % 5) * (j % 3) + rng.uniform()).toFixed(4)),
        ].join(','),
      );
    const files = [
      ['labelled.csv', `name,${Array.from({ length: 12 }, (_, j) => `c${j}`).join(',')}\n${body(true).join('\n')}\n`],
      ['plain.csv', `${body(false).join('\n')}\n`],
    ] as const;
    for (const [name, text] of files) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const args = (out: string) => [
        'factorize',
        path,
        '-k',
        '3',
        '--seed',
        '2',
        '--tol',
        '0',
        '--max-iter',
        '30',
        '-o',
        out,
        '-q',
      ];
      const single = latent([...args(join(dir, `${name}-one`)), '--format', 'json']);
      t.is(single.code, 0, single.stderr);
      const one = JSON.parse(readFileSync(join(dir, `${name}-one.json`), 'utf8'));
      t.is(latent(args(join(dir, `${name}-w`))).code, 0);
      const reference = table(readFileSync(join(dir, `${name}-w.W.csv`), 'utf8'));
      for (const np of [1, 3]) {
        const run = await mpiLatent(np, [...args(join(dir, `${name}-${np}`)), '--distributed']);
        t.is(run.code, 0, run.stderr);
        // the ranks' sums round otherwise, and k = 3 on this rank-2 data fits noise, where rounding grows
        // (1.5e-5 after 30 iterations of three sweeps a half, 5e-6 at one); a row misread moves F by 1e-3
        t.true(relative(JSON.parse(run.stdout).objective, one.objective) < 1e-4, `${name}, P=${np}`);
        const W = table(latent(['gather', join(dir, `${name}-${np}.W.csv.manifest.json`)]).stdout);
        t.deepEqual(
          W.map((r) => r[0]),
          reference.map((r) => r[0]),
          `${name}, P=${np}: the same row ids in order`,
        );
      }
    }
  },
);
