// The scale benchmark, side by side (issue 24, part 4): generated topical corpora with planted topics
// (bench/corpus.ts), and per (size, k) five whole jobs, each in a process of its own under
// /usr/bin/time so that its wall seconds (reading the text included) and peak RSS are its own:
//   latent batch      `latent topics CORPUS -k K --doc-topics … --model … --format json --quiet`
//   latent stream     the same with --stream (run only where `latent topics --help` lists it)
//   sklearn NMF, sklearn MiniBatchNMF, gensim Nmf     bench/scale_peers.py
// then one judge per size (bench/scale-score.ts) scores every method's H on the same X by the same code.
//
//   node dist/bench/scale.js [--sizes 100000,1000000,4000000] [--k 20,50] [--methods a,b] [--timeout 3600]
//                            [--batch 2048] [--epochs 1] [--seed 1] [--dir DIR] [--keep] [--fifo]
//
// Sizes default to 100,000 documents only (about 15 minutes on 2 cores); LATENT_BENCH_SCALE=1 makes the
// default 100k, 1M and 4M (hours). --fifo pipes the corpus through a FIFO even where the file would fit.
// The table goes to stdout, progress to stderr.
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';
import { writeResults } from './results.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CLI = here('../cli/main.js');
const TIME = '/usr/bin/time';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const numbers = (s: string) => s.split(',').map(Number);
const sizes = numbers(flag('sizes', process.env.LATENT_BENCH_SCALE === '1' ? '100000,1000000,4000000' : '100000'));
const ks = numbers(flag('k', '20,50'));
const timeout = Number(flag('timeout', '3600'));
const batch = flag('batch', '2048'),
  epochs = flag('epochs', '1'),
  seed = flag('seed', '1');
const METHODS = ['latent batch', 'latent stream', 'sklearn NMF', 'sklearn MiniBatchNMF', 'gensim Nmf'] as const;
type Method = (typeof METHODS)[number];
const PEER: Partial<Record<Method, string>> = {
  'sklearn NMF': 'sklearn-nmf',
  'sklearn MiniBatchNMF': 'sklearn-minibatch',
  'gensim Nmf': 'gensim',
};
/** Methods that read the corpus more than once cannot read a FIFO. */
const MULTI_PASS = new Set<Method>(['gensim Nmf']);
const methods = flag('methods', METHODS.join(','))
  .split(',')
  .map((m) => m.trim()) as Method[];
for (const m of methods)
  if (!METHODS.includes(m)) {
    process.stderr.write(`scale: unknown method "${m}"; choose from ${METHODS.join(', ')}\n`);
    process.exit(2);
  }
if (!existsSync(TIME)) {
  process.stderr.write(`scale: ${TIME} is missing (apt-get install time)\n`);
  process.exit(2);
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const streamAvailable = spawnSync(process.execPath, [CLI, 'topics', '--help'], { encoding: 'utf8' }).stdout.includes(
  '--stream',
);

interface Outcome {
  ok: boolean;
  seconds: number;
  peakMB: number;
  reason: string;
}

/** Runs a command under /usr/bin/time with a time limit; a failure's reason is one short line. */
function timed(command: string, argv: string[], dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const timeFile = join(dir, 'time.txt'),
    errFile = join(dir, 'stderr.txt');
  return new Promise((resolve) => {
    const out = createWriteStream(join(dir, 'stdout.txt')),
      err = createWriteStream(errFile);
    // its own process group, so that a time limit kills the job and every child it started
    const child = spawn(TIME, ['-f', '%M %e', '-o', timeFile, command, ...argv], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(err);
    const started = performance.now();
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeout * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wall = (performance.now() - started) / 1000;
      Promise.all([new Promise((r) => out.end(r)), new Promise((r) => err.end(r))]).then(() => {
        const stats = existsSync(timeFile)
          ? readFileSync(timeFile, 'utf8')
              .split('\n')
              .filter((l) => l.trim())
          : [];
        // a job killed with its process group leaves no figures: NaN, shown blank
        const [kb, seconds] = stats.length ? stats.at(-1)!.split(' ').map(Number) : [NaN, NaN];
        const peakMB = kb / 1024;
        const signal = /terminated by signal (\d+)/.exec(stats.join('\n'))?.[1];
        const stderr = readFileSync(errFile, 'utf8');
        let reason = '';
        if (killed) reason = `timed out after ${timeout} s`;
        else if (code !== 0 || signal) {
          if (/heap out of memory|Reached heap limit/.test(stderr)) reason = 'died: JavaScript heap out of memory';
          else if (/MemoryError/.test(stderr)) reason = 'died: MemoryError';
          else if (signal === '9') reason = "killed by signal 9 (the kernel's OOM killer?)";
          else reason = `exit ${code ?? `signal ${signal}`}: ${(stderr.trim().split('\n').at(-1) ?? '').slice(0, 120)}`;
        }
        resolve({ ok: reason === '', seconds: Number.isFinite(seconds) ? seconds : wall, peakMB, reason });
      });
    });
  });
}

/** Newlines in a file (the doc-topics CSV's header plus one per document), read in chunks. */
async function lineCount(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) for (const b of chunk as Buffer) if (b === 10) n++;
  return n;
}

/** One document per row in the doc-topics output, or what is wrong. */
async function checkDocTopics(method: Method, dir: string, docs: number, k: number): Promise<string> {
  if (PEER[method]) {
    const path = join(dir, 'doc_topics.f32');
    const rows = existsSync(path) ? statSync(path).size / (4 * k) : 0;
    return rows === docs ? '' : `doc-topics has ${rows} rows`;
  }
  const path = join(dir, 'doc-topics.csv');
  const rows = existsSync(path) ? (await lineCount(path)) - 1 : 0;
  return rows === docs ? '' : `doc-topics has ${rows} rows`;
}

/** The fit's own seconds (and the doc-topics pass's, where a peer times it apart) as the job reported them. */
function phases(method: Method, dir: string): string {
  try {
    const text = readFileSync(join(dir, 'stdout.txt'), 'utf8').trim();
    const r = JSON.parse(PEER[method] ? text.split('\n').at(-1)! : text);
    const fit = PEER[method] ? r.fit_seconds : r.seconds;
    return [
      typeof fit === 'number' ? `fit ${fit.toFixed(1)} s` : '',
      typeof r.doc_topics_seconds === 'number' ? `doc-topics ${r.doc_topics_seconds.toFixed(1)} s` : '',
    ]
      .filter(Boolean)
      .join(', ');
  } catch {
    return '';
  }
}

/** The command of one row, or why it is not run. */
function commandOf(
  method: Method,
  corpus: string,
  k: number,
  dir: string,
  fifo: boolean,
): [string, string[], NodeJS.ProcessEnv] | string {
  if (fifo && MULTI_PASS.has(method))
    return 'not run: reads the corpus more than once, and the corpus is a FIFO (no disk room for the file)';
  if (method === 'latent batch' || method === 'latent stream') {
    if (method === 'latent stream' && !streamAvailable)
      return 'not available (`latent topics --help` lists no --stream)';
    const argv = [
      CLI,
      'topics',
      corpus,
      '-k',
      String(k),
      '--doc-topics',
      join(dir, 'doc-topics.csv'),
      '--model',
      join(dir, 'model.json'),
      '--format',
      'json',
      '--quiet',
    ];
    return [process.execPath, method === 'latent stream' ? [...argv, '--stream'] : argv, process.env];
  }
  return [
    PYTHON,
    [
      peerScript('scale_peers.py'),
      PEER[method]!,
      corpus,
      String(k),
      dir,
      '--batch',
      batch,
      '--epochs',
      epochs,
      '--seed',
      '0',
    ],
    peerEnv(),
  ];
}

/** Where the corpus of `docs` documents is read from: a file, or a FIFO fed afresh for each reader when
 *  the file would not fit on the disk (about 660 bytes a document at 80 words). */
function corpusPlan(root: string, docs: number): { path: string; fifo: boolean } {
  const need = docs * 700 + 2 ** 30;
  const { bavail, bsize } = statfsSync(root);
  return { path: join(root, `corpus-${docs}.txt`), fifo: args.includes('--fifo') || bavail * bsize < need };
}

const generator = (docs: number, truth?: string) => [
  here('./corpus.js'),
  String(docs),
  '--seed',
  seed,
  ...(truth ? ['--truth', truth] : []),
];

/** Writes the corpus file (and the planted topics), or makes the FIFO and writes the planted topics only. */
async function prepare(plan: { path: string; fifo: boolean }, docs: number, truth: string): Promise<void> {
  if (plan.fifo) {
    spawnSync('mkfifo', [plan.path]);
    spawnSync(process.execPath, [...generator(1, truth)]); // the planted topics do not depend on DOCS
    return;
  }
  if (existsSync(plan.path) && existsSync(truth)) return; // a --dir of an earlier run: same seed, same bytes
  const out = createWriteStream(plan.path);
  const child = spawn(process.execPath, generator(docs, truth), { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(out);
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
}

/** With a FIFO corpus: a generator writing into it for the one reader about to open it. */
const feed = (plan: { path: string; fifo: boolean }, docs: number) =>
  plan.fifo
    ? spawn('sh', ['-c', `exec "$0" "$@" > '${plan.path}'`, process.execPath, ...generator(docs)], { stdio: 'ignore' })
    : null;

interface Score {
  explained?: number;
  npmi?: number | null;
  recovery?: number;
  mapped?: number;
  terms?: number;
  error?: string;
}

async function score(
  plan: { path: string; fifo: boolean },
  docs: number,
  truth: string,
  rows: { id: string; kind: 'latent' | 'peer'; dir: string }[],
): Promise<Record<string, Score>> {
  if (!rows.length) return {};
  // the judge reads the corpus twice (its vocabulary, then its blocks): a FIFO is fed once for each read
  const first = feed(plan, docs);
  first?.on('exit', () => feed(plan, docs));
  const child = spawn(process.execPath, [here('./scale-score.js'), plan.path, truth], {
    stdio: ['pipe', 'pipe', 'inherit'],
    timeout: timeout * 1000,
  });
  child.stdin.end(JSON.stringify(rows));
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) {
    const why = `scoring failed (exit ${status ?? 'by a signal'})`;
    return Object.fromEntries(rows.map((r) => [r.id, { error: why }]));
  }
  return JSON.parse(stdout);
}

const root = args.includes('--dir') ? flag('dir', '') : mkdtempSync(join(tmpdir(), 'latent-scale-'));
mkdirSync(root, { recursive: true });
log(
  `scale: sizes ${sizes.join(', ')}, k ${ks.join(', ')}, in ${root}; ${Math.round(freemem() / 2 ** 20)} MB free; ` +
    `latent --stream ${streamAvailable ? 'available' : 'not available'}`,
);
const table: string[][] = [
  ['documents', 'k', 'method', 'seconds', 'peak MB', 'explained var', 'NPMI', 'recovery', 'note'],
];
try {
  for (const docs of sizes) {
    const plan = corpusPlan(root, docs),
      truth = join(root, `truth-${docs}.json`);
    log(`${docs} documents: ${plan.fifo ? `a FIFO (the file would not fit on the disk)` : `writing ${plan.path}`}`);
    await prepare(plan, docs, truth);
    const results: { docs: number; k: number; method: Method; outcome?: Outcome; note: string; id: string }[] = [];
    for (const k of ks) {
      for (const method of methods) {
        const id = `${docs}-${k}-${method.replace(/\W+/g, '-')}`,
          dir = join(root, id);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        const command = commandOf(method, plan.path, k, dir, plan.fifo);
        if (typeof command === 'string') {
          results.push({ docs, k, method, note: command, id });
          log(`${id}: ${command}`);
          continue;
        }
        log(`${id}: running`);
        feed(plan, docs);
        const outcome = await timed(...(command.slice(0, 2) as [string, string[]]), dir, command[2]);
        const note = outcome.ok
          ? [phases(method, dir), await checkDocTopics(method, dir, docs, k)].filter(Boolean).join('; ')
          : outcome.reason;
        results.push({ docs, k, method, outcome, note, id });
        log(`${id}: ${outcome.seconds.toFixed(1)} s, ${outcome.peakMB.toFixed(0)} MB${note ? `, ${note}` : ''}`);
      }
    }
    log(`${docs} documents: scoring every H on latent's X`);
    const scores = await score(
      plan,
      docs,
      truth,
      results
        .filter((r) => r.outcome?.ok)
        .map((r) => ({ id: r.id, kind: PEER[r.method] ? 'peer' : 'latent', dir: join(root, r.id) })),
    );
    for (const r of results) {
      const s = scores[r.id] ?? {};
      const fixed = (v: number | null | undefined, d: number) => (v === undefined || v === null ? '' : v.toFixed(d));
      const notes = [
        r.note,
        s.error ? `score: ${s.error}` : '',
        s.mapped !== undefined && s.mapped < s.terms! ? `${s.terms! - s.mapped} of its ${s.terms} terms not in X` : '',
      ].filter(Boolean);
      table.push([
        String(r.docs),
        String(r.k),
        r.method,
        r.outcome ? r.outcome.seconds.toFixed(1) : '',
        r.outcome && Number.isFinite(r.outcome.peakMB) ? r.outcome.peakMB.toFixed(0) : '',
        fixed(s.explained, 4),
        fixed(s.npmi, 3),
        fixed(s.recovery, 3),
        notes.join('; '),
      ]);
    }
    if (plan.fifo) rmSync(plan.path, { force: true });
  }
} finally {
  if (!args.includes('--keep') && !args.includes('--dir')) rmSync(root, { recursive: true, force: true });
}
printTable(table);
const written = writeResults(
  `scale-${sizes.join('-')}-k${ks.join('-')}`,
  `node dist/bench/scale.js ${process.argv.slice(2).join(' ')}`.trim(),
  table,
  ['Seconds are whole jobs (reading the text included) under /usr/bin/time, as is the peak RSS.'],
);
log(`table written to ${written}`);

function printTable(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    process.stdout.write(
      r
        .map((v, i) => v.padEnd(widths[i]))
        .join('  ')
        .trimEnd() + '\n',
    );
}
