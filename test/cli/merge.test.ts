import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails');
const dir = scratchDir('merge');
const model = join(dir, 'k8.model');
const fitted = latent(['topics', emails, '-k', '8', '--seed', '1', '--model', model, '--no-coherence']);
const decode = (m: { rows: number; cols: number; base64: string }) =>
  new Float32Array(new Uint8Array(Buffer.from(m.base64, 'base64')).buffer);
const F = (args: string[]) =>
  JSON.parse(latent([...args, '--format', 'json', '-q', '--no-coherence']).stdout).objective as number;

test('merge --reduce-to 7: one topic fewer, F within 1% of the best fresh fit at k = 7', (t) => {
  t.is(fitted.code, 0, fitted.stderr);
  const out = join(dir, 'k7.model');
  const r = latent(['merge', '--model', model, emails, '--reduce-to', '7', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const merged = JSON.parse(readFileSync(out, 'utf8'));
  t.is(merged.H.rows, 7);
  t.is(merged.options.k, 7);
  t.is(merged.merges.length, 1);
  const [before, joined, refitted] = merged.merges[0].objective;
  t.true(refitted <= joined && joined >= before, `F ${before} → ${joined} → ${refitted}`);
  t.is(merged.objective, refitted);
  const fresh = Math.min(...[1, 2, 3].map((seed) => F(['topics', emails, '-k', '7', '--seed', String(seed)])));
  t.true(refitted <= 1.01 * fresh, `merged ${refitted}, fresh at k = 7 ${fresh}`);
  t.regex(r.stdout, /^topics \d+\+\d+ → topic \d+$/m);
  // the merged model is a model: transform and show read it, show says what was merged
  const tr = latent(['transform', '--model', out, emails, '--format', 'csv']);
  t.is(tr.code, 0, tr.stderr);
  t.is(tr.stdout.split('\n')[0].split(',').length, 3 + 7, 'document, topic, label and seven topics');
  t.regex(latent(['show', '--model', out]).stdout, /^merged \d+\+\d+ → \d+ \(k 8 → 7\)/);
});

test('merge --topics: the chosen topics joined, every other row of H as it was', (t) => {
  t.is(fitted.code, 0, fitted.stderr);
  const out = join(dir, 'joined.model');
  const r = latent(['merge', '--model', model, emails, '--topics', '2,5/7+8', '--out', out, '--sweeps', '5']);
  t.is(r.code, 0, r.stderr);
  const a = JSON.parse(readFileSync(model, 'utf8')),
    b = JSON.parse(readFileSync(out, 'utf8'));
  t.deepEqual(b.merges[0].groups, [
    { topics: [2, 5], into: 2 },
    { topics: [7, 8], into: 6 },
  ]);
  const V = a.H.cols,
    H0 = decode(a.H),
    H1 = decode(b.H);
  // old topics 1, 3, 4, 6 are new 1, 3, 4, 5
  for (const [from, to] of [
    [1, 1],
    [3, 3],
    [4, 4],
    [6, 5],
  ])
    t.deepEqual(Array.from(H1.subarray((to - 1) * V, to * V)), Array.from(H0.subarray((from - 1) * V, from * V)));
});

test('merge refuses in one line: no choice, a bad topic, other data', (t) => {
  t.is(fitted.code, 0, fitted.stderr);
  const out = join(dir, 'never.model');
  const none = latent(['merge', '--model', model, emails, '--out', out]);
  t.is(none.code, 2);
  t.regex(none.stderr, /--topics 3,7, or a number of topics with --reduce-to N/);
  const bad = latent(['merge', '--model', model, emails, '--topics', '2,9', '--out', out]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--topics "2,9": give two or more different topic numbers from 1 to 8/);
  const other = latent(['merge', '--model', model, join(emails, 'spam-1'), '--topics', '1,2', '--out', out]);
  t.is(other.code, 1);
  t.regex(other.stderr, /not the data .* was fitted on/);
});
