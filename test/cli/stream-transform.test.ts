// transform --stream against transform: the same rows, in the same order, with the same ids and
// coefficients, and the same JSON document; stdin works, as it is read once.
import test from 'ava';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('stream-transform');
const emails = join(FIXTURES, 'emails');
const model = join(dir, 'emails.model');
// converged tightly, so that a batch's W and the whole matrix's agree to far below the tolerance
const SOLVE = ['--tol', '1e-10', '--max-iter', '3000'];
const trained = latent(['topics', emails, '-k', '4', '--model', model, '-q']);

const run = (args: string[], input?: string) => {
  const r = latent(['transform', '--model', model, ...args, ...SOLVE], { input });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
};

test('the same coefficients, ids and order as transform, batch by batch of 64 documents', (t) => {
  t.is(trained.code, 0, trained.stderr);
  for (const raw of [[], ['--raw']]) {
    const [head, ...whole] = Papa.parse<string[]>(run([emails, '--format', 'csv', ...raw]).trim()).data;
    const [streamedHead, ...streamed] = Papa.parse<string[]>(
      run([emails, '--format', 'csv', '--stream', '--batch-size', '64', ...raw]).trim(),
    ).data;
    t.deepEqual(streamedHead, head);
    t.is(streamed.length, whole.length);
    t.is(whole.length, 300);
    let worst = 0;
    whole.forEach((row, i) => {
      t.is(streamed[i][0], row[0]);
      t.is(streamed[i][2], row[2], 'the same label');
      for (let c = 3; c < row.length; c++) worst = Math.max(worst, Math.abs(Number(row[c]) - Number(streamed[i][c])));
    });
    t.true(worst <= 1e-5, `largest difference ${worst}${raw.length ? ' (raw)' : ''}`);
  }
});

test('the JSON document has the same fields in the same order, and F summed over the batches is F of all rows', (t) => {
  const whole = JSON.parse(run([emails, '--format', 'json']));
  const streamed = JSON.parse(run([emails, '--format', 'json', '--stream', '--batch-size', '50']));
  t.deepEqual(Object.keys(streamed), Object.keys(whole));
  t.deepEqual(Object.keys(whole), [
    'command',
    'model',
    'values',
    'columns',
    'rows',
    'objective',
    'iterations',
    'converged',
    'device',
  ]);
  t.deepEqual(streamed.columns, whole.columns);
  t.deepEqual(
    streamed.rows.map((r: { id: string }) => r.id),
    whole.rows.map((r: { id: string }) => r.id),
  );
  t.true(
    Math.abs(streamed.objective - whole.objective) <= 1e-6 * whole.objective,
    `${streamed.objective} against ${whole.objective}`,
  );
});

test('aligned text of a table within one batch is the bytes transform writes', (t) => {
  t.is(run([emails, '--stream', '--batch-size', '4096']), run([emails]));
});

test('stdin is read once: --stream takes it', (t) => {
  const out = run(['-', '--stream', '--format', 'tsv'], 'cheap pills online now\nmeeting notes for the project\n');
  const rows = out.trim().split('\n');
  t.is(rows.length, 3);
  t.deepEqual(
    rows.slice(1).map((r) => r.split('\t')[0]),
    ['1', '2'],
  );
});
