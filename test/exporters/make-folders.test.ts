// Folders for output made one level at a time: the topmost one made is named, a file in the way or a
// kernel file system (/proc, where Node's recursive mkdir spins for ever) is an error at once.
import test from 'ava';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolders } from '../../exporters/make-folders.js';
import { latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('make-folders');

test('missing levels are made and the topmost is returned; an existing folder returns nothing', async (t) => {
  t.is(await makeFolders(join(dir, 'a', 'b', 'c')), join(dir, 'a'));
  t.true(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
  t.is(await makeFolders(join(dir, 'a', 'b')), undefined);
  writeFileSync(join(dir, 'file'), 'x');
  const e = await t.throwsAsync(makeFolders(join(dir, 'file', 'sub')));
  t.is((e as NodeJS.ErrnoException).code, 'ENOTDIR');
  t.false(existsSync(join(dir, 'file', 'sub')));
});

test('an output path under /proc is refused in one line, exit 1, instead of spinning', (t) => {
  const matrix = join(dir, 'm.csv');
  writeFileSync(matrix, '1,0,2\n3,4,0\n0,1,1\n2,2,2\n');
  const r = latent(['factorize', matrix, '-k', '2', '-q', '--model', '/proc/latent-no-such/m.json']);
  t.is(r.code, 1);
  t.is(r.stdout, '');
  t.is(r.stderr, 'latent: cannot create folder /proc/latent-no-such: no such folder; choose another output path\n');
});
