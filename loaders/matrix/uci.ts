// UCI bag-of-words (docword.*.txt + vocab.*.txt): the format of the KOS, NIPS, Enron and NYTimes corpora.
// docword: three lines D, W, NNZ, then "docID wordID count" per line, all 1-based.
import { dataError } from '../../core/index.js';
import { checkClaimedSize } from '../budget.js';
import { contentSize } from '../content-size.js';
import type { Dataset } from '../dataset.js';
import { numberedLines } from '../lines.js';
import { Coordinates } from './coordinates.js';
import { beyondFloat32, beyondFloat32Note, indexOf } from './numbers.js';

export async function loadUci(path: string, vocabulary: string[] | null): Promise<Dataset> {
  const fileBytes = (await contentSize(path)).atMost;
  const head: number[] = [];
  let entries: Coordinates | null = null;
  const bad = (n: number, what: string) => dataError(`${path}:${n}: ${what}`);
  for await (const [n, raw] of numberedLines(path)) {
    const line = raw.trim();
    if (line === '') continue;
    if (head.length < 3) {
      const v = indexOf(line);
      if (Number.isNaN(v))
        throw bad(
          n,
          `expected the ${['number of documents', 'number of words', 'number of entries'][head.length]}, ` +
            `found "${line}"`,
        );
      head.push(v);
      // "d w c\n" at least per entry
      if (head.length === 3) {
        checkClaimedSize(`${path}:${n}`, { rows: head[0], cols: head[1], entries: head[2] }, fileBytes, 6);
        entries = new Coordinates(head[2], path);
      }
      continue;
    }
    const parts = line.split(/\s+/).map(indexOf);
    if (parts.length !== 3 || !parts.every(Number.isInteger))
      throw bad(n, `expected "docID wordID count", found "${line}"`);
    const [d, w, c] = parts;
    if (beyondFloat32(c)) throw bad(n, `count ${beyondFloat32Note(line.split(/\s+/)[2])}`);
    if (d < 1 || d > head[0]) throw bad(n, `document ${d} is outside 1…${head[0]}`);
    if (w < 1 || w > head[1]) throw bad(n, `word ${w} is outside 1…${head[1]}`);
    entries!.push(d - 1, w - 1, c, n);
  }
  if (!entries) throw dataError(`${path}: expected three header lines (documents, words, entries)`);
  if (entries.count !== head[2])
    throw dataError(`${path}: the header promises ${head[2]} entries, the file has ${entries.count}`);
  if (vocabulary && vocabulary.length !== head[1])
    throw dataError(`${path}: the vocabulary has ${vocabulary.length} words, the header says ${head[1]}`);
  return {
    X: entries.toCsr(head[0], head[1]),
    rows: Array.from({ length: head[0] }, (_, i) => String(i + 1)),
    columns: { kind: 'matrix', labels: vocabulary, format: 'uci' },
    skipped: [],
  };
}
