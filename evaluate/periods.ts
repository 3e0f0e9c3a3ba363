// Dates → periods: the time of each document (ISO 8601 dates and times, as CSV exports and Parquet
// write them) put into calendar bins (day, ISO week, month, year) or into N bins of equal length between
// the first and the last date. Times without a zone are read as UTC, so that the same file gives the same
// periods on every machine.
import type { NumberRule } from '../core/index.js';
import { dataError, ruleText, satisfies, usageError } from '../core/index.js';

export type TimeBins = 'day' | 'week' | 'month' | 'year' | number;
const CALENDAR = ['day', 'week', 'month', 'year'] as const;
/** --time-bins as a count: so many periods of equal length. */
const EQUAL_BINS: NumberRule = { type: 'integer', min: 1, unit: 'equal periods' };

/** --time-bins as given: a calendar unit or a whole number of equal bins. */
export function parseTimeBins(value: string | number): TimeBins {
  const s = String(value).trim().toLowerCase();
  if ((CALENDAR as readonly string[]).includes(s)) return s as TimeBins;
  const n = Number(s);
  if (/^\d+$/.test(s) && satisfies(EQUAL_BINS, n)) return n;
  throw usageError(`--time-bins "${value}": give day, week, month, year, or ${ruleText(EQUAL_BINS)} such as 10`);
}

const DATE = new RegExp(
  String.raw`^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})` +
    String.raw`(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$`,
  'i',
);

/** Milliseconds since 1970 (UTC) of a date such as 2024, 2024-03, 2024-03-05, 2024/3/5 or
 *  2024-03-05T10:30:00+01:00; null when the text is none of them or names no real day. */
export function timeOf(text: string): number | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) =>
    m[i] === undefined ? undefined : Number(m[i]),
  );
  const mo = (month ?? 1) - 1,
    d = day ?? 1;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  let t = Date.UTC(year!, mo, d, hour ?? 0, minute ?? 0, second ?? 0, ms);
  const check = new Date(t);
  if (
    check.getUTCMonth() !== mo ||
    check.getUTCDate() !== d ||
    (hour ?? 0) > 23 ||
    (minute ?? 0) > 59 ||
    (second ?? 0) > 59
  )
    return null;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) * 60_000;
  }
  return t;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayOf = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

/** ISO 8601 week: weeks start on Monday, and week 1 holds the year's first Thursday. */
function isoWeek(t: number): string {
  const d = new Date(t);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${pad(week)}`;
}

const CALENDAR_LABEL: Record<(typeof CALENDAR)[number], (t: number) => string> = {
  day: dayOf,
  week: isoWeek,
  month: (t) => dayOf(t).slice(0, 7),
  year: (t) => String(new Date(t).getUTCFullYear()),
};

/** A row without a time: its period, listed last. */
export const NO_PERIOD = '(none)';

/** A row's time, null for none ('') ; a text that is no date is an error naming the row. */
function readTime(v: string, rowName: () => string): number | null {
  if (v === '') return null;
  const t = timeOf(v);
  if (t === null)
    throw dataError(
      `${rowName()}: "${v}" is not a date latent reads; write times as ISO 8601 dates (2024-03-05, ` +
        `2024-03, 2024, or 2024-03-05T10:30:00Z)`,
    );
  return t;
}

/** One row's calendar period (rows read one at a time, as --stream reads them). */
export function calendarPeriod(value: string, bins: Exclude<TimeBins, number>, rowName: () => string): string {
  const t = readTime(value, rowName);
  return t === null ? NO_PERIOD : CALENDAR_LABEL[bins](t);
}

/** Calendar periods in time order, NO_PERIOD last. */
export const periodOrder = (periods: Iterable<string>): string[] => {
  const all = [...new Set(periods)];
  return [...all.filter((p) => p !== NO_PERIOD).sort(), ...(all.includes(NO_PERIOD) ? [NO_PERIOD] : [])];
};

/** Each row's period and the periods in time order. `values` are the rows' times as text ('' for none,
 *  put in NO_PERIOD); `rowName(i)` names row i in the message about a time that cannot be read. */
export function periodsOf(
  values: readonly string[],
  bins: TimeBins,
  rowName: (i: number) => string,
): { period: string[]; order: string[] } {
  const times = values.map((v, i) => readTime(v, () => rowName(i)));
  const known = times.filter((t): t is number => t !== null);
  let period: string[], order: string[];
  if (typeof bins === 'number') {
    const first = known.reduce((a, b) => Math.min(a, b), Infinity),
      last = known.reduce((a, b) => Math.max(a, b), -Infinity);
    const n = known.length === 0 || first === last ? 1 : bins;
    const width = (last - first) / n;
    const label = (b: number) => `${dayOf(first + b * width)}..${dayOf(b === n - 1 ? last : first + (b + 1) * width)}`;
    const labels = Array.from({ length: n }, (_, b) => label(b));
    period = times.map((t) =>
      t === null ? NO_PERIOD : labels[Math.min(n - 1, Math.floor((t - first) / (width || 1)))],
    );
    const used = new Set(period);
    order = labels.filter((l) => used.has(l));
  } else {
    const label = CALENDAR_LABEL[bins];
    period = times.map((t) => (t === null ? NO_PERIOD : label(t)));
    // labels are zero-padded from year to day, so their text order is their time order
    return { period, order: periodOrder(period) };
  }
  if (times.includes(null)) order.push(NO_PERIOD);
  return { period, order };
}
