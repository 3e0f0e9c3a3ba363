// UCI bag-of-words (docword.*.txt + vocab.*.txt): the format of the KOS, NIPS, Enron and NYTimes corpora.
// docword: three lines D, W, NNZ, then "docID wordID count" per line, all 1-based.
import { dataError } from '../../core/index.js';
import type { Dataset } from '../dataset.js';
import { Coordinates } from './coordinates.js';
import { numberedLines } from './lines.js';

export async function loadUci(path: string, vocabulary: string[] | null): Promise<Dataset> {
  const head: number[] = [];
  const entries = new Coordinates();
  let count = 0;
  const bad = (n: number, what: string) => dataError(`${path}:${n}: ${what}`);
  for await (const [n, raw] of numberedLines(path)) {
    const line = raw.trim();
    if (line === '') continue;
    if (head.length < 3) {
      const v = Number(line);
      if (!Number.isInteger(v) || v < 0) throw bad(n, `expected the ${['number of documents', 'number of words', 'number of entries'][head.length]}, found "${line}"`);
      head.push(v);
      continue;
    }
    const parts = line.split(/\s+/).map(Number);
    if (parts.length !== 3 || !parts.every(Number.isInteger)) throw bad(n, `expected "docID wordID count", found "${line}"`);
    const [d, w, c] = parts;
    if (d < 1 || d > head[0]) throw bad(n, `document ${d} is outside 1…${head[0]}`);
    if (w < 1 || w > head[1]) throw bad(n, `word ${w} is outside 1…${head[1]}`);
    if (c < 0) throw bad(n, `count ${c} is negative`);
    entries.push(d - 1, w - 1, c);
    count++;
  }
  if (head.length < 3) throw dataError(`${path}: expected three header lines (documents, words, entries)`);
  if (count !== head[2]) throw dataError(`${path}: the header promises ${head[2]} entries, the file has ${count}`);
  if (vocabulary && vocabulary.length !== head[1]) throw dataError(`${path}: the vocabulary has ${vocabulary.length} words, the header says ${head[1]}`);
  return {
    X: entries.toCsr(head[0], head[1]),
    rows: Array.from({ length: head[0] }, (_, i) => String(i + 1)),
    columns: { kind: 'matrix', labels: vocabulary, format: 'uci' },
    skipped: [],
  };
}
