// JSONL (JSON Lines, NDJSON): one JSON object per line, the text in one field and maybe the id in
// another. Read a line at a time (lines.ts: a budget per line, gzip decompressed, binary refused), so a
// file of any length holds one line in memory. A line that is not what it should be is one error naming
// its number: a corpus half read is not a result.
import type { Readable } from 'node:stream';
import { dataError } from '../../core/index.js';
import { numberedLines } from '../lines.js';
import type { DocumentSink } from './document.js';
import type { LabelColumn } from './labels.js';
import { labelOf } from './labels.js';

/** A JSONL file's documents: `path` names it in messages; `stream` (stdin) is read instead when given.
 *  `textField` defaults to `text`, the name most corpora use. */
export interface JsonlSource {
  kind: 'jsonl';
  path: string;
  textField?: string;
  idField?: string;
  stream?: Readable;
  labels?: LabelColumn[];
}

export const DEFAULT_TEXT_FIELD = 'text';

/** A field of a document by name: the key itself when the object has it, else a dotted path into nested
 *  objects (`meta.body`; a number steps into an array). */
export function fieldAt(doc: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(doc, name)) return doc[name];
  let at: unknown = doc;
  for (const part of name.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

const kindOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** The first few keys of an object, for a message. */
const keysOf = (doc: object) => {
  const keys = Object.keys(doc);
  return keys.length === 0
    ? 'it has none'
    : `its fields are ${keys
        .slice(0, 12)
        .map((k) => `"${k}"`)
        .join(', ')}${keys.length > 12 ? ', …' : ''}`;
};

export async function readJsonl(source: JsonlSource, sink: DocumentSink): Promise<void> {
  const { path, idField, stream } = source;
  const textField = source.textField ?? DEFAULT_TEXT_FIELD;
  const flag =
    source.textField === undefined
      ? `the default of --text-field: name the field holding the text with --text-field`
      : '--text-field';
  for await (const [n, raw] of numberedLines(stream ?? path, path)) {
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const at = `${path}:${n}`;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      throw dataError(`${at}: not JSON (${(e as Error).message}); a JSONL file holds one JSON object per line`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw dataError(
        `${at}: ${kindOf(doc)}, where each line of a JSONL file must be an object such as {"${textField}": "…"}`,
      );
    const record = doc as Record<string, unknown>;
    const text = fieldAt(record, textField);
    if (text === undefined) throw dataError(`${at}: no field "${textField}" (${flag}); ${keysOf(record)}`);
    if (typeof text !== 'string')
      throw dataError(
        `${at}: field "${textField}" is ${kindOf(text)}, not ` +
          `text${text === null ? ": leave such lines out (jq 'select(." + textField + " != null)')" : ''}`,
      );
    let id = String(n);
    if (idField !== undefined) {
      const value = fieldAt(record, idField);
      if (value === undefined) throw dataError(`${at}: no field "${idField}" for --id-field; ${keysOf(record)}`);
      if (typeof value !== 'string' && typeof value !== 'number')
        throw dataError(`${at}: field "${idField}" (--id-field) is ${kindOf(value)}: an id is a string or a number`);
      id = String(value);
    }
    const labels = source.labels?.map((l) => labelOf(fieldAt(record, l.name), l, at));
    const r = sink(labels ? { id, text, labels } : { id, text });
    if (r) await r;
  }
}
