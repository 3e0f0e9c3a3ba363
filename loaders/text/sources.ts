// Where documents come from: a folder (a file each), a file with one per line, a CSV/TSV with a text
// column (papaparse, streaming), a JSONL file (a JSON object per line), a Parquet file (row group by row
// group), or any stream such as stdin (lines, a table or JSONL). Any of the files may be gzipped. Each
// source hands the documents, in order, to a sink, and waits when the sink asks it to, so that nothing
// holds the whole corpus at once. A source given by a path can be read any number of times (a pass
// each); one given as a stream, once.
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Readable } from 'node:stream';
import { dataError, usageError } from '../../core/index.js';
import type { LoaderEvents } from '../dataset.js';
import { numberedLines } from '../lines.js';
import { formatExtension } from '../open-input.js';
import { listFiles } from '../walk.js';
import type { DocumentSink } from './document.js';
import { readDocument } from './document-file.js';
import type { JsonlSource } from './jsonl.js';
import type { LabelSpec } from './labels.js';
import { labelColumnsOf } from './labels.js';
import { readJsonl } from './jsonl.js';
import type { ParquetSource } from './parquet.js';
import { readParquet } from './parquet.js';
import type { TableSource } from './table.js';
import { readCsv } from './table.js';
import { tableColumns } from './table-sniff.js';

export type { Document, DocumentSink } from './document.js';
export { MAX_DOCUMENT_BYTES } from './document-file.js';
export type { JsonlSource } from './jsonl.js';
export type { LabelColumn, LabelSpec } from './labels.js';
export { labelColumnsOf } from './labels.js';
export { DEFAULT_TEXT_FIELD, fieldAt } from './jsonl.js';
export type { ParquetSource } from './parquet.js';
export type { TableSource } from './table.js';

/** How a file or stream holds its documents: a line each, rows of a table, a JSON object per line, or
 *  a Parquet file's rows. */
export type InputFormat = 'lines' | 'csv' | 'tsv' | 'jsonl' | 'parquet';
export const INPUT_FORMATS: readonly InputFormat[] = ['lines', 'csv', 'tsv', 'jsonl', 'parquet'];

/** The format a file's name tells (a `.gz` aside), or undefined. */
const FORMAT_OF: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

export type TextSource =
  | { kind: 'folder'; path: string }
  /** Some of a folder's files (a rank's share of it), ids relative to the folder. */
  | { kind: 'files'; path: string; files: string[] }
  | { kind: 'lines'; path: string }
  | TableSource
  | JsonlSource
  | ParquetSource
  /** `guessed`: no format was named, so a table's lines are refused with the --text-column hint. */
  | { kind: 'stream'; stream: Readable; name: string; guessed?: boolean };

/** Where the documents are and how they are held: columns for tables and Parquet, fields for JSONL. */
export interface TextSourceSpec extends LabelSpec {
  textColumn?: string;
  idColumn?: string;
  textField?: string;
  idField?: string;
  inputFormat?: InputFormat;
}

/** Labels need columns or fields: a folder's or a lines file's documents have none. */
function noLabels(name: string, spec: LabelSpec, what: string): void {
  const [first] = labelColumnsOf(spec);
  if (first)
    throw usageError(
      `${first.flag} "${first.name}" names a column, but ${name} is ${what}, whose documents have none: give ` +
        `a CSV/TSV, JSONL or Parquet file holding the text and its labels, or a labels file with --labels FILE`,
    );
}

/** The source of a file or stream: the format named, else the one its name tells (`.gz` aside), else
 *  JSONL when a text field is named, a table when a text column is, else lines. */
function sourceOf(name: string, spec: TextSourceSpec, stream?: Readable): TextSource {
  const ext = formatExtension(name);
  const format = spec.inputFormat ?? FORMAT_OF[ext] ?? (spec.textField ? 'jsonl' : spec.textColumn ? 'csv' : 'lines');
  const fields = spec.textField !== undefined || spec.idField !== undefined;
  const columns = spec.textColumn !== undefined || spec.idColumn !== undefined;
  const labels = labelColumnsOf(spec);
  if (format !== 'jsonl' && fields)
    throw usageError(
      `--text-field and --id-field name JSONL fields, but ${name} is read as ${format}: ` +
        `${format === 'lines' ? 'give --input-format jsonl' : 'name columns with --text-column and --id-column'}`,
    );
  if (format === 'jsonl') {
    if (columns)
      throw usageError(
        `${name} is read as JSONL, whose documents have fields, not columns: give --text-field (and ` +
          `--id-field) instead of --text-column`,
      );
    return { kind: 'jsonl', path: name, textField: spec.textField, idField: spec.idField, stream, labels };
  }
  if (format === 'lines') {
    if (spec.textColumn)
      throw usageError(
        `--text-column "${spec.textColumn}" names a column, but ${name} is read as lines: give ` +
          `--input-format csv or tsv`,
      );
    noLabels(name, spec, 'read as lines (a document per line)');
    return stream
      ? { kind: 'stream', stream, name, guessed: spec.inputFormat === undefined }
      : { kind: 'lines', path: name };
  }
  if (format === 'parquet') {
    if (stream)
      throw usageError(
        `${name}: Parquet is read from a file (its index is at its end): save it to a file and give that`,
      );
    if (/\.gz$/i.test(name))
      throw usageError(
        `${name}: a gzipped Parquet file cannot be read in place (Parquet compresses its own pages): gunzip it first`,
      );
    if (!spec.textColumn) throw usageError(`${name} is read as Parquet: name its text column with --text-column`);
    return { kind: 'parquet', path: name, textColumn: spec.textColumn, idColumn: spec.idColumn, labels };
  }
  if (!spec.textColumn)
    throw usageError(
      `${name} is read as a table: name its text column with --text-column (or give --input-format lines)`,
    );
  // a named format fixes the delimiter; a guess from the extension or the column flag lets papaparse look
  const delimiter =
    spec.inputFormat === 'tsv' || (!spec.inputFormat && ext === '.tsv')
      ? '\t'
      : spec.inputFormat === 'csv' || ext === '.csv'
        ? ','
        : undefined;
  return { kind: 'csv', path: name, textColumn: spec.textColumn, idColumn: spec.idColumn, stream, delimiter, labels };
}

/** Pick the source for a path: a folder, a table (.csv/.tsv, --text-column or --input-format), JSONL
 *  (.jsonl/.ndjson or --text-field), Parquet (.parquet), or a lines file. */
export async function textSourceFor(path: string, spec: TextSourceSpec = {}): Promise<TextSource> {
  const info = await stat(path).catch(() => null);
  if (!info) throw dataError(`${path}: no such file or folder`);
  if (info.isDirectory()) {
    if (spec.inputFormat || spec.textColumn || spec.textField)
      throw usageError(
        `${path} is a folder (a document per file): --input-format, --text-column and --text-field apply to ` +
          `a file or stdin`,
      );
    noLabels(path, spec, 'a folder (a document per file)');
    return { kind: 'folder', path };
  }
  return sourceOf(path, spec);
}

/** Documents from a stream such as stdin: lines, or a table when a text column or a table format is named. */
export const streamSource = (stream: Readable, name: string, spec: TextSourceSpec = {}): TextSource =>
  sourceOf(name, spec, stream);

async function readFolder(path: string, sink: DocumentSink, events: LoaderEvents, only?: string[]): Promise<void> {
  const files = only ?? (await listFiles(path, events.skipped));
  for (let i = 0; i < files.length; i++) {
    // Synchronous reads: fs/promises' open-stat-read-close round trips cost more than tokenizing a
    // typical document, and the documents are consumed in order anyway.
    const read = readDocument(files[i]);
    if ('skip' in read) events.skipped?.(files[i], read.skip);
    else {
      const r = sink({ id: relative(path, files[i]), text: read.text });
      if (r) await r;
    }
    events.progress?.(i + 1, files.length);
    // let the event loop breathe (a signal, a progress bar) every so often
    if (i % 256 === 255) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lines held back to see whether a stream is a table (the header and a few rows). */
const SNIFFED_LINES = 6;

async function readLines(input: string | Readable, name: string, sink: DocumentSink, sniff = false): Promise<void> {
  const held: [number, string][] = [];
  const give = async ([n, line]: [number, string]) => {
    const r = sink({ id: String(n), text: line });
    if (r) await r;
  };
  for await (const numbered of numberedLines(input, name)) {
    if (numbered[1].trim() === '') continue;
    if (!sniff) {
      await give(numbered);
      continue;
    }
    held.push(numbered);
    if (held.length < SNIFFED_LINES) continue;
    refuseTable(
      name,
      held.map(([, line]) => line),
    );
    sniff = false;
    for (const h of held.splice(0)) await give(h);
  }
  if (sniff)
    refuseTable(
      name,
      held.map(([, line]) => line),
    );
  for (const h of held) await give(h);
}

/** A table read as lines is refused, naming its columns and the one that looks like the text. */
function refuseTable(name: string, lines: string[]): void {
  const table = tableColumns(lines);
  if (!table) return;
  const { delimiter, columns } = table;
  // the column whose cells in the rows seen are longest is the likeliest text
  const length = (c: number) => lines.slice(1).reduce((sum, l) => sum + (l.split(delimiter)[c]?.length ?? 0), 0);
  const text = columns.reduce((best, _, c) => (length(c) > length(best) ? c : best), 0);
  const named =
    columns
      .slice(0, 8)
      .map((c) => `"${c}"`)
      .join(', ') + (columns.length > 8 ? ', …' : '');
  throw usageError(
    `${name} looks like a ${delimiter === '\t' ? 'TSV' : 'CSV'} table (columns ${named}): name the column ` +
      `holding the text with --text-column (${columns[text]}?), or give --input-format lines to take each ` +
      `line as a document`,
  );
}

/** Streams already read: a second pass over one would find it empty and say nothing. */
const consumed = new WeakSet<Readable>();

/** Hand every document of the source to `sink`, in order, awaiting it whenever it returns a promise.
 *  A source read from a path may be passed over again (each call reads the file afresh); one read from
 *  a stream (stdin) only once. */
export async function forEachDocument(
  source: TextSource,
  sink: DocumentSink,
  events: LoaderEvents = {},
): Promise<void> {
  const stream = 'stream' in source ? source.stream : undefined;
  if (stream) {
    if (consumed.has(stream))
      throw usageError(
        `${source.kind === 'stream' ? source.name : source.path} can be read only once: save it to a file to ` +
          `read it in several passes`,
      );
    consumed.add(stream);
  }
  switch (source.kind) {
    case 'folder':
      return readFolder(source.path, sink, events);
    case 'files':
      return readFolder(source.path, sink, events, source.files);
    case 'lines':
      return readLines(source.path, source.path, sink);
    case 'csv':
      return readCsv(source, sink);
    case 'jsonl':
      return readJsonl(source, sink);
    case 'parquet':
      return readParquet(source, sink);
    case 'stream':
      return readLines(source.stream, source.name, sink, source.guessed ?? false);
  }
}
