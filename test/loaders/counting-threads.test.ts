// Counting a corpus on worker threads gives the dataset counting it in one thread gives: the same
// matrix bytes, vocabulary, idf, display words (stemming's surface counts merged), word sequences,
// snippets and ids, in document order.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document, VectorizeOptions } from '../../loaders/index.js';
import { CorpusBuilder, forEachDocument, loadText } from '../../loaders/index.js';
import { corpusCounter, PARALLEL_AFTER } from '../../loaders/text/counting-threads.js';
import { Random } from '../../core/index.js';
import { scratchDir } from '../scratch.js';

const EMAILS = new URL('../../../fixtures/emails', import.meta.url).pathname;

async function emails(): Promise<Document[]> {
  const docs: Document[] = [];
  await forEachDocument({ kind: 'folder', path: EMAILS }, (d) => {
    docs.push({ id: d.id, text: d.text });
  });
  return docs;
}

type Built = ReturnType<CorpusBuilder['finish']> & { ids: string[] };

async function build(docs: Document[], options: VectorizeOptions, threads: number): Promise<Built> {
  const builder = new CorpusBuilder(options, { tokens: true, snippets: 40 });
  const counter = corpusCounter(builder, threads, { after: 0, batch: 16 });
  for (const d of docs) await counter.add(d.id, d.text);
  await counter.finish();
  return { ...builder.finish(), ids: builder.documentIds };
}

function same(t: import('ava').ExecutionContext, a: Built, b: Built): void {
  t.deepEqual(b.X.indptr, a.X.indptr);
  t.deepEqual(b.X.indices, a.X.indices);
  t.deepEqual(b.X.data, a.X.data);
  t.deepEqual(b.model, a.model);
  t.deepEqual(b.corpus.tokens, a.corpus.tokens);
  t.deepEqual(b.corpus.snippets, a.corpus.snippets);
  t.deepEqual(b.ids, a.ids);
}

test('emails on 2 and 3 threads: the bytes of one thread, under stemming too; bigrams in one thread', async (t) => {
  const docs = await emails();
  t.true(docs.length > 64, 'batches for every thread');
  for (const options of [{}, { stem: true, minDf: 2 }, { ngrams: 2 }] as VectorizeOptions[]) {
    const one = await build(docs, options, 1);
    t.true(one.X.cols > 100);
    same(t, one, await build(docs, options, 2));
    same(t, one, await build(docs, options, 3));
  }
  // stemming: a term's display word is its commonest surface word over all the threads' counts
  const stemmed = await build(docs, { stem: true }, 3);
  t.true(stemmed.model.terms.some((w, j) => w !== stemmed.model.keys[j]));
});

test('loadText switches to threads past its first documents and loads what one thread loads', async (t) => {
  const dir = scratchDir('counting-threads');
  const rng = new Random(7);
  const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`.replace(/\d/g, (c) => 'abcdefghij'[+c]));
  const lines = Array.from({ length: PARALLEL_AFTER + 3000 }, () =>
    Array.from(
      { length: 5 + Math.floor(rng.uniform() * 20) },
      () => words[Math.floor(rng.uniform() ** 2 * words.length)],
    ).join(' '),
  );
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  const load = (threads: number) =>
    loadText({ kind: 'lines', path }, { minDf: 2 }, {}, { tokens: true }, undefined, threads);
  const [one, two] = [await load(1), await load(2)];
  t.is(two.X.rows, lines.length);
  t.deepEqual(two.X, one.X);
  t.deepEqual(two.rows, one.rows);
  t.deepEqual(two.columns, one.columns);
});

test("a streaming fit's counting pass on threads: one thread's counts, through prunes and restarts", async (t) => {
  const docs = await emails();
  const count = async (threads: number, pruneAt: number, options: VectorizeOptions = {}) => {
    const builder = new CorpusBuilder(options, {}, { pruneAt });
    const counter = corpusCounter(builder, threads, { after: 5, batch: 7 });
    for (const d of docs) await counter.add(d.id, d.text);
    await counter.finish();
    return { counts: builder.termCounts(), vocabulary: builder.vocabulary().model };
  };
  // a budget of 300 distinct terms: the builder forgets the rarer half many times over, and each
  // thread's own vocabulary starts afresh as often
  for (const pruneAt of [300, 1_000_000]) {
    const one = await count(1, pruneAt);
    t.true(one.counts.keys.length > 50);
    t.deepEqual(await count(2, pruneAt), one, `pruneAt ${pruneAt}`);
    t.deepEqual(await count(3, pruneAt), one, `pruneAt ${pruneAt}`);
  }
  // under stemming the pass stays in one thread (surface words are forgotten with their terms)
  t.deepEqual(await count(2, 300, { stem: true }), await count(1, 300, { stem: true }));
});
