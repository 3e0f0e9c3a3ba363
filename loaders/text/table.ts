// A CSV/TSV's documents: papaparse, streaming, the text in one column and maybe the id in another; a row
// papaparse has to guess about is refused (csv-input.ts).
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { dataError, LatentError } from '../../core/index.js';
import { csvInput, csvProblem, uniqueHeaders, unmaskQuotes } from '../csv-input.js';
import { formatExtension } from '../open-input.js';
import type { DocumentSink } from './document.js';
import type { LabelColumn } from './labels.js';
import { labelOf } from './labels.js';

/** A table's documents: `path` names it in messages; `stream` (stdin) is read instead of the path when
 *  given; the delimiter is guessed from the first rows when not known. */
export interface TableSource {
  kind: 'csv';
  path: string;
  textColumn: string;
  idColumn?: string;
  stream?: Readable;
  delimiter?: ',' | '\t';
  labels?: LabelColumn[];
}

/** Newlines inside a field's text (a quoted field may span lines). */
function newlines(value: unknown): number {
  if (typeof value !== 'string') return 0;
  let n = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) n++;
  return n;
}

export function readCsv(source: TableSource, sink: DocumentSink): Promise<void> {
  const { path, textColumn, idColumn, stream } = source;
  const labels = source.labels ?? [];
  return new Promise((resolve, reject) => {
    // `row` numbers documents (their ids); `line` is the file line a row starts on, for messages, as the
    // matrix loader's: the header is line 1, and blank lines and newlines inside quoted fields count
    let row = 0,
      line = 1,
      lineCount = 1;
    let failed = false;
    const fail = (e: Error, parser?: Papa.Parser) => {
      if (!failed) {
        failed = true;
        parser?.abort();
        reject(e);
      }
    };
    const delimiter = source.delimiter ?? (formatExtension(path) === '.tsv' ? '\t' : '');
    const input = csvInput(stream ?? path, path, undefined, delimiter === '\t');
    Papa.parse<Record<string, string>>(input as unknown as File, {
      header: true,
      // blank lines are passed over here, so that they are counted
      delimiter,
      // a TSV without quoting has its quotes masked (csv-input.ts): its column names and fields get them back
      transformHeader: uniqueHeaders(unmaskQuotes),
      step(result, parser) {
        if (failed) return;
        line += lineCount;
        const values = Object.values(result.data);
        lineCount = 1 + values.reduce((n, v) => n + newlines(v), 0);
        if (
          values.every((v) => typeof v !== 'string' || v.trim() === '') &&
          result.errors.every((e) => e.code === 'TooFewFields')
        )
          return;
        row++;
        const problem = csvProblem(result.errors);
        if (problem) return fail(dataError(`${path}: line ${line}: ${problem}`), parser);
        const fields = result.meta.fields ?? [];
        for (const [flag, name] of [
          ['--text-column', textColumn],
          ['--id-column', idColumn],
          ...labels.map((l) => [l.flag, l.name]),
        ] as const) {
          if (name !== undefined && !fields.includes(name)) {
            return fail(
              dataError(
                `${path}: no column "${name}" for ${flag}; its columns are ${fields.map((f) => `"${f}"`).join(', ')}`,
              ),
              parser,
            );
          }
        }
        const text = result.data[textColumn];
        if (text === undefined) return;
        const literal = input.literalQuotes === true;
        const doc = {
          id: idColumn ? (literal ? unmaskQuotes : String)(String(result.data[idColumn])) : String(row),
          text: literal ? unmaskQuotes(text) : text,
        };
        let r;
        try {
          r = sink(
            labels.length
              ? { ...doc, labels: labels.map((l) => labelOf(result.data[l.name], l, `${path}: line ${line}`)) }
              : doc,
          );
        } catch (e) {
          // as thrown: a sink that stops early (the size estimate's sample) is not an error of the file
          return fail(e as Error, parser);
        }
        if (!r) return;
        // the sink asks to wait: papaparse stops after this row, its input stops flowing (else chunks
        // would pile up in papaparse's queue), and both go on once the sink is done
        parser.pause();
        input.pause();
        r.then(
          () => {
            if (!failed) {
              input.resume();
              parser.resume();
            }
          },
          (e: Error) => fail(e, parser),
        );
      },
      complete: () => {
        if (!failed) resolve();
      },
      error: (e: Error) => fail(e instanceof LatentError ? e : dataError(`${path}: ${e.message}`)),
    });
  });
}
