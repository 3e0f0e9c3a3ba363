// CSV injection: a text cell starting with = + - @ (or a tab, a carriage return) is written with a '
// in front in CSV and TSV, so a spreadsheet shows it as text; numbers and JSON are as they were.
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { dense } from '../../core/index.js';
import { formatFactor } from '../../exporters/factors.js';
import { formatTable } from '../../exporters/tables.js';
import { latent } from '../cli/run.js';
import { scratchDir } from '../scratch.js';

const ids = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tx', 'plain', 'a=b'];

test('CSV and TSV tables prefix formula-like text with a quote; numbers (negative too) and JSON are untouched', (t) => {
  const table = { columns: ['id', '=col', 'value'], rows: ids.map((id, i) => [id, id, i === 0 ? -0.5 : i]) };
  for (const format of ['csv', 'tsv'] as const) {
    const parsed = Papa.parse<string[]>(formatTable(table, format).trimEnd(), {
      delimiter: format === 'csv' ? ',' : '\t',
    }).data;
    t.deepEqual(parsed[0], ['id', "'=col", 'value']);
    t.deepEqual(
      parsed.slice(1).map((r) => r[0]),
      ['\'=HYPERLINK("http://x","y")', "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", 'plain', 'a=b'],
    );
    t.deepEqual(
      parsed.slice(1).map((r) => r[2]),
      ['-0.5', '1', '2', '3', '4', '5', '6'],
    );
  }
  const json = JSON.parse(formatTable(table, 'json')) as Record<string, unknown>[];
  t.deepEqual(
    json.map((r) => r.id),
    ids,
  );
});

test("a factor file's row labels and column names get the same prefix", (t) => {
  const text = formatFactor(dense(2, 2, Float32Array.from([1, 2, 3, 4])), 'csv', ['=A1', '-r2'], ['@c1', 'c2'], '');
  t.is(text, "id,'@c1,c2\n'=A1,1,2\n'-r2,3,4\n");
});

test('topics --doc-topics CSV of files named =… +… -… @… opens as text; the JSON keeps the names', (t) => {
  const dir = scratchDir('inject'),
    out = scratchDir('inject-out');
  const names = ['=HYPERLINK(1).txt', '@sum.txt', '-x.txt', '+y.txt', 'plain.txt'];
  const words = ['spam eggs ham', 'spam eggs bacon', 'hello world again', 'hello world there', 'spam world toast'];
  names.forEach((n, i) => writeFileSync(join(dir, n), `${words[i]}\n`));
  for (const ext of ['csv', 'json']) {
    const r = latent(['topics', dir, '-k', '2', '-q', '--no-coherence', '--doc-topics', join(out, `dt.${ext}`)]);
    t.is(r.code, 0, r.stderr);
  }
  const csv = Papa.parse<string[]>(readFileSync(join(out, 'dt.csv'), 'utf8').trimEnd()).data;
  t.deepEqual(
    csv
      .slice(1)
      .map((r) => r[0])
      .sort(),
    ["'+y.txt", "'-x.txt", "'=HYPERLINK(1).txt", "'@sum.txt", 'plain.txt'],
  );
  const json = JSON.parse(readFileSync(join(out, 'dt.json'), 'utf8')) as { document: string }[];
  t.deepEqual(json.map((r) => r.document).sort(), [...names].sort());
});
