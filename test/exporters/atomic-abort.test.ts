// A batch aborted while a file of it is open closes the file (left to the garbage collector, Node
// prints a warning on stderr, seen once in a refusal's one line) and leaves nothing behind.
import test from 'ava';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OutputBatch } from '../../exporters/index.js';
import { scratchDir } from '../scratch.js';

const openFiles = () => readdirSync('/proc/self/fd').length;

test('abort closes the files still open and removes them', async (t) => {
  if (!existsSync('/proc/self/fd')) return t.pass('no /proc here');
  const dir = scratchDir('atomic-abort');
  const before = openFiles();
  const batch = new OutputBatch();
  const file = await batch.open(join(dir, 'W.csv'));
  await file.write('a,b\n');
  t.is(openFiles(), before + 1);
  await batch.abort();
  t.is(openFiles(), before);
  t.deepEqual(readdirSync(dir), []);
});
