// Parquet: a text column and maybe an id column, read one row group at a time (only those two columns'
// chunks of it), so memory holds a row group's texts, never the file's. The reader is hyparquet: pure
// JavaScript with no dependencies (no native build, no WebAssembly, nothing to download at install),
// maintained, and it reads by byte ranges of the file, which is what reading group by group needs.
// It decodes uncompressed and snappy pages itself; gzip and brotli pages are inflated here by node's
// zlib (within each page's declared size, so a page cannot inflate past what its header says), and zstd
// ones where this node has zstd (22.15 and later) — which spares hyparquet-compressors and its WASM.
import * as zlib from 'node:zlib';
import type { Compressors, FileMetaData } from 'hyparquet';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { dataError, LatentError, rankBlock } from '../../core/index.js';
import type { DocumentSink } from './document.js';
import type { LabelColumn } from './labels.js';
import { labelOf } from './labels.js';

export interface ParquetSource {
  kind: 'parquet';
  path: string;
  textColumn: string;
  idColumn?: string;
  labels?: LabelColumn[];
  /** Only this rank's consecutive block of the file's row groups (a fit across ranks); rows keep their numbers. */
  share?: { rank: number; of: number };
}

type Inflate = (input: Uint8Array, options: { maxOutputLength: number }) => Buffer;
const zstd = (zlib as unknown as { zstdDecompressSync?: Inflate }).zstdDecompressSync;
const page = (inflate: Inflate) => (input: Uint8Array, outputLength: number) =>
  new Uint8Array(inflate(input, { maxOutputLength: Math.max(1, outputLength) }));
const COMPRESSORS: Compressors = {
  GZIP: page(zlib.gunzipSync),
  BROTLI: page(zlib.brotliDecompressSync),
  ...(zstd ? { ZSTD: page(zstd) } : {}),
};
const CODECS = `uncompressed, snappy, gzip, brotli${zstd ? ' or zstd' : ''}`;

/** hyparquet's errors as one line naming the file. */
function readError(path: string, e: unknown): LatentError {
  if (e instanceof LatentError) return e;
  const message = (e as Error).message ?? String(e);
  if (/unsupported compression codec/i.test(message))
    return dataError(`${path}: ${message}; latent reads Parquet pages ${CODECS}: write the file with one of those`);
  return dataError(`${path}: not a Parquet file latent can read (${message})`);
}

const kindOf = (v: unknown) =>
  v === null || v === undefined
    ? 'null'
    : typeof v === 'object'
      ? 'not text (a nested or binary value)'
      : `a ${typeof v}`;

export async function readParquet(source: ParquetSource, sink: DocumentSink): Promise<void> {
  const { path, textColumn, idColumn } = source;
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw readError(path, e);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const labels = source.labels ?? [];
  for (const [flag, name] of [
    ['--text-column', textColumn],
    ['--id-column', idColumn],
    ...labels.map((l) => [l.flag, l.name]),
  ] as const) {
    if (name !== undefined && !names.includes(name))
      throw dataError(
        `${path}: no column "${name}" for ${flag}; its columns are ${names.map((f) => `"${f}"`).join(', ')}`,
      );
  }
  const columns = [
    ...new Set([textColumn, ...(idColumn === undefined ? [] : [idColumn]), ...labels.map((l) => l.name)]),
  ];
  let rowStart = 0;
  const [first, end] = source.share
    ? rankBlock(metadata.row_groups.length, source.share.rank, source.share.of)
    : [0, metadata.row_groups.length];
  for (let g = 0; g < end; g++) {
    const rowEnd = rowStart + Number(metadata.row_groups[g].num_rows);
    if (g < first) {
      rowStart = rowEnd;
      continue;
    }
    let rows: Record<string, unknown>[] = [];
    try {
      await parquetRead({
        file,
        metadata,
        columns,
        rowStart,
        rowEnd,
        rowFormat: 'object',
        compressors: COMPRESSORS,
        onComplete: (r) => {
          rows = r;
        },
      });
    } catch (e) {
      throw readError(path, e);
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rowStart + i + 1,
        text = rows[i][textColumn];
      if (typeof text !== 'string')
        throw dataError(
          `${path}: row ${row}: column "${textColumn}" (--text-column) is ${kindOf(text)}, not ` +
            `text${text === null || text === undefined ? ': leave such rows out' : ''}`,
        );
      let id = String(row);
      if (idColumn !== undefined) {
        const value = rows[i][idColumn];
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint')
          throw dataError(
            `${path}: row ${row}: column "${idColumn}" (--id-column) is ${kindOf(value)}: an id is a string ` +
              `or a number`,
          );
        id = String(value);
      }
      const r = sink(
        labels.length
          ? { id, text, labels: labels.map((l) => labelOf(rows[i][l.name], l, `${path}: row ${row}`)) }
          : { id, text },
      );
      if (r) await r;
    }
    rowStart = rowEnd;
  }
}
