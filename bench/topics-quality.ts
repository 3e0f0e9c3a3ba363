// Topic quality side by side: latent's default pipeline against scikit-learn's usual one (TfidfVectorizer
// with its English stop words, min_df=2, max_df=0.95, then NMF(init='nndsvda', solver='cd')), on the
// shipped emails and on the whole SpamAssassin corpus (bodies), k = 10 and 20. Neither side grades
// itself: gensim's CoherenceModel scores both tools' top 10 words over the same texts, twice —
//   raw:   scikit-learn's analyzer over the files as they are (markup included);
//   clean: latent's tokens (markup and addresses stripped).
// Also: the largest topic's share of Σ WH, and how many top words are HTML tag or attribute names.
// And a check: latent's own NPMI (printed with its topics) against gensim's over the same tokens.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { body, spamAssassin, writeEmails } from './datasets.js';
import { peerEnv, peerScript, PYTHON } from './peer-python.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const TAGS = new Set(
  (
    'html head body div span font table tbody tr td th br hr img src href nbsp align width height ' +
    'border face size color bgcolor center arial verdana helvetica style class li ul ol meta http ' +
    'www com gif jpg cellpadding cellspacing valign colspan'
  ).split(' '),
);
const TOP = 10;

function python(request: object): any {
  const run = spawnSync(PYTHON, [peerScript('topic_quality.py')], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    env: peerEnv(),
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0)
    throw new Error((run.stderr || run.error?.message || 'python failed').trim().split('\n').at(-1));
  return JSON.parse(run.stdout);
}

function node(script: string, args: string[]): string {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(run.stderr.trim().split('\n').at(-1));
  return run.stdout;
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
};

const dir = mkdtempSync(join(tmpdir(), 'latent-quality-'));
try {
  process.stderr.write('writing the SpamAssassin corpus (bodies)…\n');
  writeEmails(join(dir, 'spam'), spamAssassin(), body);
  const corpora = [
    ['fixtures/emails (300)', here('../../fixtures/emails')],
    ['SpamAssassin (6,046)', join(dir, 'spam')],
  ];
  const rows = [
    ['corpus', 'k', 'tool', 'NPMI raw', 'NPMI clean', 'UMass clean', 'largest topic', 'tag words', 'seconds'],
  ];
  const agreement: number[] = [];
  for (const [name, root] of corpora) {
    process.stderr.write(`${name}: reference tokens…\n`);
    const raw = python({ do: 'tokens', root }).texts as string[][];
    const clean = JSON.parse(node(here('./topic-texts.js'), [root])).texts as string[][];
    for (const k of [10, 20]) {
      process.stderr.write(`${name}, k=${k}: latent, scikit-learn, gensim…\n`);
      let start = performance.now();
      const ours = JSON.parse(
        node(here('../cli/main.js'), ['topics', root, '-k', String(k), '--top', String(TOP), '--format', 'json', '-q']),
      );
      const ourSeconds = (performance.now() - start) / 1000;
      start = performance.now();
      const theirs = python({ do: 'sklearn', root, k, top: TOP });
      const theirSeconds = (performance.now() - start) / 1000;
      const tools = [
        [
          'latent',
          ours.topics.map((t: any) => t.words.map((w: any) => w.word)),
          ours.topics.map((t: any) => t.share),
          ourSeconds,
        ],
        ['scikit-learn', theirs.topics, theirs.shares, theirSeconds],
      ] as const;
      for (const [tool, topics, shares, seconds] of tools) {
        const onRaw = python({ do: 'score', texts: raw, topics });
        const onClean = python({ do: 'score', texts: clean, topics });
        const tags = (topics as string[][]).flat().filter((w) => TAGS.has(w)).length;
        rows.push([
          name,
          String(k),
          tool,
          mean(onRaw.c_npmi).toFixed(3) + (onRaw.missing ? ` (${onRaw.missing} words absent)` : ''),
          mean(onClean.c_npmi).toFixed(3) + (onClean.missing ? ` (${onClean.missing} absent)` : ''),
          mean(onClean.u_mass).toFixed(2),
          `${(100 * Math.max(...(shares as number[]))).toFixed(1)}%`,
          String(tags),
          seconds.toFixed(2),
        ]);
        if (tool === 'latent')
          ours.topics.forEach((t: any, i: number) => {
            if (t.npmi !== null && onClean.c_npmi[i] !== null) agreement.push(Math.abs(t.npmi - onClean.c_npmi[i]));
          });
      }
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    process.stdout.write(
      r
        .map((v, i) => v.padEnd(widths[i]))
        .join('  ')
        .trimEnd() + '\n',
    );
  process.stdout.write(
    `latent's NPMI against gensim's over the same tokens: largest difference ` +
      `per topic ${Math.max(...agreement).toExponential(2)} over ${agreement.length} topics\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
