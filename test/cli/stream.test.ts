// topics --stream against batch topics on a planted corpus (bench/corpus.ts), through the binary: the
// same vocabulary, an objective within a stated tolerance, a document-topic table of one row per
// document; and the memory plan's refusal of a job that would not fit.
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { generate } from '../../bench/corpus.js';
import { STREAM_OPTIONS } from '../../core/index.js';
import { latent } from './run.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('stream');
const spec = { docs: 6000, seed: 5, topics: 8, vocab: 3000, words: 60 };
const texts = [...generate(spec)];
const lines = join(dir, 'corpus.txt');
writeFileSync(lines, texts.map((t) => `${t}\n`).join(''));
const jsonl = join(dir, 'corpus.jsonl.gz');
writeFileSync(
  jsonl,
  gzipSync(texts.map((t, i) => `${JSON.stringify({ id: String(i + 1), body: { text: t } })}\n`).join('')),
);
const fit = ['-k', '8', '--seed', '2', '--format', 'json', '--no-coherence'];
const stream = ['--stream', '--batch-size', '1000', '--epochs', '4'];

test('streaming topics reach the batch objective within 1 % with the same vocabulary', (t) => {
  const batch = latent(['topics', lines, ...fit]);
  t.is(batch.code, 0, batch.stderr);
  const dt = join(dir, 'dt.csv');
  const streamed = latent(['topics', lines, ...fit, ...stream, '--doc-topics', dt]);
  t.is(streamed.code, 0, streamed.stderr);
  const b = JSON.parse(batch.stdout),
    s = JSON.parse(streamed.stdout);
  t.is(s.documents, 6000);
  t.is(s.terms, b.terms, 'the counting pass keeps the terms the batch load keeps');
  t.true(s.objective <= 1.01 * b.objective, `streamed F ${s.objective}, batch F ${b.objective}`);
  t.true(s.objective >= 0.99 * b.objective, 'and no lower than a batch fit reaches, beyond noise');
  const rows = Papa.parse<string[]>(readFileSync(dt, 'utf8').trim()).data;
  t.is(rows.length, 6001, 'a header and one row per document');
  t.deepEqual(
    rows.slice(1).map((r) => r[0]),
    texts.map((_, i) => String(i + 1)),
    "in the corpus's order, by line number",
  );
  for (const r of rows.slice(1, 200)) {
    const sum = r.slice(3).reduce((x, v) => x + Number(v), 0);
    t.true(Math.abs(sum - 1) < 1e-4, `proportions sum to 1 (${sum})`);
  }
});

test('a gzipped JSONL corpus streams to the same fit as its lines file', (t) => {
  const a = latent(['topics', lines, ...fit, ...stream, '--epochs', '1']);
  const b = latent(['topics', jsonl, '--text-field', 'body.text', ...fit, ...stream, '--epochs', '1']);
  t.is(b.code, 0, b.stderr);
  const x = JSON.parse(a.stdout),
    y = JSON.parse(b.stdout);
  t.is(y.objective, x.objective);
  t.deepEqual(y.topics, x.topics);
});

test('a streamed model transforms new documents and shows its rows', (t) => {
  const model = join(dir, 'streamed.model');
  const r = latent(['topics', lines, ...fit, ...stream, '--epochs', '1', '--model', model]);
  t.is(r.code, 0, r.stderr);
  const shown = JSON.parse(latent(['show', '--model', model, '--format', 'json']).stdout);
  t.is(shown.rows, 6000);
  const few = join(dir, 'few.txt');
  writeFileSync(few, `${texts.slice(0, 5).join('\n')}\n`);
  const tr = latent(['transform', '--model', model, few, '--format', 'csv']);
  t.is(tr.code, 0, tr.stderr);
  t.is(tr.stdout.trim().split('\n').length, 6);
});

test('streaming refuses what it cannot do in one line', (t) => {
  const cases: [string[], RegExp][] = [
    [['topics', '-', '-k', '3', '--stream'], /--stream reads its source once per pass: give a file/],
    [
      ['topics', lines, '-k', '3', '--stream', '--doc-topics', join(dir, 'dt.txt')],
      /name a \.csv, \.tsv or \.json file/,
    ],
    [
      ['topics', lines, '-k', '3', '--stream', '--top-docs', '2'],
      /--top-docs needs every document's coefficients at once/,
    ],
    [['topics', lines, '-k', '3', '--stream', '--forget', '0'], /forget is 0: it must be in \(0, 1\]/],
  ];
  for (const [args, message] of cases) {
    const r = latent(args, { input: 'a b c\n' });
    t.not(r.code, 0);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  t.false(existsSync(join(dir, 'dt.txt')));
});

test('a batch job estimated not to fit is refused before loading, naming the estimate and --stream', (t) => {
  const dt = join(dir, 'refused.csv');
  const r = latent(['topics', lines, '-k', '8', '--max-memory', '60M', '--doc-topics', dt]);
  t.is(r.code, 1);
  t.regex(
    r.stderr,
    pieces(
      /^latent: .*corpus\.txt: fitting it in memory needs about \d+ MB \([56],\d\d\d documents /,
      /estimated from its \d+ MB and a sample of 2000\), over the 63 MB this machine allows: /,
      /.*--stream/,
    ),
  );
  t.is(r.stderr.trim().split('\n').length, 1);
  t.false(existsSync(dt), 'nothing written');
  t.is(
    latent(['topics', lines, '-k', '8', '--max-memory', 'lots']).stderr.trim(),
    'latent: --max-memory "lots": write a size such as 8G, 512M or 2.5GB',
  );
});

test('a run resumed from its checkpoint ends with the same bytes as one never stopped', (t) => {
  const small = join(dir, 'small.txt');
  writeFileSync(
    small,
    texts
      .slice(0, 2000)
      .map((x) => `${x}\n`)
      .join(''),
  );
  const run = (epochs: number, dt: string, checkpoint: string, more: string[] = []) =>
    latent([
      'topics',
      small,
      '-k',
      '6',
      '--seed',
      '4',
      '--stream',
      '--batch-size',
      '300',
      '--epochs',
      String(epochs),
      '--format',
      'json',
      '--doc-topics',
      dt,
      '--checkpoint',
      checkpoint,
      ...more,
    ]);
  const whole = run(4, join(dir, 'whole.csv'), join(dir, 'ck-whole'));
  t.is(whole.code, 0, whole.stderr);
  // stopped after two epochs (its checkpoint is what a run killed during epoch three leaves), then resumed
  t.is(run(2, join(dir, 'part.csv'), join(dir, 'ck-part')).code, 0);
  const resumed = run(4, join(dir, 'resumed.csv'), join(dir, 'ck-part'), ['--resume']);
  t.is(resumed.code, 0, resumed.stderr);
  t.is(readFileSync(join(dir, 'resumed.csv'), 'utf8'), readFileSync(join(dir, 'whole.csv'), 'utf8'));
  const strip = (s: string) => {
    const d = JSON.parse(s);
    delete d.seconds;
    d.restarts.forEach((r: { seconds?: number }) => delete r.seconds);
    return d;
  };
  t.deepEqual(strip(resumed.stdout), strip(whole.stdout));
  const other = run(4, join(dir, 'other.csv'), join(dir, 'ck-part'), ['--resume', '--forget', '0.5']);
  t.is(other.code, 2);
  t.true(
    other.stderr.includes(
      `was written with forget ${STREAM_OPTIONS.forget.default}, this run has 0.5: resume with the same settings`,
    ),
    other.stderr,
  );
});

test('a batch job past the 4 GiB the CPU kernels address is refused with --stream named', (t) => {
  // a gzip whose trailer claims 3.5 GB of text like its first documents: the estimate reads the
  // trailer and a sample, so the refusal comes before any of the rest would be read
  const packed = gzipSync(texts.map((x) => `${x}\n`).join(''));
  packed.writeUInt32LE(3_500_000_000, packed.length - 4);
  const claimed = join(dir, 'claimed.txt.gz');
  writeFileSync(claimed, packed);
  const r = latent(['topics', claimed, '-k', '50', '--device', 'webasm']);
  t.is(r.code, 1);
  t.regex(
    r.stderr,
    pieces(
      /^latent: .*claimed\.txt\.gz: its matrix and factors need about [\d.]+ GB \([\d,]+ /,
      /documents estimated from its 3\.5 GB and a sample of 2000\), past the 4 GiB the CPU /,
      /kernels can address: use --stream/,
    ),
  );
  t.is(r.stderr.trim().split('\n').length, 1);
});
