import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent, shell, BIN } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails');
const corpus = (() => {
  const all: string[] = [];
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : all.push(readFileSync(join(d, e.name), 'utf8').toLowerCase()),
    );
  walk(emails);
  return all.join('\n');
})();

const args = [emails, '-k', '4', '--top', '6', '--seed', '1'];

test('topics: JSON output is one document with k topics of --top words from the corpus', (t) => {
  const r = latent(['topics', ...args, '--format', 'json']);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.is(doc.topics.length, 4);
  for (const topic of doc.topics) {
    t.is(topic.words.length, 6);
    for (const w of topic.words) t.true(corpus.includes(w.word), w.word);
  }
  t.is(doc.options.k, 4);
  t.is(typeof doc.objective, 'number');
  t.is(doc.restarts.length, 1);
  t.true(['webgpu', 'headlessgl', 'webasm', 'cpu'].includes(doc.device), 'the device auto picked is reported');
  t.false(r.stderr.includes('"topics"'), 'no data on stderr');
});

test('topics: CSV and TSV parse to k × top rows; text shows every topic', (t) => {
  for (const [format, delimiter] of [
    ['csv', ','],
    ['tsv', '\t'],
  ] as const) {
    const r = latent(['topics', ...args, '--format', format]);
    t.is(r.code, 0, r.stderr);
    const parsed = Papa.parse<Record<string, string>>(r.stdout.trim(), { header: true, delimiter });
    t.deepEqual(parsed.errors, []);
    t.is(parsed.data.length, 24);
    t.deepEqual(parsed.meta.fields, ['topic', 'share', 'npmi', 'umass', 'cv', 'rank', 'word', 'weight']);
    for (const row of parsed.data) t.true(Number(row.npmi) >= -1 && Number(row.npmi) <= 1, `NPMI ${row.npmi}`);
    t.false(r.stderr.includes('topic,share') || r.stderr.includes('topic\tshare'));
  }
  const text = latent(['topics', ...args]);
  t.is(text.code, 0);
  t.is(text.stdout.match(/^Topic \d+ /gm)?.length, 4);
});

test('topics: the same command twice prints the same bytes', (t) => {
  const a = latent(['topics', ...args, '--restarts', '2', '--format', 'csv']),
    b = latent(['topics', ...args, '--restarts', '2', '--format', 'csv']);
  t.is(a.code, 0);
  t.is(a.stdout, b.stdout);
});

test('topics from stdin and a document-topic table', (t) => {
  const lines = [
    'apples and pears are fruit',
    'pears and plums',
    'rust and go are languages',
    'go compiles fast',
    'rust compiles safely',
    'fruit salad with plums',
  ].join('\n');
  const table = join(scratchDir('dt'), 'doc-topics.tsv');
  const r = latent(
    ['topics', '-', '-k', '2', '--min-df', '1', '--max-df', '1', '--format', 'json', '-q', '--doc-topics', table],
    { input: lines },
  );
  t.is(r.code, 0, r.stderr);
  t.is(JSON.parse(r.stdout).documents, 6);
  t.is(r.stderr, '', '--quiet prints nothing on stderr');
  const rows = readFileSync(table, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  t.deepEqual(rows[0], ['document', 'topic', 'label', 'topic1', 'topic2']);
  t.deepEqual(
    rows.slice(1).map((r) => r[0]),
    ['1', '2', '3', '4', '5', '6'],
  );
  // each row's label is its heaviest topic's three top words, as the topics list has them
  const topics: { topic: number; words: { word: string }[] }[] = JSON.parse(r.stdout).topics;
  for (const row of rows.slice(1))
    t.is(
      row[2],
      topics
        .find((x) => String(x.topic) === row[1])!
        .words.slice(0, 3)
        .map((w) => w.word)
        .join(' '),
    );
  // the fruit documents share a topic, the programming ones the other
  t.is(rows[1][1], rows[2][1]);
  t.is(rows[3][1], rows[4][1]);
  t.not(rows[1][1], rows[3][1]);
});

test('piping into head ends quietly, without an EPIPE stack', (t) => {
  const r = shell(`node ${BIN} topics ${emails} -k 3 --format csv | head -n 1`);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'topic,share,npmi,umass,cv,rank,word,weight\n');
  t.false(/EPIPE|Error/.test(r.stderr), r.stderr);
});

test('topics: each topic carries its NPMI; --top-docs shows its documents of highest proportion', (t) => {
  const r = latent(['topics', ...args, '--top-docs', '3', '--format', 'json', '-q']);
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.true(doc.coherence.npmi >= -1 && doc.coherence.npmi <= 1);
  t.true(doc.coherence.diversity > 0 && doc.coherence.diversity <= 1);
  for (const topic of doc.topics) {
    t.true(topic.npmi >= -1 && topic.npmi <= 1);
    t.is(topic.documents.length, 3);
    const shares = topic.documents.map((d: { share: number }) => d.share);
    t.deepEqual(
      shares,
      [...shares].sort((a, b) => b - a),
      'documents in order of proportion',
    );
    for (const d of topic.documents) {
      t.true(d.text.length > 0 && d.text.length <= 80);
      t.false(/<[a-z]+[ >]/i.test(d.text), `no markup in ${d.text}`);
    }
  }
  const text = latent(['topics', ...args, '--top-docs', '2']);
  t.regex(text.stdout, /^Topic 1 {2}[\d.]+% {2}NPMI -?\d\.\d{3} {2}UMass/m);
  t.regex(text.stdout, /^Mean NPMI -?\d\.\d{3}, mean UMass/m);
});

test('topics: CSV on stdin with --text-column gives one document per row, quoted newlines included', (t) => {
  const subjects = ['apple banana cherry', 'engine motor wheel', 'river lake ocean'];
  const rows = Array.from(
    { length: 300 },
    (_, i) => `${i},"${subjects[i % 3]}\nsecond line, with ""quotes"" ${subjects[i % 3]}"`,
  );
  const r = latent(['topics', '-', '--text-column', 'body', '--id-column', 'id', '-k', '3', '--format', 'json', '-q'], {
    input: `id,body\n${rows.join('\n')}\n`,
  });
  t.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  t.is(doc.documents, 300);
  t.deepEqual(
    doc.topics
      .map((x: { words: { word: string }[] }) =>
        x.words
          .map((w) => w.word)
          .sort()
          .join(' '),
      )
      .sort(),
    ['apple banana cherry', 'engine motor wheel', 'lake ocean river'],
  );
});

test('--doc-topics: proportions that sum to 1 (a document with no kept word stays all zero); --raw gives W', (t) => {
  const lines = [
    'apples and pears are fruit',
    'pears and plums',
    'rust and go are languages',
    'go compiles fast',
    'x 1',
    'fruit salad with plums',
  ].join('\n');
  const dir = scratchDir('dt');
  for (const raw of [false, true]) {
    const table = join(dir, `dt-${raw}.csv`);
    const r = latent(
      [
        'topics',
        '-',
        '-k',
        '2',
        '--min-df',
        '1',
        '--max-df',
        '1',
        '-q',
        '--doc-topics',
        table,
        ...(raw ? ['--raw'] : []),
      ],
      { input: lines },
    );
    t.is(r.code, 0, r.stderr);
    const cells = readFileSync(table, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    t.deepEqual(cells[4].slice(1, 3), ['0', ''], 'no heaviest topic, no label');
    const rows = cells.map((l) => l.slice(3).map(Number));
    t.deepEqual(rows[4], [0, 0], 'the document of one short word has no weight and no NaN');
    const sums = rows.map((w) => w[0] + w[1]);
    if (!raw)
      for (const [i, s] of sums.entries())
        if (i !== 4) t.true(Math.abs(s - 1) < 1e-6, `row ${i} sums to ${s}`);
        else
          t.true(
            sums.some((s) => Math.abs(s - 1) > 1e-3),
            'W itself is not normalized',
          );
  }
});
