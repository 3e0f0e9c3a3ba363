// An output path on an input's file, or on another output's, is refused before anything is read: it
// would silently replace the data or lose one of the outputs. Devices are shared freely.
import test from 'ava';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latent } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('path-collisions');
const matrix = join(dir, 'm.csv'),
  docs = join(dir, 'docs.txt');
const MATRIX = '1,0,2\n3,4,0\n0,1,1\n2,2,2\n',
  DOCS = 'apple banana cherry\nbanana cherry date\napple date egg\ncherry egg fig\napple fig banana\n';
writeFileSync(matrix, MATRIX);
writeFileSync(docs, DOCS);
symlinkSync('m.csv', join(dir, 'link.csv'));
// /dev/null reached through a link: a regression replaces the link, never the device
symlinkSync('/dev/null', join(dir, 'null'));
const files = () => readdirSync(dir).sort();
const before = files();

const refused = (t: import('ava').ExecutionContext, args: string[], line: string) => {
  const r = latent(args);
  t.is(r.code, 2);
  t.is(r.stderr, `latent: ${line}\n`);
  t.is(r.stdout, '');
  t.deepEqual(files(), before);
  t.is(readFileSync(matrix, 'utf8'), MATRIX);
  t.is(readFileSync(docs, 'utf8'), DOCS);
};

test('an output on the input file is refused naming the flag, the input untouched', (t) => {
  refused(
    t,
    ['factorize', matrix, '-k', '2', '-q', '--completed', matrix],
    `--completed ${matrix} is the input MATRIX names: writing it would replace the data; give --completed another path`,
  );
  // the same file by another name: ./ and a symlink
  const viaLink = join(dir, 'link.csv');
  refused(
    t,
    ['factorize', matrix, '-k', '2', '-q', '--completed', viaLink],
    `--completed ${viaLink} is the input MATRIX names: writing it would replace the data; ` +
      'give --completed another path',
  );
  refused(
    t,
    ['topics', docs, '-k', '2', '-q', '--doc-topics', `${dir}/./docs.txt`],
    `--doc-topics ${dir}/./docs.txt is the input SOURCE names: writing it would replace the data; ` +
      'give --doc-topics another path',
  );
});

test('two outputs on one file are refused naming both flags', (t) => {
  const same = join(dir, 'same.json');
  refused(
    t,
    ['topics', docs, '-k', '2', '-q', '--doc-topics', same, '--model', same],
    `--model ${same} is also the file of --doc-topics: one output would replace the other; ` +
      'give each output its own path',
  );
});

test('outputs to one device are not a collision', (t) => {
  const device = join(dir, 'null');
  const r = latent(['topics', docs, '-k', '2', '-q', '--no-coherence', '--doc-topics', device, '--model', device]);
  t.is(r.code, 0, r.stderr);
});
