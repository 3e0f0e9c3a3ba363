// An output path that is a symlink, a device, a FIFO or a descriptor is written through, as a shell's
// `>` writes it: the link stays a link and its target is updated, a device or pipe receives the bytes
// and is never replaced by a regular file. Devices are reached through links in a scratch folder, so
// that a regression replaces the link there, never /dev/null itself.
import test from 'ava';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { OutputBatch } from '../../exporters/atomic.js';
import { outputTarget } from '../../exporters/output-target.js';
import { BIN, latent, shell } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('output-targets');
const docs = join(dir, 'docs.txt');
writeFileSync(docs, 'apple banana cherry\nbanana cherry date\napple date egg\ncherry egg fig\napple fig banana\n');
const topics = (...extra: string[]) => ['topics', docs, '-k', '2', '-q', '--no-coherence', ...extra];

/** The doc-topics table as written to a plain new file, to compare what went elsewhere with. */
const plainTable = (() => {
  const path = join(dir, 'plain.csv');
  const r = latent(topics('--doc-topics', path));
  if (r.code !== 0) throw new Error(r.stderr);
  return readFileSync(path, 'utf8');
})();

test('a symlink to a file: the target is updated with its permissions kept, the link stays a link', (t) => {
  const target = join(dir, 'target.csv'),
    link = join(dir, 'link.csv');
  writeFileSync(target, 'old\n');
  chmodSync(target, 0o640);
  symlinkSync('target.csv', link);
  const r = latent(topics('--doc-topics', link));
  t.is(r.code, 0, r.stderr);
  t.true(lstatSync(link).isSymbolicLink());
  t.is(readlinkSync(link), 'target.csv');
  t.is(readFileSync(target, 'utf8'), plainTable);
  t.is(statSync(target).mode & 0o777, 0o640);
});

test('a dangling symlink: the file it names is made, the link kept', (t) => {
  const link = join(dir, 'dangling.csv');
  symlinkSync('made-by-latent.csv', link);
  t.is(latent(topics('--doc-topics', link)).code, 0);
  t.true(lstatSync(link).isSymbolicLink());
  t.is(readFileSync(join(dir, 'made-by-latent.csv'), 'utf8'), plainTable);
});

test('a link to /dev/null: the model goes into the device, nothing replaces the link', (t) => {
  if (!existsSync('/dev/null')) return t.pass('no /dev/null on this system');
  const link = join(dir, 'null.json');
  symlinkSync('/dev/null', link);
  const r = latent(topics('--model', link));
  t.is(r.code, 0, r.stderr);
  t.true(lstatSync(link).isSymbolicLink());
  t.true(statSync(link).isCharacterDevice());
  t.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test('a FIFO receives the table and stays a FIFO', (t) => {
  const fifo = join(dir, 'pipe'),
    got = join(dir, 'from-pipe.csv');
  // the reader in the background, as `latent … --doc-topics pipe & cat pipe` would be typed
  const args = topics('--doc-topics', fifo)
    .map((a) => `'${a}'`)
    .join(' ');
  const r = shell(
    `mkfifo '${fifo}' && { cat '${fifo}' > '${got}' & } && ` +
      `'${process.execPath}' '${BIN}' ${args}; rc=$?; wait; exit $rc`,
  );
  t.is(r.code, 0, r.stderr);
  t.true(lstatSync(fifo).isFIFO());
  t.is(readFileSync(got, 'utf8'), plainTable);
});

test("a link to this process's standard output, itself a file: the table and the topics both land", (t) => {
  const link = join(dir, 'stdout-link'),
    out = join(dir, 'stdout.txt');
  symlinkSync('/proc/self/fd/1', link);
  const r = latent(topics('--doc-topics', link), { stdout: out });
  t.is(r.code, 0, r.stderr);
  const printed = readFileSync(out, 'utf8');
  t.true(printed.includes(plainTable), printed);
  t.regex(printed, /Topic 1 /);
  t.true(lstatSync(link).isSymbolicLink());
});

test('a device that cannot take the bytes (/dev/full) fails the job, and no other output is written', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full on this system');
  const link = join(dir, 'full.csv'),
    model = join(dir, 'never.json');
  symlinkSync('/dev/full', link);
  const r = latent(topics('--doc-topics', link, '--model', model));
  t.is(r.code, 1);
  t.is(r.stderr, `latent: cannot write ${link}: no space left on the device; no output written\n`);
  t.false(existsSync(model));
  t.true(statSync(link).isCharacterDevice());
});

test('outputTarget: descriptors and devices are written through, a link chain ends at its file', (t) => {
  t.deepEqual(outputTarget('/dev/stdout'), { final: '/dev/stdout', through: true, descriptor: 1 });
  t.deepEqual(outputTarget('/proc/self/fd/2'), { final: '/proc/self/fd/2', through: true, descriptor: 2 });
  t.is(outputTarget('/proc/1/fd/1').descriptor, process.pid === 1 ? 1 : undefined);
  if (existsSync('/dev/null')) t.deepEqual(outputTarget('/dev/null'), { final: '/dev/null', through: true });
  const a = join(dir, 'chain-a'),
    b = join(dir, 'chain-b');
  symlinkSync('chain-b', a);
  symlinkSync('chain-c', b);
  t.deepEqual(outputTarget(a), { final: join(dir, 'chain-c'), through: false });
});

test('two outputs of one batch on one file are refused, the first not replaced by the second', async (t) => {
  const path = join(dir, 'twice.csv');
  const batch = new OutputBatch();
  await batch.write(path, 'first\n');
  const e = await t.throwsAsync(batch.write(path, 'second\n'));
  t.is(e?.message, `cannot write ${path} twice: two outputs of this job name it; give each its own path`);
  await batch.abort();
  t.false(existsSync(path));
});
