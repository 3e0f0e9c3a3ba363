// A file or stream as the bytes a text loader reads: gzip (by its magic bytes, whatever the name says,
// stdin included) decompressed as a stream, and binary data refused in one line before any of it is
// read as text. Every line and CSV reader opens its input here, so each format takes gzip alike.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { dataError, LatentError } from '../core/index.js';
import { type Utf16, utf16Of } from './encoding.js';
import { binaryKind, isGzip, SNIFF_BYTES } from './sniff.js';

/** The chunks a file is read in: few enough round trips, small next to any budget. */
const CHUNK = 1 << 20;

/** What latent reads, for the message that refuses something else. */
const READS = 'latent reads text: a document per line, CSV/TSV, JSONL or Parquet, plain or gzipped';

/** The name of a file without a `.gz` suffix: what tells its format. */
export const withoutGz = (name: string): string => name.replace(/\.gz$/i, '');

/** The extension that tells a file's format, lowercase: `corpus.jsonl.gz` → `.jsonl`. */
export const formatExtension = (name: string): string => extname(withoutGz(name)).toLowerCase();

const asBuffer = (chunk: unknown): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));

/** The first `n` bytes of a stream (fewer if it ends first) and a stream of all its bytes, those included:
 *  what is read to look is handed on, not lost (stdin cannot be read twice). */
async function peek(stream: Readable, n: number): Promise<[Buffer, Readable]> {
  const it = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let got = 0,
    ended = false;
  while (got < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const b = asBuffer(r.value);
    chunks.push(b);
    got += b.length;
  }
  const first = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  async function* all() {
    try {
      if (first.length) yield first;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield asBuffer(r.value);
    } finally {
      await it.return?.();
    }
  }
  return [first.subarray(0, n), Readable.from(all(), { objectMode: false })];
}

/** A gzip stream's content; a damaged or truncated one is one line naming it. */
function gunzipped(compressed: Readable, name: string): Readable {
  // chunks as big as a plain file's: papaparse re-parses an unfinished record at each one (csv-input.ts)
  const gunzip = createGunzip({ chunkSize: CHUNK });
  compressed.on('error', (e: Error) => gunzip.destroy(e));
  compressed.pipe(gunzip);
  async function* content() {
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (e) {
      if (e instanceof LatentError) throw e;
      throw dataError(
        `${name}: not a whole gzip file (${(e as Error).message}): it is damaged or was cut short; download ` +
          `or compress it again`,
      );
    } finally {
      compressed.destroy();
    }
  }
  return Readable.from(content(), { objectMode: false });
}

/** UTF-16 bytes as UTF-8, the byte-order mark dropped: every reader after this one reads UTF-8. */
function fromUtf16(stream: Readable, encoding: Utf16): Readable {
  async function* utf8() {
    const decoder = new TextDecoder(encoding);
    for await (const chunk of stream) {
      const text = decoder.decode(asBuffer(chunk), { stream: true });
      if (text) yield Buffer.from(text, 'utf8');
    }
    const rest = decoder.decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
  return Readable.from(utf8(), { objectMode: false });
}

/** The bytes of a file (a path, opened afresh at each call, so a file can be read in several passes) or
 *  a stream: gunzipped when they are gzip, UTF-16 made UTF-8, refused when they look binary. `name` is
 *  what errors call it. */
export async function openInput(input: string | Readable, name: string): Promise<Readable> {
  const raw = typeof input === 'string' ? createReadStream(input, { highWaterMark: CHUNK }) : input;
  let [head, stream] = await peek(raw, SNIFF_BYTES).catch((e: Error) => {
    throw dataError(`${name}: cannot be read (${e.message})`);
  });
  if (isGzip(head)) [head, stream] = await peek(gunzipped(stream, name), SNIFF_BYTES);
  const utf16 = utf16Of(head);
  if (utf16) return fromUtf16(stream, utf16);
  const binary = binaryKind(head);
  if (binary) {
    stream.destroy();
    throw dataError(`${name}: it looks binary, not text (${binary}); ${READS}`);
  }
  return stream;
}
