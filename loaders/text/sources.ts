// Where documents come from: a folder (a file each), a file with one per line, a CSV/TSV with a text
// column (papaparse, streaming), or any stream such as stdin (a line each, or a table). Each source hands the
// documents, in order, to a callback, so that nothing holds the whole corpus at once.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { dataError, LatentError, usageError } from '../../core/index.js';
import type { LoaderEvents } from '../dataset.js';
import { csvInput, csvProblem } from '../csv-input.js';
import { decodeText, numberedLines } from '../lines.js';
import { listFiles } from '../walk.js';

/** How a file or stream holds its documents: a line each, or rows of a table. */
export type InputFormat = 'lines' | 'csv' | 'tsv';
export const INPUT_FORMATS: readonly InputFormat[] = ['lines', 'csv', 'tsv'];

/** A table's documents: `path` names it in messages; `stream` (stdin) is read instead of the path when
 *  given; the delimiter is guessed from the first rows when not known. */
export interface TableSource { kind: 'csv'; path: string; textColumn: string; idColumn?: string; stream?: Readable; delimiter?: ',' | '\t' }

export type TextSource =
  | { kind: 'folder'; path: string }
  | { kind: 'lines'; path: string }
  | TableSource
  | { kind: 'stream'; stream: Readable; name: string };

export interface Document { id: string; text: string }

/** Takes each document; a promise returned holds the reading back until it settles (a streaming fit
 *  solving a batch). */
export type DocumentSink = (doc: Document) => void | Promise<void>;

/** Where the documents are and how they are held. */
export interface TextSourceSpec { textColumn?: string; idColumn?: string; inputFormat?: InputFormat }

/** The table or lines source of a file or stream: the format named, else a table when the name ends in
 *  .csv/.tsv or a text column is named, else lines. */
function sourceOf(name: string, spec: TextSourceSpec, stream?: Readable): TextSource {
  const ext = extname(name).toLowerCase();
  const format = spec.inputFormat ?? (ext === '.csv' ? 'csv' : ext === '.tsv' ? 'tsv' : spec.textColumn ? 'csv' : 'lines');
  if (format === 'lines') {
    if (spec.textColumn) throw usageError(`--text-column "${spec.textColumn}" names a column, but ${name} is read as lines: give --input-format csv or tsv`);
    return stream ? { kind: 'stream', stream, name } : { kind: 'lines', path: name };
  }
  if (!spec.textColumn) throw usageError(`${name} is read as a table: name its text column with --text-column (or give --input-format lines)`);
  // a named format fixes the delimiter; a guess from the extension or the column flag lets papaparse look
  const delimiter = spec.inputFormat === 'tsv' || (!spec.inputFormat && ext === '.tsv') ? '\t' : spec.inputFormat === 'csv' || ext === '.csv' ? ',' : undefined;
  return { kind: 'csv', path: name, textColumn: spec.textColumn, idColumn: spec.idColumn, stream, delimiter };
}

/** Pick the source for a path: a folder, a table (.csv/.tsv, --text-column or --input-format), or a lines file. */
export async function textSourceFor(path: string, spec: TextSourceSpec = {}): Promise<TextSource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw dataError(`${path}: no such file or folder`);
  if (info.isDirectory()) {
    if (spec.inputFormat || spec.textColumn) throw usageError(`${path} is a folder (a document per file): --input-format and --text-column apply to a file or stdin`);
    return { kind: 'folder', path };
  }
  return sourceOf(path, spec);
}

/** Documents from a stream such as stdin: lines, or a table when a text column or a table format is named. */
export const streamSource = (stream: Readable, name: string, spec: TextSourceSpec = {}): TextSource => sourceOf(name, spec, stream);

/** Bytes sniffed for a NUL, which marks a file as binary. */
const SNIFF = 8192;
/** The largest file read as one document: 256 MiB (a string can hold about twice that). */
export const MAX_DOCUMENT_BYTES = 256 << 20;

/** A file's text, or why it is passed over: binary (a NUL in its first 8 KiB, read alone) or too big. */
function readDocument(file: string): { text: string } | { skip: string } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(SNIFF, size));
    readSync(fd, head, 0, head.length, 0);
    if (head.includes(0)) return { skip: 'binary file (it has NUL bytes)' };
    if (size > MAX_DOCUMENT_BYTES) return { skip: `${(size / 2 ** 20).toFixed(0)} MiB, over the ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB a document may have` };
    const buf = Buffer.alloc(size);
    head.copy(buf);
    for (let at = head.length; at < size;) { const got = readSync(fd, buf, at, size - at, at); if (got === 0) break; at += got; }
    return { text: decodeText(buf) };
  } finally {
    closeSync(fd);
  }
}

async function readFolder(path: string, sink: DocumentSink, events: LoaderEvents): Promise<void> {
  const files = await listFiles(path, events.skipped);
  for (let i = 0; i < files.length; i++) {
    // Synchronous reads: fs/promises' open-stat-read-close round trips cost more than tokenizing a
    // typical document, and the documents are consumed in order anyway.
    const read = readDocument(files[i]);
    if ('skip' in read) events.skipped?.(files[i], read.skip);
    else { const held = sink({ id: relative(path, files[i]), text: read.text }); if (held) await held; }
    events.progress?.(i + 1, files.length);
    // let the event loop breathe (a signal, a progress bar) every so often
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function readLines(input: string | Readable, name: string, sink: DocumentSink): Promise<void> {
  for await (const [n, line] of numberedLines(input, name)) {
    if (line.trim() === '') continue;
    const held = sink({ id: String(n), text: line });
    if (held) await held;
  }
}

function readCsv(source: TableSource, sink: DocumentSink): Promise<void> {
  const { path, textColumn, idColumn, stream } = source;
  return new Promise((resolve, reject) => {
    let row = 0;
    let failed = false;
    const fail = (e: Error, parser?: Papa.Parser) => { if (!failed) { failed = true; parser?.abort(); reject(e); } };
    Papa.parse<Record<string, string>>(csvInput(stream ?? path, path) as unknown as File, {
      header: true,
      skipEmptyLines: 'greedy',
      delimiter: source.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ''),
      step(result, parser) {
        if (failed) return;
        row++;
        const problem = csvProblem(result.errors);
        if (problem) return fail(dataError(`${path}: row ${row}: ${problem}`), parser);
        const fields = result.meta.fields ?? [];
        for (const [flag, name] of [['--text-column', textColumn], ['--id-column', idColumn]] as const) {
          if (name !== undefined && !fields.includes(name)) {
            return fail(dataError(`${path}: no column "${name}" for ${flag}; its columns are ${fields.map((f) => `"${f}"`).join(', ')}`), parser);
          }
        }
        const text = result.data[textColumn];
        if (text === undefined) return;
        sink({ id: idColumn ? String(result.data[idColumn]) : String(row), text });
      },
      complete: () => { if (!failed) resolve(); },
      error: (e: Error) => fail(e instanceof LatentError ? e : dataError(`${path}: ${e.message}`)),
    });
  });
}

/** Hand every document of the source to `sink`, in order. */
export async function forEachDocument(source: TextSource, sink: DocumentSink, events: LoaderEvents = {}): Promise<void> {
  switch (source.kind) {
    case 'folder': return readFolder(source.path, sink, events);
    case 'lines': return readLines(source.path, source.path, sink);
    case 'csv': return readCsv(source, sink);
    case 'stream': return readLines(source.stream, source.name, sink);
  }
}
