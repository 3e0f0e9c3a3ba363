// A corpus read from a stream (stdin, a FIFO, a device such as /dev/zero) cannot be weighed before it is
// read, as a file's is (estimate.ts), and may never end. Its documents are counted as they come: the
// count goes to the progress event (so a person sees the load moving), and past what this process can
// hold the load stops in one line, before V8's heap runs out with a stack trace.
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { dataError } from '../../core/index.js';
import type { DocumentSink } from './document.js';

/** How much of a stream a batch load may take in. */
export interface StreamBudget {
  documents: number;
  bytes: number;
}

/** Bytes of V8's heap a loaded document takes (its id, its counts' bookkeeping; measured: about 60 for
 *  one-line documents, 5·10⁶ of them in 470 MB of resident memory). */
const HEAP_BYTES_PER_DOCUMENT = 60;
/** How often the budget is looked at and progress told, in documents. */
const EVERY = 1024;

/** Half of V8's heap in documents, and a quarter of this machine's memory in bytes of text: the shares
 *  budget.ts allows a file's claimed size. */
export const defaultStreamBudget = (): StreamBudget => ({
  documents: Math.floor(getHeapStatistics().heap_size_limit / 2 / HEAP_BYTES_PER_DOCUMENT),
  bytes: Math.floor(totalmem() / 4),
});

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** `sink` behind a count of documents and bytes: `progress` hears the count every so often, and a
 *  stream past `budget` is refused, naming what was read. */
export function budgetedSink(
  name: string,
  sink: DocumentSink,
  progress?: (documents: number) => void,
  budget: StreamBudget = defaultStreamBudget(),
): DocumentSink {
  let documents = 0,
    bytes = 0;
  return (doc) => {
    documents++;
    bytes += doc.text.length;
    if (documents % EVERY === 0) {
      progress?.(documents);
      if (documents > budget.documents || bytes > budget.bytes) {
        const limit =
          documents > budget.documents ? `${budget.documents.toLocaleString('en')} documents` : mb(budget.bytes);
        throw dataError(
          `${name}: ${documents.toLocaleString('en')} documents (${mb(bytes)}) read and it has not ended, ` +
            `past the ${limit} latent can hold from a stream: is it the right input? Save a large corpus to a ` +
            `file, where its size is weighed before loading and --stream can read it`,
        );
      }
    }
    return sink(doc);
  };
}
