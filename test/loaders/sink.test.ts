// A sink that returns a promise is awaited: every source hands on the same documents in the same order
// as to a synchronous sink, never one before the last promise settled, and reads no further meanwhile
// (a streaming fit pauses reading while it solves a batch).
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Document, TextSource } from '../../loaders/index.js';
import { forEachDocument, streamSource } from '../../loaders/index.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('sink');
const file = (name: string, content: string | Buffer | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

// enough rows for several 1 MiB chunks, so that papaparse is paused in the middle of one
const texts = Array.from(
  { length: 30000 },
  (_, i) => `document ${i} says word${i % 101} and word${i % 37}, "quoted" ${'x'.repeat(i % 60)}`,
);

async function collect(
  source: () => TextSource,
  wait: (n: number) => Promise<void> | void,
): Promise<[Document[], number]> {
  const docs: Document[] = [];
  let busy = false,
    overlaps = 0;
  await forEachDocument(source(), (doc) => {
    if (busy) overlaps++;
    docs.push(doc);
    const r = wait(docs.length);
    if (!r) return;
    busy = true;
    return r.then(() => {
      busy = false;
    });
  });
  return [docs, overlaps];
}

/** The same documents with a sink that waits now and then as with one that never does. */
async function awaited(t: ExecutionContext, source: () => TextSource, count: number) {
  const [plain] = await collect(source, () => undefined);
  t.is(plain.length, count);
  const [waited, overlaps] = await collect(source, (n) =>
    n % 997 === 1 ? sleep(2) : n % 7 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined,
  );
  t.is(overlaps, 0, 'no document while the sink was busy');
  // (as JSON: ava's deep comparison of 30000 objects takes seconds)
  t.is(JSON.stringify(waited), JSON.stringify(plain));
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

test('lines, plain and gzipped', async (t) => {
  const path = file('a.txt', texts.join('\n'));
  await awaited(t, () => ({ kind: 'lines', path }), texts.length);
  const gz = file('a.txt.gz', gzipSync(texts.join('\n')));
  await awaited(t, () => ({ kind: 'lines', path: gz }), texts.length);
});

test('CSV through papaparse, paused and resumed mid-chunk', async (t) => {
  const csv = 'id,text\n' + texts.map((s, i) => `${i},${quote(s)}`).join('\n') + '\n';
  t.true(csv.length > 2 << 20);
  const path = file('a.csv', csv);
  await awaited(t, () => ({ kind: 'csv', path, textColumn: 'text', idColumn: 'id' }), texts.length);
  const [docs] = await collect(
    () => ({ kind: 'csv', path, textColumn: 'text', idColumn: 'id' }),
    (n) => (n % 500 === 0 ? sleep(1) : undefined),
  );
  t.is(JSON.stringify(docs.map((d) => d.text)), JSON.stringify(texts));
});

test('JSONL, Parquet and a folder', async (t) => {
  const jsonl = file('a.jsonl', texts.map((text, i) => JSON.stringify({ text, i })).join('\n'));
  await awaited(t, () => ({ kind: 'jsonl', path: jsonl }), texts.length);
  const parquet = file(
    'a.parquet',
    new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'text', data: texts, type: 'STRING' }], rowGroupSize: 7000 }),
    ),
  );
  await awaited(t, () => ({ kind: 'parquet', path: parquet, textColumn: 'text' }), texts.length);
  const folder = join(dir, 'docs');
  mkdirSync(folder);
  texts.slice(0, 300).forEach((text, i) => writeFileSync(join(folder, `${String(i).padStart(3, '0')}.txt`), text));
  await awaited(t, () => ({ kind: 'folder', path: folder }), 300);
});

/** A stream of `chunks` lines of 1 KiB that counts how many chunks were pulled from it. */
function countingStream(chunks: number, header: string | null) {
  const pulled = { count: 0 };
  const line = 'word '.repeat(204) + '\n';
  async function* gen() {
    if (header) yield Buffer.from(header);
    for (let i = 0; i < chunks; i++) {
      pulled.count++;
      yield Buffer.from(line);
    }
  }
  return { stream: Readable.from(gen(), { objectMode: false }), pulled };
}

test('while the sink waits, the source reads no further (stdin as lines and as CSV)', async (t) => {
  for (const spec of [{}, { textColumn: 'text' }]) {
    const { stream, pulled } = countingStream(8000, spec.textColumn ? 'text\n' : null);
    const source = streamSource(stream, 'stdin', spec);
    let seen = -1,
      docs = 0;
    await forEachDocument(source, async () => {
      if (++docs === 10) {
        await sleep(50);
        seen = pulled.count;
      }
    });
    t.is(docs, 8000);
    // 8 MiB in all: a reader that went on would have read it all in 50 ms; buffers hold a few MiB at most
    t.true(seen > 0 && seen < 5000, `${seen} of 8000 chunks read while the sink waited`);
  }
});
