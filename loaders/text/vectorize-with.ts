// Documents vectorized with a saved model: the same tokens, vocabulary and idf, unknown terms dropped;
// and their word sequences in the model's columns, for coherence.
import type { Csr } from '../../core/index.js';
import type { TextModel } from '../dataset.js';
import { makeTokenizer } from './tokenize.js';
import type { TokenStreams } from './token-streams.js';
import { Int32Blocks } from './int-blocks.js';
import { buildMatrix } from './count-matrix.js';
import type { CountRow } from './count-matrix.js';

/** A model's term → column map, built once per model: a stream vectorizes every batch with it. */
const columnMaps = new WeakMap<TextModel, Map<string, number>>();
function columnsOf(model: TextModel): Map<string, number> {
  let column = columnMaps.get(model);
  if (!column) {
    column = new Map(model.keys.map((k, j) => [k, j]));
    columnMaps.set(model, column);
  }
  return column;
}

/** Vectorize new documents with a saved model: the same tokens, vocabulary and idf; unknown terms dropped. */
export function vectorizeWith(model: TextModel, texts: string[]): Csr {
  const tokenize = makeTokenizer(model.tokens);
  const column = columnsOf(model);
  // every document's column-sorted (column, count) pairs, end to end; `slot` counts a document's
  // terms by column and is zero between documents
  const slot = new Int32Array(model.keys.length);
  const ends = new Int32Array(texts.length);
  const entryTerms = new Int32Blocks(),
    entryCounts = new Int32Blocks();
  let row = new Int32Array(256),
    longest = 0;
  for (let d = 0; d < texts.length; d++) {
    const keys = tokenize(texts[d]).keys;
    if (keys.length > row.length) row = new Int32Array(keys.length);
    let n = 0;
    for (const key of keys) {
      const j = column.get(key);
      if (j !== undefined && slot[j]++ === 0) row[n++] = j;
    }
    const sorted = row.subarray(0, n).sort();
    for (const j of sorted) {
      entryTerms.push(j);
      entryCounts.push(slot[j]);
      slot[j] = 0;
    }
    ends[d] = entryTerms.length;
    longest = Math.max(longest, n);
  }
  const lengthOf = (i: number) => ends[i] - (i ? ends[i - 1] : 0);
  const rowOf: CountRow = (i, terms, counts) => {
    const from = i ? ends[i - 1] : 0;
    entryTerms.copyTo(from, ends[i], terms);
    entryCounts.copyTo(from, ends[i], counts);
    return ends[i] - from;
  };
  return buildMatrix(texts.length, model.keys.length, model, rowOf, longest, undefined, lengthOf);
}

/** New documents' word sequences in a saved model's columns (−1 for words it does not hold): what
 *  coherence reads, for documents kept aside from a stream. */
export function tokenStreamsWith(model: TextModel, texts: string[]): TokenStreams {
  const tokenize = makeTokenizer(model.tokens);
  const column = columnsOf(model);
  const ids: number[] = [],
    offsets = [0];
  for (const text of texts) {
    const { keys, unigrams } = tokenize(text);
    for (let q = 0; q < unigrams; q++) ids.push(column.get(keys[q]) ?? -1);
    offsets.push(ids.length);
  }
  return { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets) };
}
