// --class-column, --time-column, --time-bins and --groups: topics per class and per period, for the
// commands that load documents from a table (topics, transform).
import type { Argv } from 'yargs';
import type { Dense } from '../core/index.js';
import { usageError } from '../core/index.js';
import type { GroupTable, TimeBins } from '../evaluate/index.js';
import { groupTables, parseTimeBins } from '../evaluate/index.js';
import type { TableFormat } from '../exporters/index.js';
import type { Dataset } from '../loaders/index.js';

const GROUP = 'Per class and over time:';

export function withGroups<T>(y: Argv<T>) {
  return y
    .option('class-column', { type: 'string', describe: 'CSV/TSV/Parquet column (JSONL field) of each document\'s class: each topic\'s share and words per class', group: GROUP })
    .option('time-column', { type: 'string', describe: 'CSV/TSV/Parquet column (JSONL field) of each document\'s date (ISO 8601): each topic\'s share and words per period', group: GROUP })
    .option('time-bins', { type: 'string', default: 'month', describe: 'periods of --time-column: day, week (ISO), month, year, or N equal spans from the first date to the last', group: GROUP })
    .option('groups', { type: 'string', describe: 'write the per-class and per-period table to FILE (.csv, .tsv, .json, .txt) instead of stdout', group: GROUP });
}

export interface GroupArgs { classColumn?: string; timeColumn?: string; timeBins: string; groups?: string }

/** Checked before any work: the periods readable, and somewhere for the table to go. `stdout` is the
 *  format stdout has when the table could join it there, null when stdout holds another table. */
export function groupPlan(a: GroupArgs, stdout: TableFormat | null): { wanted: boolean; bins: TimeBins } {
  const bins = parseTimeBins(a.timeBins);
  const wanted = a.classColumn !== undefined || a.timeColumn !== undefined;
  if (!wanted && a.groups !== undefined) throw usageError('--groups FILE writes the per-class or per-period table: name the column with --class-column or --time-column');
  if (wanted && a.groups === undefined && stdout !== 'text' && stdout !== 'json') {
    throw usageError(`${a.classColumn !== undefined ? '--class-column' : '--time-column'}: stdout holds ${stdout === null ? 'the coefficients' : `the ${stdout} topic table`}; write the per-group table to a file with --groups FILE`);
  }
  return { wanted, bins };
}

/** The tables of a fit over a loaded dataset with labels; `name` is the source, for messages. */
export function groupsOf(data: Dataset, W: Dense, H: Dense, bins: TimeBins, top: number, name: string): GroupTable[] {
  if (data.columns.kind !== 'text' || data.X.kind !== 'csr') throw usageError('--class-column and --time-column apply to text');
  return groupTables(W, H, data.X, data.columns.terms, data.labels ?? [], bins, top, (d) => `${name}: document ${data.rows[d]}`);
}
