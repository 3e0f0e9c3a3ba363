// The new input formats through the binary: gzipped JSONL piped to stdin finds the topics the plain
// lines file does, --text-field reaches rank and transform, and binary input exits 1 with one line.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { latent, shell, BIN } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('cli-inputs');
const subjects = ['apple banana cherry', 'engine motor wheel', 'river lake ocean'];
const texts = Array.from({ length: 60 }, (_, i) => `${subjects[i % 3]} ${subjects[(i + 1) % 3].split(' ')[i % 3]}`);
const lines = join(dir, 'corpus.txt'),
  jsonl = join(dir, 'corpus.jsonl.gz');
writeFileSync(lines, texts.join('\n') + '\n');
writeFileSync(
  jsonl,
  gzipSync(texts.map((text, i) => JSON.stringify({ doc: { body: text }, id: `d${i}` })).join('\n') + '\n'),
);
const topicArgs = ['-k', '3', '--format', 'json', '-q', '--no-coherence'];
const topicsOf = (stdout: string) =>
  JSON.parse(stdout).topics.map((x: { words: { word: string; weight: number }[] }) => x.words);

test('gzipped JSONL on stdin (cat x.jsonl.gz | latent topics -) gives the topics of the lines file', (t) => {
  const want = latent(['topics', lines, ...topicArgs]);
  t.is(want.code, 0, want.stderr);
  const got = shell(
    `cat '${jsonl}' | '${process.execPath}' '${BIN}' topics - --input-format jsonl --text-field ` +
      `doc.body ${topicArgs.join(' ')}`,
  );
  t.is(got.code, 0, got.stderr);
  t.deepEqual(topicsOf(got.stdout), topicsOf(want.stdout));
  const named = latent([
    'topics',
    jsonl,
    '--text-field',
    'doc.body',
    '--id-field',
    'id',
    ...topicArgs,
    '--model',
    join(dir, 'm.model'),
  ]);
  t.is(named.code, 0, named.stderr);
  t.deepEqual(topicsOf(named.stdout), topicsOf(want.stdout));
  const tr = latent([
    'transform',
    '--model',
    join(dir, 'm.model'),
    jsonl,
    '--text-field',
    'doc.body',
    '--id-field',
    'id',
    '--format',
    'csv',
  ]);
  t.is(tr.code, 0, tr.stderr);
  t.regex(tr.stdout.split('\n')[1], /^d0,/);
});

test('rank takes --text-field', (t) => {
  const r = latent([
    'rank',
    jsonl,
    '--text-field',
    'doc.body',
    '-k',
    '2,3',
    '--restarts',
    '1',
    '--format',
    'json',
    '-q',
  ]);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.is(doc.rows, texts.length);
  t.deepEqual(
    doc.ranks.map((x: { k: number }) => x.k),
    [2, 3],
  );
});

test('binary input on stdin or as a lines file exits 1 with one line saying what it looks like', (t) => {
  const png = join(dir, 'picture.txt');
  writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  for (const r of [
    latent(['topics', png, '-k', '2']),
    shell(`cat '${png}' | '${process.execPath}' '${BIN}' topics - -k 2`),
  ]) {
    t.is(r.code, 1);
    t.regex(
      r.stderr,
      /^latent: (.*picture\.txt|stdin): it looks binary, not text \(a PNG image\); latent reads text: .*\n$/,
    );
  }
});

test('SIGINT while a never-ending stdin is loaded ends the job: exit 130, one line, nothing on stdout', async (t) => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [BIN, 'topics', '-', '-k', '2'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '',
    stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.on('error', () => {}); // the pipe closes when it exits
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // feed it until 8 MiB have gone into the pipe: with a 64 KiB pipe buffer the child has read nearly
  // all of it, so it is loading
  const chunk = Buffer.from('hello world\n'.repeat(10000));
  for (let sent = 0; sent < 8 << 20; sent += chunk.length)
    await new Promise<void>((resolve) => child.stdin.write(chunk, () => resolve()));
  child.kill('SIGINT');
  const feeding = setInterval(() => child.stdin.writable && child.stdin.write(chunk), 10);
  const code = await exited;
  clearInterval(feeding);
  t.is(code, 130);
  t.is(stdout, '');
  // off a terminal the load may have told its progress first (a line every few seconds)
  const said = stderr.split('\n').filter(Boolean);
  t.is(said.pop(), 'latent: interrupted; no output written');
  for (const line of said) t.regex(line, /^reading [\d,]+ documents$/);
});
