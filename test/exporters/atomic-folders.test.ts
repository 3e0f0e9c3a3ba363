// A job's own new folders are removed when it fails or is interrupted, but only when empty: another
// job given the same new --out-dir may have committed its files there in the meantime.
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputBatch, PendingOutputs } from '../../exporters/atomic.js';
import { scratchDir } from '../scratch.js';

test('interrupted: the folders it made go, but not one another job committed into', async (t) => {
  const out = join(scratchDir('atomic-folders'), 'out');
  const pending = new PendingOutputs();
  const batch = new OutputBatch(pending);
  const file = await batch.open(join(out, 'sub', 'a.csv'));
  await file.write('a\n');
  await file.close();
  // job B, in another process, made out/ its own meanwhile
  writeFileSync(join(out, 'b.csv'), 'b\n');
  t.deepEqual(pending.remove(), { committed: false });
  t.deepEqual(readdirSync(out), ['b.csv']);
  t.is(readFileSync(join(out, 'b.csv'), 'utf8'), 'b\n');
});

test('aborted: the folders it made and left empty are removed, all levels of them', async (t) => {
  const root = scratchDir('atomic-folders');
  mkdirSync(join(root, 'kept'));
  const batch = new OutputBatch();
  await batch.write(join(root, 'kept', 'new', 'deeper', 'x.csv'), 'x\n');
  await batch.abort();
  t.false(existsSync(join(root, 'kept', 'new')));
  t.deepEqual(readdirSync(root), ['kept']);
});
