import test from 'ava';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

test('show --model prints the topics the fit printed, in every format, without refitting', (t) => {
  const model = join(scratchDir('show'), 'emails.model');
  const emails = join(FIXTURES, 'emails');
  const fit = latent(['topics', emails, '-k', '5', '--top', '7', '--format', 'json', '--model', model, '-q']);
  t.is(fit.code, 0, fit.stderr);
  const shown = latent(['show', '--model', model, '--top', '7', '--format', 'json']);
  t.is(shown.code, 0, shown.stderr);
  const [a, b] = [JSON.parse(fit.stdout), JSON.parse(shown.stdout)];
  t.deepEqual(b.topics, a.topics);
  t.deepEqual(b.coherence, a.coherence);
  t.is(b.objective, a.objective);
  // text is byte for byte what the fit printed
  const fitText = latent(['topics', emails, '-k', '5', '--top', '7', '-q']);
  t.is(latent(['show', '--model', model, '--top', '7']).stdout, fitText.stdout);
  // another --top has other words, and the saved scores (over 7 words) are not shown for them
  const three = JSON.parse(latent(['show', '--model', model, '--top', '3', '--format', 'json']).stdout);
  t.deepEqual(three.topics[0].words, a.topics[0].words.slice(0, 3));
  t.is(three.topics[0].npmi, undefined);
});

test('show --model of a matrix model lists each component\'s heaviest labelled columns', (t) => {
  const model = join(scratchDir('show'), 'small.model');
  t.is(latent(['factorize', join(FIXTURES, 'matrix', 'small.csv'), '-k', '3', '--model', model, '-q']).code, 0);
  const r = latent(['show', '--model', model, '--top', '2', '--format', 'csv']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.is(lines[0], 'component,share,rank,column,weight');
  t.is(lines.length, 1 + 3 * 2);
  const shares = [1, 3, 5].map((i) => Number(lines[i].split(',')[1]));
  t.true(Math.abs(shares.reduce((s, v) => s + v, 0) - 1) < 1e-5);
});
