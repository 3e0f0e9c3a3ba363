// A rank's share of a text source (a fit across ranks): the shares of P ranks, in rank order, are the
// whole source's documents with their ids, in order, whatever P and wherever a cut falls; and the ranks'
// term counts, summed, give the vocabulary and idf of the whole corpus.
import test from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Document, TextSource, TermCounts } from '../../loaders/index.js';
import { CorpusBuilder, forEachDocument, PRUNE_AT, shareOf, textSourceFor } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';
import { pieces } from '../helpers.js';

const dir = scratchDir('share');
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function documents(source: TextSource): Promise<Document[]> {
  const out: Document[] = [];
  await forEachDocument(source, (d) => {
    out.push({ id: d.id, text: d.text });
  });
  return out;
}

/** Every rank's documents in rank order, ids renumbered as the ranks do after their first pass. */
async function shared(source: TextSource, P: number): Promise<Document[]> {
  const out: Document[] = [];
  let before = 0;
  for (let r = 0; r < P; r++) {
    const share = await shareOf(source, r, P);
    for (const d of await documents(share.source())) out.push({ id: share.idOf(d.id, before), text: d.text });
    before += share.lines;
  }
  return out;
}

// lines of every length from 0 to 40 bytes, blank lines and a long one among them, so cuts fall everywhere
const lines = Array.from({ length: 400 }, (_, i) =>
  i % 9 === 0 ? '' : `doc ${i} ${'abcdefghij'.repeat(i % 4)}${i === 200 ? 'x'.repeat(5000) : ''}`,
);

test('a lines file cut into 1…50 byte ranges at line ends: every document once, in order, numbered', async (t) => {
  for (const [name, text] of [
    ['end.txt', lines.join('\n') + '\n'],
    ['open.txt', lines.join('\n')],
    ['crlf.txt', lines.join('\r\n')],
  ]) {
    const source = await textSourceFor(file(name, text));
    const whole = await documents(source);
    for (const P of [1, 2, 3, 7, 50]) t.deepEqual(await shared(source, P), whole, `${name}, P = ${P}`);
  }
});

test('a JSONL file cut into ranges keeps its ids: line numbers renumbered, an id field as it is', async (t) => {
  const jsonl = lines.map((l, i) => (l === '' ? '' : JSON.stringify({ text: l, key: `k${i}` }))).join('\n');
  const path = file('c.jsonl', jsonl);
  for (const idField of [undefined, 'key']) {
    const source = await textSourceFor(path, { textField: 'text', idField });
    const whole = await documents(source);
    for (const P of [2, 5, 13]) t.deepEqual(await shared(source, P), whole, `id field ${idField}, P = ${P}`);
  }
});

test("a folder's files and a Parquet file's row groups in consecutive blocks", async (t) => {
  const folder = join(dir, 'docs');
  mkdirSync(folder);
  for (let i = 0; i < 23; i++)
    writeFileSync(join(folder, `d${String(i).padStart(2, '0')}.txt`), `words of document ${i}`);
  const texts = lines.filter((l) => l !== '');
  const parquet = file(
    'c.parquet',
    new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'body', data: texts, type: 'STRING' }], rowGroupSize: 17 }),
    ),
  );
  for (const source of [await textSourceFor(folder), await textSourceFor(parquet, { textColumn: 'body' })]) {
    const whole = await documents(source);
    for (const P of [1, 2, 4, 7]) t.deepEqual(await shared(source, P), whole, `${source.kind}, P = ${P}`);
  }
});

test('what cannot be cut by bytes is refused in one line saying what to do', async (t) => {
  const gz = await textSourceFor(file('c.txt.gz', gzipSync('a\nb\n')));
  await t.throwsAsync(shareOf(gz, 0, 2), {
    message: pieces(
      /c\.txt\.gz: a gzip stream cannot be cut into byte ranges for --distributed: gunzip it, or /,
      /split it into a folder of files/,
    ),
  });
  const csv = await textSourceFor(file('c.csv', 'id,body\n1,"a\nb"\n'), { textColumn: 'body' });
  await t.throwsAsync(shareOf(csv, 0, 2), {
    message: /a table \(quoted fields may hold line breaks.*convert it to JSONL/,
  });
});

test("the ranks' term counts summed give the whole corpus's vocabulary, idf and display words", async (t) => {
  const path = file('v.txt', lines.join('\n'));
  for (const options of [{ minDf: 2 }, { minDf: 1, maxTerms: 7, stem: true }, { maxDf: 0.5 }]) {
    const whole = new CorpusBuilder(options, {}, { pruneAt: PRUNE_AT });
    await forEachDocument(await textSourceFor(path), (d) => whole.add(d.id, d.text));
    const merged = new CorpusBuilder(options, {}, { pruneAt: PRUNE_AT });
    for (let r = 0; r < 3; r++) {
      const part = new CorpusBuilder(options, {}, { pruneAt: PRUNE_AT });
      await forEachDocument((await shareOf(await textSourceFor(path), r, 3)).source(), (d) => part.add(d.id, d.text));
      merged.addTermCounts(JSON.parse(JSON.stringify(part.termCounts())) as TermCounts);
    }
    t.is(merged.documents, whole.documents);
    t.deepEqual(merged.vocabulary().model, whole.vocabulary().model, JSON.stringify(options));
  }
});
