// Labels of documents: the values of further columns (CSV/TSV/Parquet) or fields (JSONL) beside the text,
// such as a class or a date, carried with each document for per-class and over-time tables.
import { dataError } from '../../core/index.js';

/** A column (or JSONL field) to carry, and the flag that named it, for messages. */
export interface LabelColumn {
  name: string;
  flag: string;
}

/** Where the labels of documents are: the flags that name them. */
export interface LabelSpec {
  classColumn?: string;
  timeColumn?: string;
}

/** The label columns a spec names, class first. */
export const labelColumnsOf = (spec: LabelSpec): LabelColumn[] => [
  ...(spec.classColumn !== undefined ? [{ name: spec.classColumn, flag: '--class-column' }] : []),
  ...(spec.timeColumn !== undefined ? [{ name: spec.timeColumn, flag: '--time-column' }] : []),
];

/** A cell as a label: text as it is (control characters made spaces), numbers and dates written out;
 *  missing (null, undefined) is ''.
 *  A nested value is refused: a label is one value. `at` names the row for the message. */
export function labelOf(value: unknown, column: LabelColumn, at: string): string {
  if (value === null || value === undefined) return '';
  // control characters (a newline inside a quoted cell, an escape sequence) would break the lines and
  // the terminal the group names are printed on
  if (typeof value === 'string') return value.replace(/\p{Cc}+/gu, ' ').trim();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  throw dataError(
    `${at}: "${column.name}" (${column.flag}) holds ${Array.isArray(value) ? 'an array' : 'an object'}: a ` +
      `class or a time is one value`,
  );
}
