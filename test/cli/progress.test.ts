// Progress off a terminal (stderr a pipe, as in a log or CI): rank says each k as it starts, and under
// --quiet nothing at all.
import test from 'ava';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';

const small = join(FIXTURES, 'matrix', 'small.csv');

test('rank off a terminal names each k as its fits start, in order; --quiet keeps stderr empty', (t) => {
  const r = latent(['rank', small, '-k', '2..4', '--restarts', '2', '--max-iter', '30', '--format', 'csv']);
  t.is(r.code, 0, r.stderr);
  const ks = r.stderr.split('\n').filter((l) => /^k \d+ \(/.test(l));
  t.deepEqual(ks, ['k 2 (1/3): fitting 2 restarts', 'k 3 (2/3): fitting 2 restarts', 'k 4 (3/3): fitting 2 restarts']);
  const quiet = latent(['rank', small, '-k', '2..4', '--restarts', '2', '--max-iter', '30', '--format', 'csv', '-q']);
  t.is(quiet.code, 0, quiet.stderr);
  t.is(quiet.stderr, '');
  // the same table but for the seconds column
  const seconds = r.stdout.split('\n')[0].split(',').indexOf('seconds');
  t.true(seconds >= 0);
  const bare = (csv: string) =>
    csv.split('\n').map((line) =>
      line
        .split(',')
        .filter((_, i) => i !== seconds)
        .join(','),
    );
  t.deepEqual(bare(quiet.stdout), bare(r.stdout), 'progress changes nothing on stdout');
});
