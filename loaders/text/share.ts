// One rank's share of a text source, for a fit across ranks: a folder's files in consecutive blocks
// (by count, in the folder's order), a lines or JSONL file's bytes in consecutive ranges cut at line
// ends (a line belongs to the rank whose range holds its first byte), a Parquet file's row groups in
// consecutive blocks. Consecutive shares in rank order
// keep the corpus's document order, so the ranks' tables put end to end are one process's table.
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { TextSource } from './sources.js';
import { dataError, rankBlock, usageError } from '../../core/index.js';
import { listFiles } from '../walk.js';
import { isGzip } from '../sniff.js';

/** A rank's share, opened afresh for each pass; `firstLine` numbers its documents as the whole file
 *  does once the ranks before it have said how many lines they hold. */
export interface TextShare {
  /** The share as a source (each call reads it again). */
  source(): TextSource;
  /** Lines of the file in this share (0 for a folder's share), known after a first pass. */
  readonly lines: number;
  /** Document ids of the share given `before` lines in the ranks before it (line numbers renumbered). */
  idOf(id: string, before: number): string;
}

const CHUNK = 1 << 20;

/** Bytes [start, end) of a file, extended at both ends to whole lines (a line is in the range that holds
 *  its first byte); counts the lines it yields. */
export function lineRange(path: string, start: number, end: number, counted: { lines: number }): Readable {
  async function* bytes() {
    const file = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      let at = start > 0 ? start - 1 : 0;
      let begun = start === 0,
        last = 10,
        lines = 0;
      while (true) {
        const { bytesRead } = await file.read(buf, 0, CHUNK, at);
        if (bytesRead === 0) break;
        let from = 0,
          to = bytesRead,
          done = false;
        if (!begun) {
          // skip to the first line that starts at or after `start`
          const nl = buf.indexOf(10, 0);
          if (nl < 0 || nl >= bytesRead) {
            at += bytesRead;
            continue;
          }
          from = nl + 1;
          begun = true;
          if (at + from >= end) break;
        }
        // past `end`: stop at the end of the line that holds byte end − 1
        if (at + to > end) {
          const tail = Math.max(end - at, from);
          if (tail > from && buf[tail - 1] === 10) {
            to = tail;
            done = true;
          } else {
            const nl = buf.indexOf(10, tail);
            if (nl >= 0 && nl < bytesRead) {
              to = nl + 1;
              done = true;
            }
          }
        }
        const piece = Buffer.from(buf.subarray(from, to));
        for (let q = piece.indexOf(10); q >= 0; q = piece.indexOf(10, q + 1)) lines++;
        if (piece.length) {
          last = piece[piece.length - 1];
          yield piece;
        }
        at += to;
        if (done) break;
      }
      counted.lines = lines + (last !== 10 ? 1 : 0);
    } finally {
      await file.close();
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** Rank `rank` of `of`'s bytes of a file of `size` bytes, before they are cut at line ends. */
export const byteRange = (size: number, rank: number, of: number): [number, number] => [
  Math.floor((size * rank) / of),
  Math.floor((size * (rank + 1)) / of),
];

/** Whether a file starts with gzip's magic bytes (a gzip stream cannot be cut into ranges). */
export async function gzipped(path: string): Promise<{ gzip: boolean; size: number }> {
  const file = await open(path, 'r').catch((e: Error) => {
    throw dataError(`${path}: cannot be read (${e.message})`);
  });
  try {
    const head = Buffer.alloc(2);
    const { size } = await file.stat();
    await file.read(head, 0, 2, 0);
    return { gzip: isGzip(head), size };
  } finally {
    await file.close();
  }
}

/** Rank `rank` of `of`'s share of a folder, lines or JSONL source. */
export async function shareOf(source: TextSource, rank: number, of: number): Promise<TextShare> {
  if (source.kind === 'folder') {
    const files = await listFiles(source.path);
    const [a, b] = rankBlock(files.length, rank, of);
    const mine = files.slice(a, b);
    return { source: () => ({ kind: 'files', path: source.path, files: mine }), lines: 0, idOf: (id) => id };
  }
  if (source.kind === 'parquet')
    return { source: () => ({ ...source, share: { rank, of } }), lines: 0, idOf: (id) => id };
  if ((source.kind !== 'lines' && source.kind !== 'jsonl') || ('stream' in source && source.stream)) {
    const what =
      source.kind === 'stream'
        ? 'a stream'
        : source.kind === 'csv'
          ? 'a table (quoted fields may hold line breaks, so it cannot be cut at line ends): convert it to JSONL'
          : 'a list of files';
    throw usageError(
      `--distributed splits a folder, a lines file or a JSONL file among the ranks; ` +
        `${'path' in source ? source.path : 'stdin'} is ${what}`,
    );
  }
  const path = source.path;
  const { gzip, size } = await gzipped(path);
  if (gzip)
    throw usageError(
      `${path}: a gzip stream cannot be cut into byte ranges for --distributed: gunzip it, or split it into ` +
        `a folder of files`,
    );
  const [start, end] = byteRange(size, rank, of);
  const counted = { lines: 0 };
  const name = of > 1 ? `${path} (bytes ${start}–${end}, rank ${rank})` : path;
  const numbered = source.kind === 'lines' || !source.idField;
  return {
    source: () =>
      source.kind === 'lines'
        ? { kind: 'stream', stream: lineRange(path, start, end, counted), name }
        : { ...source, path: name, stream: lineRange(path, start, end, counted) },
    get lines() {
      return counted.lines;
    },
    idOf: (id, before) => (numbered ? String(Number(id) + before) : id),
  };
}
