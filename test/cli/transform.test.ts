import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent } from './run.js';

test('transform with a saved model gives the training documents the weights training gave', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-model-'));
  const emails = join(FIXTURES, 'emails');
  const model = join(dir, 'emails.model'), docTopics = join(dir, 'doc-topics.csv');
  const train = latent(['topics', emails, '-k', '4', '--max-iter', '400', '--tol', '1e-7', '--model', model, '--doc-topics', docTopics, '-q']);
  t.is(train.code, 0, train.stderr);
  const again = latent(['transform', '--model', model, emails, '--max-iter', '400', '--format', 'csv']);
  t.is(again.code, 0, again.stderr);
  const trained = Papa.parse<string[]>(readFileSync(docTopics, 'utf8').trim()).data.slice(1);
  const transformed = Papa.parse<string[]>(again.stdout.trim()).data.slice(1);
  t.is(transformed.length, trained.length);
  let diff = 0, scale = 0;
  trained.forEach((row, i) => {
    t.is(transformed[i][0], row[0]);
    for (let c = 0; c < 4; c++) { diff += (Number(row[2 + c]) - Number(transformed[i][1 + c])) ** 2; scale += Number(row[2 + c]) ** 2; }
  });
  t.true(Math.sqrt(diff / scale) < 0.05, `relative difference ${Math.sqrt(diff / scale)}`);
});

test('transform refuses a corrupt model file or one of another kind, in one line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-bad-model-'));
  writeFileSync(join(dir, 'broken.model'), '{"format": "latent-model", "version": 1, "kind": "te');
  writeFileSync(join(dir, 'other.json'), '{"name": "not a model"}');
  for (const [file, why] of [['broken.model', /not JSON/], ['other.json', /no "format": "latent-model"/]] as const) {
    const r = latent(['transform', '--model', join(dir, file), join(FIXTURES, 'emails')]);
    t.is(r.code, 1);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.regex(r.stderr, why);
    t.is(r.stdout, '');
  }
});
