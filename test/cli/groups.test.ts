import test from 'ava';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

// The shipped emails as a table: the group folder as the class, the Date: line (where a body quotes
// one) as an ISO day, else no date
const dir = scratchDir('groups');
const rows = readdirSync(join(FIXTURES, 'emails'))
  .sort()
  .flatMap((folder) =>
    readdirSync(join(FIXTURES, 'emails', folder))
      .sort()
      .map((f) => {
        const text = readFileSync(join(FIXTURES, 'emails', folder, f), 'utf8');
        const date = Date.parse(/^\s*Date:\s*(.*)$/m.exec(text)?.[1] ?? '');
        return {
          id: f.slice(0, 5),
          class: folder.replace(/-\d$/, ''),
          date: Number.isNaN(date) ? '' : new Date(date).toISOString().slice(0, 10),
          text,
        };
      }),
  );
const table = join(dir, 'emails.csv');
writeFileSync(table, Papa.unparse(rows));
const base = ['topics', table, '--text-column', 'text', '--id-column', 'id', '-k', '4', '--seed', '1'];

test("topics --class-column --time-column: each topic's shares over classes and months add up to its share", (t) => {
  const r = latent([...base, '--class-column', 'class', '--time-column', 'date', '--format', 'json']);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const [classes, months] = out.groups;
  t.is(classes.by, 'class');
  t.deepEqual(
    classes.groups.map((g: { name: string }) => g.name),
    ['easy-ham', 'hard-ham', 'spam'],
  );
  t.is(months.by, 'period');
  const dated = rows.filter((d) => d.date !== '').map((d) => d.date.slice(0, 7));
  t.true(dated.length > 10, 'some emails quote a date');
  t.deepEqual(
    months.groups.map((g: { name: string }) => g.name),
    [...[...new Set(dated)].sort(), '(none)'],
  );
  for (const { groups } of out.groups) {
    t.is(
      groups.reduce((s: number, g: { documents: number }) => s + g.documents, 0),
      rows.length,
    );
    for (const topic of out.topics) {
      const sum = groups.reduce(
        (s: number, g: { topics: { share: number }[] }) => s + g.topics[topic.topic - 1].share,
        0,
      );
      t.true(Math.abs(sum - topic.share) < 1e-9, `topic ${topic.topic}: ${sum} vs ${topic.share}`);
    }
    for (const g of groups)
      t.true(Math.abs(g.topics.reduce((s: number, p: { shareInGroup: number }) => s + p.shareInGroup, 0) - 1) < 1e-9);
  }
  // the spam class's words for a topic are words of its own documents
  const spam = rows
    .filter((d) => d.class === 'spam')
    .map((d) => d.text.toLowerCase())
    .join('\n');
  for (const p of classes.groups[2].topics) for (const w of p.words) t.true(spam.includes(w.word), w.word);
});

test("topics --groups FILE: one row per group and topic in the file's format; text goes on stdout otherwise", (t) => {
  const file = join(dir, 'by-class.tsv');
  const r = latent([...base, '--class-column', 'class', '--groups', file, '--format', 'csv']);
  t.is(r.code, 0, r.stderr);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').trim(), {
    header: true,
    delimiter: '\t',
  });
  t.deepEqual(parsed.errors, []);
  t.is(parsed.data.length, 3 * 4);
  t.deepEqual(Object.keys(parsed.data[0]), [
    'by',
    'column',
    'group',
    'group_documents',
    'topic',
    'documents',
    'share',
    'share_in_group',
    'words',
  ]);
  t.false(r.stdout.includes('easy-ham'), 'stdout keeps the topics table alone');
  const text = latent([...base, '--class-column', 'class', '--time-column', 'date', '--time-bins', 'year']);
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, /Classes of "class": 3/);
  t.regex(text.stdout, /^2002 {2}\d+ documents$/m);
});

test('transform --class-column: the per-class table of new documents with a saved model', (t) => {
  const model = join(dir, 'emails.model'),
    file = join(dir, 'transform-classes.csv');
  t.is(latent([...base, '--model', model]).code, 0);
  const r = latent([
    'transform',
    '--model',
    model,
    table,
    '--text-column',
    'text',
    '--class-column',
    'class',
    '--groups',
    file,
  ]);
  t.is(r.code, 0, r.stderr);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').trim(), { header: true });
  t.is(parsed.data.length, 3 * 4);
  t.is(
    parsed.data.filter((d) => d.topic === '1').reduce((s, d) => s + Number(d.group_documents), 0),
    rows.length,
  );
});

test('group flags refused where they cannot work, in one line', (t) => {
  const folder = latent(['topics', join(FIXTURES, 'emails'), '--class-column', 'class']);
  t.is(folder.code, 2);
  t.regex(folder.stderr, /--class-column "class" names a column, but .* is a folder/);
  const csv = latent([...base, '--class-column', 'class', '--format', 'csv']);
  t.is(csv.code, 2);
  t.regex(csv.stderr, /write the per-group table to a file with --groups FILE/);
  const missing = latent([...base, '--class-column', 'genre']);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /no column "genre" for --class-column/);
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'text,date\nfree money now,2024-01-02\nfree money today,tomorrow\n');
  const r = latent([
    'topics',
    bad,
    '--text-column',
    'text',
    '--time-column',
    'date',
    '-k',
    '1',
    '--min-df',
    '1',
    '--no-coherence',
  ]);
  t.is(r.code, 1);
  t.regex(r.stderr, /document 2 \(--time-column date\): "tomorrow" is not a date/);
  t.is(r.stdout, '');
  const transform = latent(['transform', '--model', 'x.model', table, '--class-column', 'class']);
  t.is(transform.code, 2);
  t.regex(transform.stderr, /stdout holds the coefficients; write the per-group table to a file with --groups FILE/);
});

test('JSONL documents carry their class from a field, nested paths allowed', (t) => {
  const file = join(dir, 'docs.jsonl');
  writeFileSync(
    file,
    [
      '{"text":"free money offer","meta":{"kind":"spam"}}',
      '{"text":"linux kernel patch","meta":{"kind":"ham"}}',
      '{"text":"free offer money now","meta":{"kind":"spam"}}',
      '{"text":"kernel patch for linux"}',
    ].join('\n') + '\n',
  );
  const r = latent([
    'topics',
    file,
    '--class-column',
    'meta.kind',
    '-k',
    '2',
    '--min-df',
    '1',
    '--no-coherence',
    '--format',
    'json',
  ]);
  t.is(r.code, 0, r.stderr);
  const [classes] = JSON.parse(r.stdout).groups;
  t.deepEqual(
    classes.groups.map((g: { name: string; documents: number }) => [g.name, g.documents]),
    [
      ['ham', 1],
      ['spam', 2],
      ['(none)', 1],
    ],
  );
});

test("--labels FILE: a folder's documents classed by a CSV of their paths; unlisted ones as (none)", (t) => {
  const labels = join(dir, 'labels.csv');
  const listed = readdirSync(join(FIXTURES, 'emails'))
    .sort()
    .flatMap((folder) =>
      readdirSync(join(FIXTURES, 'emails', folder)).map((f) => ({
        id: `${folder}/${f}`,
        kind: folder.startsWith('spam') ? 'spam' : 'ham',
      })),
    );
  // one email left out of the file
  writeFileSync(labels, Papa.unparse(listed.slice(1)));
  const r = latent([
    'topics',
    join(FIXTURES, 'emails'),
    '-k',
    '3',
    '--seed',
    '1',
    '--no-coherence',
    '--labels',
    labels,
    '--class-column',
    'kind',
    '--format',
    'json',
  ]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /1 of 300 documents are not in .*labels\.csv: they are grouped as \(none\)/);
  const [classes] = JSON.parse(r.stdout).groups;
  const count = (kind: string) => listed.slice(1).filter((d) => d.kind === kind).length;
  t.deepEqual(
    classes.groups.map((g: { name: string; documents: number }) => [g.name, g.documents]),
    [
      ['ham', count('ham')],
      ['spam', count('spam')],
      ['(none)', 1],
    ],
  );
  const wrong = latent(['topics', join(FIXTURES, 'emails'), '--labels', labels, '--class-column', 'genre']);
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /labels\.csv: no column "genre" for --class-column/);
});

test('topics --stream --class-column --time-column: the final pass sums them; shares still add up', (t) => {
  const file = join(dir, 'stream-groups.json');
  const r = latent([
    ...base,
    '--stream',
    '--batch-size',
    '64',
    '--no-coherence',
    '--class-column',
    'class',
    '--time-column',
    'date',
    '--groups',
    file,
    '--format',
    'json',
  ]);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const rowsOf = (by: string) =>
    (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | number>[]).filter((x) => x.by === by);
  for (const by of ['class', 'period']) {
    const table = rowsOf(by);
    for (const topic of out.topics) {
      const sum = table.filter((x) => x.topic === topic.topic).reduce((s, x) => s + Number(x.share), 0);
      t.true(Math.abs(sum - topic.share) < 1e-5, `${by}, topic ${topic.topic}: ${sum} vs ${topic.share}`);
    }
    t.is(
      table.filter((x) => x.topic === 1).reduce((s, x) => s + Number(x.group_documents), 0),
      rows.length,
    );
  }
  t.deepEqual([...new Set(rowsOf('class').map((x) => x.group))], ['easy-ham', 'hard-ham', 'spam']);
  const spans = latent([...base, '--stream', '--time-column', 'date', '--time-bins', '4']);
  t.is(spans.code, 2);
  t.regex(spans.stderr, /--time-bins 4: equal spans need the first and last dates/);
});
