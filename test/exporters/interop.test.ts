// What pyLDAvis and spreadsheet users read of a text model: the arrays of pyLDAvis.prepare() by their
// definitions (distributions summing to 1, token counts by hand), and the terms × topics matrix as Hᵀ.
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dense } from '../../core/index.js';
import { pyLdavisInput, topicWordMatrix } from '../../exporters/index.js';
import { latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('interop');

test("pyLDAvis input: H's and W's rows as distributions, a zero row uniform, lengths and counts in tokens", (t) => {
  const W = dense(3, 2, Float32Array.from([1, 3, 0, 0, 2, 2])),
    H = dense(2, 3, Float32Array.from([1, 1, 2, 0, 4, 0]));
  // documents' words as columns, −1 a pruned word: [0 0 2], [1 −1], [2 2 0 1]
  const tokens = { ids: Int32Array.from([0, 0, 2, 1, -1, 2, 2, 0, 1]), offsets: Int32Array.from([0, 3, 5, 9]) };
  const p = pyLdavisInput(W, H, ['a', 'b', 'c'], tokens);
  t.deepEqual(p.topic_term_dists, [
    [0.25, 0.25, 0.5],
    [0, 1, 0],
  ]);
  t.deepEqual(p.doc_topic_dists, [
    [0.25, 0.75],
    [0.5, 0.5],
    [0.5, 0.5],
  ]);
  t.deepEqual(p.doc_lengths, [3, 1, 4]);
  t.deepEqual(p.term_frequency, [3, 2, 3]);
  t.deepEqual(p.vocab, ['a', 'b', 'c']);
  // a term without a word count (a phrase) is refused, naming it
  t.throws(
    () =>
      pyLdavisInput(W, H, ['a', 'b', 'c'], { ids: Int32Array.from([0, 1]), offsets: Int32Array.from([0, 1, 2, 2]) }),
    { message: /"c" has no word count/ },
  );
});

test('the topic-word matrix is Hᵀ with a row per term', (t) => {
  const H = dense(2, 3, Float32Array.from([1, 0.5, 0, 0, 0.25, 2]));
  t.is(topicWordMatrix(H, ['x', 'y', 'z'], 'csv'), 'id,topic1,topic2\nx,1,0\ny,0.5,0.25\nz,0,2\n');
});

test("topics --pyldavis and --topic-words: the files agree with the model and the corpus's counts", (t) => {
  const corpus = join(dir, 'fruit.txt');
  writeFileSync(corpus, 'apple banana apple\nbanana cherry\ncherry cherry apple\napple cherry banana\n');
  const model = join(dir, 'm.json'),
    pl = join(dir, 'p.json'),
    tw = join(dir, 'tw.tsv');
  const run = latent([
    'topics',
    corpus,
    '-k',
    '2',
    '--min-df',
    '1',
    '-q',
    '--model',
    model,
    '--pyldavis',
    pl,
    '--topic-words',
    tw,
  ]);
  t.is(run.code, 0, run.stderr);
  const p = JSON.parse(readFileSync(pl, 'utf8'));
  t.deepEqual(p.vocab, ['apple', 'banana', 'cherry']);
  t.deepEqual(p.term_frequency, [4, 3, 4]);
  t.deepEqual(p.doc_lengths, [3, 2, 3, 3]);
  for (const row of [...p.topic_term_dists, ...p.doc_topic_dists])
    t.true(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-12);
  const lines = readFileSync(tw, 'utf8').trim().split('\n');
  t.is(lines[0], 'id\ttopic1\ttopic2');
  t.deepEqual(
    lines.slice(1).map((l) => l.split('\t')[0]),
    ['apple', 'banana', 'cherry'],
  );
  // each topic's column, normalized, is pyLDAvis's topic-term row
  for (let topic = 0; topic < 2; topic++) {
    const column = lines.slice(1).map((l) => Number(l.split('\t')[topic + 1])),
      sum = column.reduce((a, b) => a + b, 0);
    column.forEach((v, j) => t.true(Math.abs(v / sum - p.topic_term_dists[topic][j]) < 1e-5));
  }
  const refused = latent(['topics', corpus, '-k', '2', '--pyldavis', join(dir, 'p.html')]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /--pyldavis .*p\.html: latent writes \.json here/);
});
