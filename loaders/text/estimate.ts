// How big a corpus will be as a matrix, before it is loaded: its bytes and a sample of its first
// documents, tokenized as the load would, extrapolated to the whole. A lines or table file and a folder
// of documents are measured; stdin cannot be (it is read once), and is not estimated.
import { dataError } from '../../core/index.js';
import { nothingIn } from '../dataset.js';
import { contentSize } from '../content-size.js';
import { listFiles } from '../walk.js';
import type { TextSource } from './sources.js';
import { forEachDocument } from './sources.js';
import type { TokenOptions } from './tokenize.js';
import { makeTokenizer, resolveTokenOptions } from './tokenize.js';

/** The corpus's expected size: documents, stored entries of X (distinct terms per document), tokens. */
export interface CorpusEstimate {
  bytes: number;
  documents: number;
  entries: number;
  tokens: number;
  sampled: number;
}

/** Documents read for the estimate: a few thousand give the per-document means to a few per cent. */
const SAMPLE_DOCUMENTS = 2000;

const STOP = new Error('sample complete');

/** Bytes of text the source holds, or null when it cannot be known (a stream). */
async function sourceBytes(source: TextSource): Promise<number | null> {
  const bytesOf = async (path: string) => (await contentSize(path)).estimate;
  if (source.kind === 'stream' || ('stream' in source && source.stream)) return null;
  if (source.kind !== 'folder') return bytesOf(source.path);
  let total = 0;
  for (const file of await listFiles(source.path)) total += await bytesOf(file);
  return total;
}

/** The estimate from the source's first documents, or null for a stream. */
export async function estimateCorpus(source: TextSource, tokens: TokenOptions): Promise<CorpusEstimate | null> {
  const bytes = await sourceBytes(source);
  if (bytes === null || bytes === 0) return null;
  const tokenize = makeTokenizer(resolveTokenOptions(tokens));
  let docs = 0,
    docBytes = 0,
    entries = 0,
    words = 0;
  const skipped: { item: string; reason: string }[] = [];
  const events = { skipped: (item: string, reason: string) => void skipped.push({ item, reason }) };
  await forEachDocument(
    source,
    (doc) => {
      const { keys, unigrams } = tokenize(doc.text);
      docs++;
      docBytes += Buffer.byteLength(doc.text) + 1; // its line end or file
      entries += new Set(keys).size;
      words += unigrams;
      if (docs >= SAMPLE_DOCUMENTS) throw STOP;
    },
    events,
  ).catch((e) => {
    if (e !== STOP) throw e;
  });
  if (docs === 0)
    throw dataError(nothingIn(`${source.kind === 'stream' ? source.name : source.path}: no documents in it`, skipped));
  const documents = Math.max(docs, Math.round((docs * bytes) / Math.max(docBytes, 1)));
  return {
    bytes,
    documents,
    entries: Math.round((entries / docs) * documents),
    tokens: Math.round((words / docs) * documents),
    sampled: docs,
  };
}
