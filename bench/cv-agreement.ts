// c_v: latent's (printed with its topics) against gensim's CoherenceModel(coherence='c_v') over the same
// tokens, per topic, on the shipped emails at k = 10 and 20. Prints the largest difference.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const emails = here('../../fixtures/emails');

function run(command: string, args: string[], input?: string): string {
  const r = spawnSync(command, args, { input, encoding: 'utf8', env: peerEnv(), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error((r.stderr || r.error?.message || `${command} failed`).trim().split('\n').at(-1));
  return r.stdout;
}

const texts = JSON.parse(run(process.execPath, [here('./topic-texts.js'), emails])).texts as string[][];
let largest = 0,
  topics = 0;
for (const k of [10, 20]) {
  const ours = JSON.parse(
    run(process.execPath, [here('../cli/main.js'), 'topics', emails, '-k', String(k), '--format', 'json', '-q']),
  );
  const words = ours.topics.map((t: { words: { word: string }[] }) => t.words.map((w) => w.word));
  const theirs = JSON.parse(
    run(PYTHON, [peerScript('topic_quality.py')], JSON.stringify({ do: 'score', texts, topics: words })),
  );
  ours.topics.forEach((t: { cv: number | null }, i: number) => {
    if (t.cv === null || theirs.c_v[i] === null) return;
    largest = Math.max(largest, Math.abs(t.cv - theirs.c_v[i]));
    topics++;
  });
  process.stdout.write(
    `fixtures/emails, k=${k}: mean c_v latent ${ours.coherence.cv.toFixed(6)}, gensim ` +
      `${(theirs.c_v.reduce((a: number, b: number) => a + b, 0) / theirs.c_v.length).toFixed(6)}\n`,
  );
}
process.stdout.write(
  `latent's c_v against gensim's over the same tokens: largest difference ` +
    `per topic ${largest.toExponential(2)} over ${topics} topics\n`,
);
