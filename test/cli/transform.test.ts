import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

test('transform with a saved model gives the training documents the weights training gave', (t) => {
  const dir = scratchDir('model');
  const emails = join(FIXTURES, 'emails');
  const model = join(dir, 'emails.model'),
    docTopics = join(dir, 'doc-topics.csv');
  const train = latent([
    'topics',
    emails,
    '-k',
    '4',
    '--max-iter',
    '400',
    '--tol',
    '1e-7',
    '--model',
    model,
    '--doc-topics',
    docTopics,
    '-q',
  ]);
  t.is(train.code, 0, train.stderr);
  const again = latent(['transform', '--model', model, emails, '--max-iter', '400', '--format', 'csv']);
  t.is(again.code, 0, again.stderr);
  const [header, ...trained] = Papa.parse<string[]>(readFileSync(docTopics, 'utf8').trim()).data;
  const [columns, ...transformed] = Papa.parse<string[]>(again.stdout.trim()).data;
  // the same table as --doc-topics: the document, its heaviest topic and that topic's label, then
  // proportions that sum to 1
  t.deepEqual(columns, header);
  t.deepEqual(columns, ['document', 'topic', 'label', 'topic1', 'topic2', 'topic3', 'topic4']);
  // a topic's label is the same in both tables, and is three words
  const labelOf = new Map(trained.map((row) => [row[1], row[2]]));
  for (const row of transformed) {
    if (row[1] !== '0') {
      t.is(row[2], labelOf.get(row[1]) ?? row[2]);
      t.is(row[2].split(' ').length, 3);
    } else t.is(row[2], '');
    const sum = row.slice(3).reduce((s, v) => s + Number(v), 0);
    t.true(Math.abs(sum - 1) < 1e-5 || sum === 0, `a row sums to ${sum}`);
  }
  t.is(transformed.length, trained.length);
  let diff = 0,
    scale = 0;
  trained.forEach((row, i) => {
    t.is(transformed[i][0], row[0]);
    for (let c = 3; c < 7; c++) {
      diff += (Number(row[c]) - Number(transformed[i][c])) ** 2;
      scale += Number(row[c]) ** 2;
    }
  });
  t.true(Math.sqrt(diff / scale) < 0.05, `relative difference ${Math.sqrt(diff / scale)}`);
});

test('transform refuses a corrupt model file or one of another kind, in one line', (t) => {
  const dir = scratchDir('bad-model');
  writeFileSync(join(dir, 'broken.model'), '{"format": "latent-model", "version": 1, "kind": "te');
  writeFileSync(join(dir, 'other.json'), '{"name": "not a model"}');
  for (const [file, why] of [
    ['broken.model', /not JSON/],
    ['other.json', /no "format": "latent-model"/],
  ] as const) {
    const r = latent(['transform', '--model', join(dir, file), join(FIXTURES, 'emails')]);
    t.is(r.code, 1);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.regex(r.stderr, why);
    t.is(r.stdout, '');
  }
});

test('transform runs where it is asked to, whatever device the model was fitted on', (t) => {
  const dir = scratchDir('device');
  const matrix = join(FIXTURES, 'matrix', 'small.mtx'),
    model = join(dir, 'm.json');
  const env = { ...process.env };
  delete env.LATENT_WEBGPU_SOFTWARE;
  const train = latent(['factorize', matrix, '-k', '2', '--device', 'webasm', '--model', model, '-q'], { env });
  t.is(train.code, 0, train.stderr);
  // as if it had been fitted on a GPU machine: the saved device is one this machine may not have
  const saved = JSON.parse(readFileSync(model, 'utf8'));
  saved.options.device = 'webgpu';
  writeFileSync(model, JSON.stringify(saved));
  const weights = (args: string[]) => {
    const r = latent(
      [
        'transform',
        '--model',
        model,
        matrix,
        '--format',
        'json',
        '--raw',
        '--tol',
        '1e-8',
        '--max-iter',
        '500',
        ...args,
      ],
      { env },
    );
    t.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { device: string; rows: { weights: number[] }[] };
    return { device: out.device, W: out.rows.flatMap((row) => row.weights) };
  };
  const cpu = weights(['--device', 'cpu']),
    webasm = weights(['--device', 'webasm']),
    auto = weights([]);
  t.is(cpu.device, 'cpu');
  t.is(webasm.device, 'webasm');
  t.not(auto.device, 'webgpu');
  // the same W on either CPU device, to float32 rounding
  const diff = Math.sqrt(
    cpu.W.reduce((s, v, i) => s + (v - webasm.W[i]) ** 2, 0) / cpu.W.reduce((s, v) => s + v * v, 0),
  );
  t.true(diff < 1e-4, `relative difference ${diff}`);
});
