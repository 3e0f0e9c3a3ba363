// Progress on stderr: a live line on a terminal, one line per restart otherwise, nothing with --quiet.
import type { Progress, StreamProgress, SweepProgress } from '../core/index.js';
import type { CommonArgs } from './options.js';

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface Ui {
  progress: ProgressMode;
  /** A message for people, on stderr (not under --quiet). */
  note(message: string): void;
  /** A --verbose detail. */
  detail(message: string): void;
}

export function makeUi(flags: CommonArgs): Ui {
  const quiet = flags.quiet ?? false;
  const progress: ProgressMode = quiet ? 'none' : process.stderr.isTTY ? 'bar' : 'lines';
  const write = (m: string) => process.stderr.write(`${m}\n`);
  return {
    progress,
    note: (m) => {
      if (!quiet) write(m);
    },
    detail: (m) => {
      if (flags.verbose && !quiet) write(m);
    },
  };
}

const BAR = 20;
/** Off a terminal, how often a long phase says where it is. */
const LINE_EVERY_MS = 5000;
const bar = (done: number, total: number) => {
  const filled = Math.round((BAR * done) / Math.max(total, 1));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] `;
};

const duration = (s: number) =>
  s < 60
    ? `${s.toFixed(0)} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
      : `${(s / 3600).toFixed(1)} h`;

/** At most this long until every run has used all its iterations (runs that converge end sooner). */
function eta(p: Progress): string {
  if (p.iteration === 0 || p.seconds <= 0) return '';
  const perIteration = p.seconds / p.iteration;
  const left = perIteration * (p.maxIter - p.iteration + (p.restarts - p.restart) * p.maxIter);
  return `  ≤ ${duration(left)} left`;
}

const fmt = (p: Progress, ahead = true) =>
  p.phase === 'init'
    ? `${bar(0, 1)}restart ${p.restart}/${p.restarts}  initializing…`
    : `${bar(p.iteration, p.maxIter)}restart ${p.restart}/${p.restarts}  iteration ${p.iteration}/${p.maxIter}  F ` +
      `${p.objective.toPrecision(6)}  ${p.seconds.toFixed(1)} s${ahead ? eta(p) : ''}`;

/** A progress callback for core, and `end` to close the last line. */
/** Draws a bar's line over the last one. It is cut to the terminal's width: a line that wrapped would
 *  leave its first rows behind, since a carriage return goes back over the last row only. */
function redraw(line: string): void {
  const width = (process.stderr.columns || 80) - 1,
    chars = [...line];
  process.stderr.write(`\r${chars.length > width ? chars.slice(0, width).join('') : line}\x1b[K`);
}

export function progressReporter(mode: ProgressMode): { onProgress: (p: Progress) => void; end: () => void } {
  let last: Progress | null = null;
  let drawn = 0,
    told = performance.now();
  const finishRestart = (p: Progress) => {
    if (p.phase === 'init') return;
    if (mode === 'bar') process.stderr.write(`\r${fmt(p, false)}\x1b[K\n`);
    else if (mode === 'lines')
      process.stderr.write(
        `restart ${p.restart}/${p.restarts}: F ${p.objective.toPrecision(6)} after ${p.iteration} iterations, ` +
          `${p.seconds.toFixed(1)} s\n`,
      );
  };
  return {
    onProgress(p) {
      if (last && last.restart !== p.restart) finishRestart(last);
      last = p;
      const now = performance.now();
      if (mode === 'bar') {
        if (p.phase === 'init' || now - drawn > 100) {
          drawn = now;
          redraw(fmt(p));
        }
      } else if (mode === 'lines' && p.phase === 'iterate' && now - told > LINE_EVERY_MS) {
        // off a terminal (a log, a pipe): where the fit is, every few seconds
        told = now;
        process.stderr.write(
          `restart ${p.restart}/${p.restarts}: iteration ${p.iteration}/${p.maxIter}, F ` +
            `${p.objective.toPrecision(6)}, ${p.seconds.toFixed(0)} s\n`,
        );
      }
    },
    end() {
      if (last) finishRestart(last);
      last = null;
    },
  };
}

/** Loader progress: a folder's files read of all, or a file's or stream's documents read so far; on a
 *  terminal a live line (cleared by `end`), otherwise a line every few seconds. */
export function loadingReporter(mode: ProgressMode): {
  progress: (done: number, total?: number) => void;
  end: () => void;
} {
  let drawn = performance.now(),
    shown = false;
  return {
    progress(done, total) {
      if (mode === 'none') return;
      const now = performance.now();
      if (now - drawn < (mode === 'bar' ? 100 : LINE_EVERY_MS) && done !== total) return;
      drawn = now;
      const what = total ? `loading ${done}/${total} files` : `reading ${done.toLocaleString('en')} documents`;
      if (mode === 'lines') {
        if (done !== total) process.stderr.write(`${what}\n`);
        return;
      }
      shown = true;
      redraw(`${total ? bar(done, total) : ''}${what}`);
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Progress over a whole sweep of k: which k, restart and iteration, and an upper bound on the time
 *  left, taking a run's cost as proportional to its k. */
export function sweepReporter(mode: ProgressMode): { onProgress: (p: SweepProgress) => void; end: () => void } {
  const started = performance.now();
  let drawn = 0,
    shown = false,
    told = started,
    lastK: number | null = null;
  return {
    onProgress(p) {
      const now = performance.now();
      if (mode === 'lines') {
        // off a terminal: a line as each k starts, and where its fit is every few seconds
        if (p.k !== lastK) {
          lastK = p.k;
          told = now;
          process.stderr.write(
            `k ${p.k} (${p.ks.indexOf(p.k) + 1}/${p.ks.length}): fitting ${p.restarts} ` +
              `restart${p.restarts === 1 ? '' : 's'}\n`,
          );
        } else if (p.phase === 'iterate' && now - told > LINE_EVERY_MS) {
          told = now;
          process.stderr.write(
            `k ${p.k}: restart ${p.restart}/${p.restarts}, iteration ${p.iteration}/${p.maxIter}, F ` +
              `${p.objective.toPrecision(6)}\n`,
          );
        }
        return;
      }
      if (mode !== 'bar') return;
      if (p.phase !== 'init' && now - drawn < 100) return;
      drawn = now;
      shown = true;
      const total = p.ks.reduce((s, k) => s + k, 0) * p.restarts;
      const before = p.ks.slice(0, p.ks.indexOf(p.k)).reduce((s, k) => s + k, 0) * p.restarts;
      const done = before + p.k * (p.restart - 1 + (p.phase === 'init' ? 0 : p.iteration / p.maxIter));
      const elapsed = (now - started) / 1000;
      const left = done > 0 && elapsed > 1 ? `  ≤ ${duration((elapsed * (total - done)) / done)} left` : '';
      redraw(
        `${bar(done, total)}k ${p.k} (${p.ks.indexOf(p.k) + 1}/${p.ks.length})  restart ` +
          `${p.restart}/${p.restarts}  iteration ${p.iteration}/${p.maxIter}${left}`,
      );
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Progress of a streaming fit: one bar over every pass (the vocabulary's, the epochs, the final one)
 *  with the time left on a terminal; a line every few seconds otherwise. `passes` counts them all and
 *  `before` those done before the fit (the vocabulary's). */
export function streamReporter(
  mode: ProgressMode,
  passes: number,
  before: number,
): { onProgress: (p: StreamProgress) => void; end: () => void } {
  const started = performance.now();
  let drawn = 0,
    shown = false;
  return {
    onProgress(p) {
      if (mode === 'none') return;
      const now = performance.now();
      if (now - drawn < (mode === 'bar' ? 100 : 5000)) return;
      drawn = now;
      const within = p.totalRows ? Math.min(1, p.rows / p.totalRows) : 0;
      const done = before + p.epoch + within,
        elapsed = (now - started) / 1000;
      const left =
        done > before && p.totalRows ? `  ${duration((elapsed * (passes - done)) / (done - before))} left` : '';
      const what =
        `${p.phase === 'final' ? 'final pass' : `epoch ${p.epoch + 1}/${p.epochs}`}  ` +
        `${p.rows}${p.totalRows ? `/${p.totalRows}` : ''} rows  F ${p.objective.toPrecision(6)}  ` +
        `${p.seconds.toFixed(0)} s${left}`;
      if (mode === 'bar') {
        shown = true;
        redraw(`${bar(done, passes)}${what}`);
      } else process.stderr.write(`${what}\n`);
    },
    end() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
