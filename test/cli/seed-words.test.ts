import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails');
const dir = scratchDir('seeds');
const seeds = join(dir, 'seeds.txt');
const SEEDS = [
  ['linux', 'kernel', 'rpm'],
  ['money', 'business', 'credit'],
  ['razor', 'spamassassin', 'spam'],
];
writeFileSync(seeds, `# three named topics\n${SEEDS.map((s) => s.join(' ')).join('\n')}\n`);
type Out = { objective: number; topics: { words: { word: string }[] }[] };
const run = (extra: string[]): Out => {
  const r = latent(['topics', emails, '-k', '8', '--seed', '1', '--format', 'json', '--no-coherence', ...extra]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

test("--seed-words: each seed line's words are the top of topics 1–3, at little cost in F", (t) => {
  const plain = run([]),
    seeded = run(['--seed-words', seeds]);
  SEEDS.forEach((words, s) => {
    const top = seeded.topics[s].words.slice(0, words.length).map((w) => w.word);
    t.deepEqual([...top].sort(), [...words].sort(), `topic ${s + 1}: ${top.join(' ')}`);
  });
  // without seeds, no topic has any of these word sets as its top three
  for (const words of SEEDS)
    t.false(
      plain.topics.some((p) => words.every((w) => p.words.slice(0, 3).some((x) => x.word === w))),
      words.join(' '),
    );
  t.true(seeded.objective <= 1.01 * plain.objective, `F ${seeded.objective} seeded, ${plain.objective} not`);
});

test('--seed-words refuses a word the corpus lacks, naming the line; more seeds than k', (t) => {
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, 'linux kernel\nmoney zyxwvutsrq\n');
  const r = latent(['topics', emails, '-k', '4', '--seed-words', bad]);
  t.is(r.code, 1);
  t.regex(r.stderr, /bad\.txt:2: "zyxwvutsrq" is not a term of the corpus/);
  t.is(r.stdout, '');
  const few = latent(['topics', emails, '-k', '2', '--seed-words', seeds, '--no-coherence']);
  t.is(few.code, 2);
  t.regex(few.stderr, /3 seeded topics but -k 2/);
});
