// Progress on stderr: a live line on a terminal, one line per restart otherwise, nothing with --quiet.
import type { Progress } from '../core/index.js';
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
    note: (m) => { if (!quiet) write(m); },
    detail: (m) => { if (flags.verbose && !quiet) write(m); },
  };
}

const BAR = 20;
const bar = (p: Progress) => {
  const filled = Math.round((BAR * p.iteration) / p.maxIter);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] `;
};

const fmt = (p: Progress) =>
  `${bar(p)}restart ${p.restart}/${p.restarts}  iteration ${p.iteration}/${p.maxIter}  F ${p.objective.toPrecision(6)}  ${p.seconds.toFixed(1)} s`;

/** A progress callback for core, and `end` to close the last line. */
export function progressReporter(mode: ProgressMode): { onProgress: (p: Progress) => void; end: () => void } {
  let last: Progress | null = null;
  let drawn = 0;
  const finishRestart = (p: Progress) => {
    if (mode === 'bar') process.stderr.write(`\r${fmt(p)}\x1b[K\n`);
    else if (mode === 'lines') process.stderr.write(`restart ${p.restart}/${p.restarts}: F ${p.objective.toPrecision(6)} after ${p.iteration} iterations, ${p.seconds.toFixed(1)} s\n`);
  };
  return {
    onProgress(p) {
      if (last && last.restart !== p.restart) finishRestart(last);
      last = p;
      if (mode === 'bar') {
        const now = performance.now();
        if (now - drawn > 100) { drawn = now; process.stderr.write(`\r${fmt(p)}\x1b[K`); }
      }
    },
    end() { if (last) finishRestart(last); last = null; },
  };
}
