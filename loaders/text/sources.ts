// Where documents come from: a folder (a file each), a file with one per line, a CSV/TSV with a text
// column (papaparse, streaming), or any stream such as stdin (one per line). Each source hands the
// documents, in order, to a callback, so that nothing holds the whole corpus at once.
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { dataError, usageError } from '../../core/index.js';
import type { LoaderEvents } from '../dataset.js';
import { listFiles } from '../walk.js';

export type TextSource =
  | { kind: 'folder'; path: string }
  | { kind: 'lines'; path: string }
  | { kind: 'csv'; path: string; textColumn: string; idColumn?: string }
  | { kind: 'stream'; stream: Readable; name: string };

export interface Document { id: string; text: string }

export type DocumentSink = (doc: Document) => void;

/** Pick the source for a path: a folder, a .csv/.tsv file (needs a text column), or a lines file. */
export async function textSourceFor(path: string, textColumn?: string, idColumn?: string): Promise<TextSource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw dataError(`${path}: no such file or folder`);
  if (info.isDirectory()) return { kind: 'folder', path };
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') {
    if (!textColumn) throw usageError(`${path} is a table: name its text column with --text-column`);
    return { kind: 'csv', path, textColumn, idColumn };
  }
  return { kind: 'lines', path };
}

/** Bytes that mark a file as binary: a NUL in its first 8 KiB. */
const isBinary = (buf: Buffer) => buf.subarray(0, 8192).includes(0);

async function readFolder(path: string, sink: DocumentSink, events: LoaderEvents): Promise<void> {
  const files = await listFiles(path);
  for (let i = 0; i < files.length; i++) {
    // Synchronous reads: fs/promises' open-stat-read-close round trips cost more than tokenizing a
    // typical document, and the documents are consumed in order anyway.
    const buf = readFileSync(files[i]);
    if (isBinary(buf)) events.skipped?.(files[i], 'binary file (it has NUL bytes)');
    else sink({ id: relative(path, files[i]), text: buf.toString('utf8') });
    events.progress?.(i + 1, files.length);
    // let the event loop breathe (a signal, a progress bar) every so often
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function readLines(stream: Readable, sink: DocumentSink): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() !== '') sink({ id: String(n), text: line });
  }
}

function readCsv(source: Extract<TextSource, { kind: 'csv' }>, sink: DocumentSink): Promise<void> {
  const { path, textColumn, idColumn } = source;
  return new Promise((resolve, reject) => {
    let row = 0;
    let failed = false;
    const fail = (e: Error, parser?: Papa.Parser) => { if (!failed) { failed = true; parser?.abort(); reject(e); } };
    Papa.parse<Record<string, string>>(createReadStream(path, 'utf8') as unknown as File, {
      header: true,
      skipEmptyLines: 'greedy',
      delimiter: extname(path).toLowerCase() === '.tsv' ? '\t' : '',
      step(result, parser) {
        if (failed) return;
        row++;
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
      error: (e: Error) => fail(dataError(`${path}: ${e.message}`)),
    });
  });
}

/** Hand every document of the source to `sink`, in order. */
export async function forEachDocument(source: TextSource, sink: DocumentSink, events: LoaderEvents = {}): Promise<void> {
  switch (source.kind) {
    case 'folder': return readFolder(source.path, sink, events);
    case 'lines': return readLines(createReadStream(source.path, 'utf8'), sink);
    case 'csv': return readCsv(source, sink);
    case 'stream': return readLines(source.stream, sink);
  }
}
