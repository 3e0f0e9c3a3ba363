import test from 'ava';
import { readFileSync } from 'node:fs';
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

test("show --model of a matrix model lists each component's heaviest labelled columns", (t) => {
  const dir = scratchDir('show'),
    model = join(dir, 'small.model'),
    prefix = join(dir, 'small');
  const fit = latent([
    'factorize',
    join(FIXTURES, 'matrix', 'small.csv'),
    '-k',
    '3',
    '--model',
    model,
    '-o',
    prefix,
    '--format',
    'csv',
    '-q',
  ]);
  t.is(fit.code, 0, fit.stderr);
  const r = latent(['show', '--model', model, '--top', '2', '--format', 'csv']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  t.is(lines[0], 'component,share,rank,column,weight');
  t.is(lines.length, 1 + 3 * 2);
  const shares = [1, 3, 5].map((i) => Number(lines[i].split(',')[1]));
  t.true(Math.abs(shares.reduce((s, v) => s + v, 0) - 1) < 1e-5);
  // each component's two heaviest columns of the H the fit wrote, by their labels in the CSV's header,
  // heaviest first
  const [header, ...rowsOfH] = readFileSync(`${prefix}.H.csv`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const labels = header.slice(1);
  rowsOfH.forEach((row, c) => {
    const weights = row.slice(1).map(Number);
    const heaviest = labels
      .map((label, j) => ({ label, w: weights[j] }))
      .sort((a, b) => b.w - a.w)
      .slice(0, 2);
    t.true(
      heaviest[1].w >
        weights
          .filter((_, j) => labels[j] !== heaviest[0].label && labels[j] !== heaviest[1].label)
          .reduce((m, w) => Math.max(m, w), 0),
      'no tie decides the order',
    );
    heaviest.forEach(({ label, w }, rank) => {
      const [component, , shownRank, column, weight] = lines[1 + 2 * c + rank].split(',');
      t.deepEqual([component, shownRank, column], [String(c + 1), String(rank + 1), label]);
      t.true(Math.abs(Number(weight) - w) <= 1e-5 * w, `component ${c + 1}, ${label}: ${weight} against H's ${w}`);
    });
  });
});
