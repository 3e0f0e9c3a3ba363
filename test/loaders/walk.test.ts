// A folder walk bounded in depth and in path length: a generated tree a thousand levels deep took
// minutes (every system call costs time in a path's depth) and one past PATH_MAX ended in a raw
// ENAMETOOLONG line. What is passed over (a FIFO, a device, a file gone) is named with why.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../../loaders/text/document-file.js';
import { listFiles, MAX_DEPTH } from '../../loaders/walk.js';
import { scratchDir } from '../scratch.js';

test(`folders deeper than ${MAX_DEPTH} levels are passed over, named, and never opened`, async (t) => {
  const root = scratchDir('walk-deep');
  let dir = root;
  const expected: string[] = [];
  for (let depth = 1; depth <= MAX_DEPTH + 5; depth++) {
    dir = join(dir, 'd');
    mkdirSync(dir);
    writeFileSync(join(dir, 'doc.txt'), 'x');
    if (depth <= MAX_DEPTH) expected.push(join(dir, 'doc.txt'));
  }
  const skipped: [string, string][] = [];
  const files = await listFiles(root, (item, reason) => skipped.push([item, reason]));
  t.deepEqual(files, expected.sort());
  const tooDeep = join(root, ...Array<string>(MAX_DEPTH + 1).fill('d'));
  t.deepEqual(skipped, [[tooDeep, `a folder nested deeper than ${MAX_DEPTH} levels: move what it holds higher up`]]);
});

test('a folder whose path is too long to open is passed over and named', async (t) => {
  const root = scratchDir('walk-long');
  // 20 levels of 250-letter names: 5000 bytes, past Linux's PATH_MAX of 4096; made one cd at a time
  const name = 'n'.repeat(250);
  const r = spawnSync('bash', [
    '-c',
    `cd '${root}' && for i in $(seq 20); do mkdir ${name} && cd ${name}; done; echo x > f`,
  ]);
  t.is(r.status, 0, String(r.stderr));
  writeFileSync(join(root, 'top.txt'), 'x');
  const skipped: string[] = [];
  const files = await listFiles(root, (_, reason) => skipped.push(reason));
  t.deepEqual(files, [join(root, 'top.txt')]);
  t.deepEqual(skipped, ['its path is longer than this system opens']);
});

test('a FIFO and a link to a device inside a folder are passed over and named', async (t) => {
  const root = scratchDir('walk-special');
  writeFileSync(join(root, 'a.txt'), 'x');
  t.is(spawnSync('mkfifo', [join(root, 'pipe')]).status, 0);
  symlinkSync('/dev/zero', join(root, 'zero'));
  const skipped: [string, string][] = [];
  const files = await listFiles(root, (item, reason) => skipped.push([item, reason]));
  t.deepEqual(files, [join(root, 'a.txt')]);
  const why = 'not a regular file (a FIFO, a device or a socket)';
  t.deepEqual(skipped.sort(), [
    [join(root, 'pipe'), why],
    [join(root, 'zero'), why],
  ]);
});

test("a folder's file gone or locked when it is read is passed over with why, not a raw ENOENT", (t) => {
  const root = scratchDir('walk-gone');
  t.deepEqual(readDocument(join(root, 'listed-then-removed.txt')), {
    skip: 'it was removed while the folder was read',
  });
  // unreadable: only a user other than root is refused; root reads it
  const locked = join(root, 'locked.txt');
  writeFileSync(locked, 'secret words');
  chmodSync(locked, 0);
  const read = readDocument(locked);
  if (process.getuid?.() === 0) t.deepEqual(read, { text: 'secret words' });
  else t.deepEqual(read, { skip: 'permission denied: latent cannot read it' });
});
