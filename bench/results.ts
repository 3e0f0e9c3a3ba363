// Benchmark figures kept where README links to them, not copied into prose and comments to go stale: a
// benchmark writes its table as Markdown to bench/results/NAME.md, with the command, the date and the
// machine, each time it runs (commit the file with the change it measures).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** bench/results in the source tree, seen from the built bench in dist/bench. */
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

/** The machine in a line: the processor, its cores, the memory. */
export const machine = (): string =>
  `${cpus()[0]?.model.trim() ?? 'unknown processor'}, ${cpus().length} cores, ` +
  `${Math.round(totalmem() / 2 ** 30)} GiB`;

/** The source tree's commit, as git names it (with a + where the tree has changes), or null. */
function commitOf(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: RESULTS + '..', encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: RESULTS + '..' });
  return head.stdout.trim() + (dirty.stdout?.length ? '+' : '');
}

/** Writes `rows` (the first the header) as a Markdown table under the command that made it; returns the
 *  file's path. `notes` go below the table. */
export function writeResults(
  name: string,
  command: string,
  rows: string[][],
  notes: string[] = [],
  commit = commitOf(),
): string {
  const line = (r: string[]) => `| ${r.map((v) => v.replace(/\|/g, '\\|')).join(' | ')} |`;
  const text = [
    `# ${name}`,
    '',
    `\`${command}\` on ${new Date().toISOString().slice(0, 10)}${commit ? ` at ${commit}` : ''}, ${machine()}.`,
    '',
    line(rows[0]),
    line(rows[0].map(() => '---')),
    ...rows.slice(1).map(line),
    ...(notes.length ? ['', ...notes] : []),
    '',
  ].join('\n');
  mkdirSync(RESULTS, { recursive: true });
  const path = `${RESULTS}${name}.md`;
  writeFileSync(path, text);
  return path;
}

/** `rows` (the first the header) as aligned text columns two spaces apart, numbers' columns padded at the
 *  start (`align` 'start') or every column at the end ('end'), each line's trailing spaces dropped. */
export function alignedTable(rows: string[][], align: 'start' | 'end' = 'end'): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const pad = (c: string, j: number) => (align === 'start' ? c.padStart(widths[j]) : c.padEnd(widths[j]));
  return rows.map((r) => r.map(pad).join('  ').trimEnd() + '\n').join('');
}
