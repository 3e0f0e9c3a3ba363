// --class-column, --time-column, --time-bins and --groups: topics per class and per period, for the
// commands that load documents from a table (topics, transform).
import type { Argv } from 'yargs';
import type { Csr, Dense } from '../core/index.js';
import { usageError } from '../core/index.js';
import type { GroupTable, TimeBins } from '../evaluate/index.js';
import {
  calendarPeriod,
  classesOf,
  GroupSums,
  groupTables,
  NO_CLASS,
  parseTimeBins,
  periodOrder,
} from '../evaluate/index.js';
import type { TableFormat } from '../exporters/index.js';
import type { Dataset, LabelColumn } from '../loaders/index.js';
import { labelColumnsOf, labelsFromFile } from '../loaders/index.js';
import type { Ui } from './progress.js';

const GROUP = 'Per class and over time:';

export function withGroups<T>(y: Argv<T>) {
  return y
    .option('class-column', {
      type: 'string',
      describe: "CSV/TSV/Parquet column (JSONL field) of each document's class: each topic's share and words per class",
      group: GROUP,
    })
    .option('time-column', {
      type: 'string',
      describe:
        "CSV/TSV/Parquet column (JSONL field) of each document's date (ISO 8601): each topic's share and words " +
        'per period',
      group: GROUP,
    })
    .option('time-bins', {
      type: 'string',
      default: 'month',
      describe:
        'periods of --time-column: day, week (ISO), month, year, or N equal spans from the first date to the last',
      group: GROUP,
    })
    .option('groups', {
      type: 'string',
      describe: 'write the per-class and per-period table to FILE (.csv, .tsv, .json, .txt) instead of stdout',
      group: GROUP,
    })
    .option('labels', {
      type: 'string',
      describe:
        "a folder's or lines file's labels: a CSV/TSV FILE with an \"id\" column (a document's path in the " +
        'folder, or its line number) and the columns --class-column and --time-column name',
      group: GROUP,
    });
}

export interface GroupArgs {
  classColumn?: string;
  timeColumn?: string;
  timeBins: string;
  groups?: string;
  labels?: string;
}

/** The source's spec: with --labels the class and time columns are the labels file's, not the source's. */
export const sourceSpec = <A extends GroupArgs>(a: A): A =>
  a.labels !== undefined ? { ...a, classColumn: undefined, timeColumn: undefined } : a;

/** The dataset with the labels file's labels, when --labels names one; documents it does not list are
 *  grouped as (none), and a note says how many. */
export async function withLabelFile(data: Dataset, a: GroupArgs, ui: Ui): Promise<Dataset> {
  if (a.labels === undefined) return data;
  const { labels, unlisted } = await labelsFromFile(a.labels, labelColumnsOf(a), data.rows);
  if (unlisted > 0)
    ui.note(`${unlisted} of ${data.rows.length} documents are not in ${a.labels}: they are grouped as (none)`);
  return { ...data, labels };
}

/** Checked before any work: the periods readable, and somewhere for the table to go. `stdout` is the
 *  format stdout has when the table could join it there, null when stdout holds another table. */
export function groupPlan(a: GroupArgs, stdout: TableFormat | null): { wanted: boolean; bins: TimeBins } {
  const bins = parseTimeBins(a.timeBins);
  const wanted = a.classColumn !== undefined || a.timeColumn !== undefined;
  if (a.labels !== undefined && !wanted)
    throw usageError('--labels FILE gives classes or dates: name its columns with --class-column or --time-column');
  if (!wanted && a.groups !== undefined)
    throw usageError(
      '--groups FILE writes the per-class or per-period table: name the column with --class-column or --time-column',
    );
  if (wanted && a.groups === undefined && stdout !== 'text' && stdout !== 'json') {
    throw usageError(
      `${a.classColumn !== undefined ? '--class-column' : '--time-column'}: stdout holds ` +
        `${stdout === null ? 'the coefficients' : `the ${stdout} topic table`}; write the per-group table to a ` +
        `file with --groups FILE`,
    );
  }
  return { wanted, bins };
}

/** The tables of a fit over a loaded dataset with labels; `name` is the source, for messages. */
export function groupsOf(data: Dataset, W: Dense, H: Dense, bins: TimeBins, top: number, name: string): GroupTable[] {
  if (data.columns.kind !== 'text' || data.X.kind !== 'csr')
    throw usageError('--class-column and --time-column apply to text');
  return groupTables(
    W,
    H,
    data.X,
    data.columns.terms,
    data.labels ?? [],
    bins,
    top,
    (d) => `${name}: document ${data.rows[d]}`,
  );
}

/** Per-class and per-period sums gathered batch by batch in --stream's final pass. */
export function streamGroups(columns: readonly LabelColumn[], bins: TimeBins, name: string) {
  if (typeof bins === 'number')
    throw usageError(
      `--time-bins ${bins}: equal spans need the first and last dates before the pass; with --stream give day, ` +
        `week, month or year`,
    );
  let sums: GroupSums[] | null = null;
  return {
    /** A batch of the final pass: its W, X and the fit's H, and its rows' labels and ids. */
    add(W: Dense, X: Csr, H: Dense, labels: string[][] | undefined, ids: readonly string[]): void {
      sums ??= columns.map(() => new GroupSums(H));
      columns.forEach((c, i) => {
        const values = Array.from({ length: W.rows }, (_, d) => labels?.[d]?.[i] ?? '');
        const group =
          c.flag === '--time-column'
            ? values.map((v, d) => calendarPeriod(v, bins, () => `${name}: document ${ids[d]} (${c.flag} ${c.name})`))
            : values.map((v) => (v === '' ? NO_CLASS : v));
        sums![i].add(W, X, group);
      });
    },
    tables(terms: readonly string[], top: number): GroupTable[] {
      return columns.map((c, i) => {
        const names = sums?.[i].names() ?? [];
        const time = c.flag === '--time-column';
        const order = time ? periodOrder(names) : classesOf(names.map((n) => (n === NO_CLASS ? '' : n))).order;
        return { by: time ? 'period' : 'class', column: c.name, groups: sums?.[i].groups(order, terms, top) ?? [] };
      });
    },
  };
}
