// Labels for documents that have no columns (a folder's files, a lines file's lines): a CSV/TSV beside
// them, an `id` column naming each document as latent does (its path within the folder, its line number)
// and the columns --class-column and --time-column name.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { dataError } from '../../core/index.js';
import { csvProblem, uniqueHeaders } from '../csv-input.js';
import type { DocumentLabels } from '../dataset.js';
import type { LabelColumn } from './labels.js';
import { labelOf } from './labels.js';

/** A labels file larger than this is refused: it holds a few short cells per document. */
const MAX_LABEL_FILE = 512 << 20;

/** Each named column's value for each of `ids` ('' for a document the file does not list). */
export async function labelsFromFile(
  path: string,
  columns: readonly LabelColumn[],
  ids: readonly string[],
): Promise<{ labels: DocumentLabels[]; unlisted: number }> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw dataError(`${path}: cannot read the labels file`);
  });
  if (text.length > MAX_LABEL_FILE)
    throw dataError(`${path}: a labels file of ${text.length} characters; it should hold a short row per document`);
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    transformHeader: uniqueHeaders(),
    skipEmptyLines: 'greedy',
    delimiter: /\.tsv$/i.test(path) ? '\t' : '',
  });
  const problem = csvProblem(parsed.errors);
  if (problem) throw dataError(`${path}: ${problem}`);
  const fields = parsed.meta.fields ?? [];
  for (const [flag, name] of [['the labels file', 'id'], ...columns.map((c) => [c.flag, c.name])]) {
    if (!fields.includes(name))
      throw dataError(
        `${path}: no column "${name}" for ${flag}; its columns are ${fields.map((f) => `"${f}"`).join(', ')}`,
      );
  }
  const byId = new Map<string, string[]>();
  parsed.data.forEach((row, i) => {
    const id = String(row.id ?? '').trim();
    if (byId.has(id)) throw dataError(`${path}: row ${i + 1}: id "${id}" is listed twice`);
    byId.set(
      id,
      columns.map((c) => labelOf(row[c.name], c, `${path}: row ${i + 1}`)),
    );
  });
  let unlisted = 0;
  const values = columns.map(() => [] as string[]);
  for (const id of ids) {
    const found = byId.get(id);
    if (!found) unlisted++;
    columns.forEach((_, c) => values[c].push(found?.[c] ?? ''));
  }
  return { labels: columns.map((c, i) => ({ ...c, values: values[i] })), unlisted };
}
