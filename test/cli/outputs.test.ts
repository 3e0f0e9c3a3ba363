// A job's outputs appear together or not at all, whatever fails and whenever it is interrupted, and a
// write that fails (a full disk, a folder in the way) is an error.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails'),
  digits = join(FIXTURES, 'digits'),
  small = join(FIXTURES, 'matrix', 'small.mtx');
const fresh = () => scratchDir('out');

test('a folder where the model should go fails the job before any file appears', (t) => {
  const o = fresh();
  mkdirSync(join(o, 'm.json'));
  const r = latent([
    'topics',
    emails,
    '-k',
    '3',
    '--doc-topics',
    join(o, 'dt.csv'),
    '--model',
    join(o, 'm.json'),
    '-q',
    '--no-coherence',
  ]);
  t.is(r.code, 1);
  t.regex(r.stderr, /cannot write .*m\.json: it is a folder; choose another output path/);
  t.deepEqual(readdirSync(o), ['m.json']);
  t.is(r.stdout, '');
});

test('a file that is replaced comes back when a later one fails', (t) => {
  const o = fresh();
  writeFileSync(join(o, 'dt.csv'), 'the old table\n');
  // the model's folder cannot be made: a file is in the way
  writeFileSync(join(o, 'file'), '');
  const r = latent([
    'topics',
    emails,
    '-k',
    '3',
    '--doc-topics',
    join(o, 'dt.csv'),
    '--model',
    join(o, 'file', 'm.json'),
    '-q',
    '--no-coherence',
  ]);
  t.is(r.code, 1);
  t.regex(r.stderr, /cannot create folder .*file: a file is in the way/);
  t.deepEqual(readdirSync(o).sort(), ['dt.csv', 'file']);
  t.is(readFileSync(join(o, 'dt.csv'), 'utf8'), 'the old table\n');
});

test('an --out-dir the job created is gone when the job fails', (t) => {
  const o = fresh();
  writeFileSync(join(o, 'file'), '');
  const r = latent([
    'images',
    digits,
    '-k',
    '3',
    '--out-dir',
    join(o, 'new', 'bases'),
    '--model',
    join(o, 'file', 'm.json'),
    '-q',
  ]);
  t.is(r.code, 1);
  t.deepEqual(readdirSync(o), ['file']);
});

test('standard output that cannot be written (/dev/full) is an error', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full on this system');
  const r = latent(['factorize', small, '-k', '2', '-q'], { stdout: '/dev/full' });
  t.is(r.code, 1);
  t.regex(r.stderr, /cannot write to standard output: no space left on the device/);
});

test('standard output full after the files were committed: exit 1, the files kept and said complete', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full on this system');
  const o = fresh();
  const r = latent(['factorize', small, '-k', '2', '-q', '--model', join(o, 'm.json')], { stdout: '/dev/full' });
  t.is(r.code, 1);
  t.is(
    r.stderr,
    'latent: cannot write to standard output: no space left on the device; ' +
      'the output files were written and are complete\n',
  );
  t.deepEqual(readdirSync(o), ['m.json']);
  // with no output file, nothing is said of files
  const none = latent(['factorize', small, '-k', '2', '-q'], { stdout: '/dev/full' });
  t.is(none.stderr, 'latent: cannot write to standard output: no space left on the device\n');
});

test('--help and --version to a full disk exit 1, and still 0 to a file', (t) => {
  if (!existsSync('/dev/full')) return t.pass('no /dev/full on this system');
  for (const args of [['--help'], ['--version'], ['topics', '--help']]) {
    const r = latent(args, { stdout: '/dev/full' });
    t.is(r.code, 1, args.join(' '));
    t.is(r.stderr, 'latent: cannot write to standard output: no space left on the device\n');
    const path = join(fresh(), 'help.txt');
    t.is(latent(args, { stdout: path }).code, 0);
    t.true(readFileSync(path, 'utf8').length > 5);
  }
});

test('-o naming a folder writes the factors in it, named after the matrix', (t) => {
  const o = fresh();
  const r = latent(['factorize', small, '-k', '2', '-o', `${o}/`, '-q']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(readdirSync(o).sort(), ['small.H.csv', 'small.W.csv']);
});

test('a number flag without its value, a repeated flag and a seed past 32 bits', (t) => {
  const bare = latent(['factorize', small, '-k', '-q']);
  t.is(bare.code, 2);
  t.regex(bare.stderr, /Not enough arguments following: k/);
  const twice = latent(['factorize', small, '-k', '2', '-k', '3', '-q']);
  t.is(twice.code, 0, twice.stderr);
  t.is(JSON.parse(twice.stdout).options.k, 3);
  const seed = latent(['factorize', small, '-k', '2', '--seed', '4294967296', '-q']);
  t.is(seed.code, 2);
  t.regex(seed.stderr, /seed is 4294967296: it must be a whole number from 0 to 4294967295/);
});

/** Start a job, send `signal` once its stderr has shown `after`, and wait for it. */
function interrupt(
  args: string[],
  signal: NodeJS.Signals,
  after: RegExp,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '',
      sent = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && after.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} during a job leaves no output and exits ${code}`, async (t) => {
    const o = fresh();
    const out = join(o, 'bases');
    // a fit long enough to be interrupted in: many restarts, no tolerance
    const r = await interrupt(
      ['images', digits, '-k', '8', '--restarts', '50', '--tol', '0', '--out-dir', out, '--reconstructions', '50'],
      signal,
      /restart 1\/50/,
    );
    t.is(r.code, code, r.stderr);
    t.regex(r.stderr, /interrupted; no output written/);
    t.deepEqual(readdirSync(o), []);
  });
}
