// A worker thread that counts batches of documents (count-batch.ts) for a corpus's builder: the
// tokenizing and term lookups, which are most of loading a large corpus, spread over the cores.
import { parentPort, workerData } from 'node:worker_threads';
import type { CountingRequest, CountingReply } from './counting-threads.js';
import type { CountedBatch } from './count-batch.js';
import { BatchCounter } from './count-batch.js';

const { tokens, keepTokens, forgetAbove } = workerData as {
  tokens: ConstructorParameters<typeof BatchCounter>[0];
  keepTokens: boolean;
  forgetAbove: number | null;
};
/** The batch's arrays move to the reading thread rather than being copied. */
const transfers = (b: CountedBatch): ArrayBuffer[] =>
  [b.entries, b.tokens, b.entryTerms, b.entryCounts, b.tokenTerms].map((a) => a.buffer as ArrayBuffer);

const counter = new BatchCounter(tokens, keepTokens, forgetAbove ?? Infinity);
const port = parentPort!;
port.on('message', (m: CountingRequest) => {
  let reply: CountingReply;
  try {
    if (m.kind === 'batch') {
      const batch = counter.count(m.texts);
      reply = { kind: 'batch', seq: m.seq, batch };
      port.postMessage(reply, transfers(batch));
      return;
    }
    reply = { kind: 'surfaces', surfaces: counter.surfaceCounts() };
  } catch (e) {
    reply = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
