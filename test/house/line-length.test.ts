// No line of the project's TypeScript is over 120 characters: prettier wraps code at 120 but leaves long
// strings and comments as they are, so this test holds the rest.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 120;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The folders (and files) held to the limit so far. */
const COVERED = ['cli', 'core', 'evaluate', 'exporters', 'loaders', 'bench', 'test', 'index.ts'];
/** `path:line (length)` for each line of `text` over the limit, counted in characters (code points). */
export function longLines(path: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const length = [...line].length;
    if (length > LIMIT) found.push(`${path}:${i + 1} (${length})`);
  });
  return found;
}

test('a line is too long past 120 characters, counted as characters, not bytes', (t) => {
  const at120 = 'x'.repeat(120),
    cjk = '语'.repeat(120),
    over = `const s = '${'y'.repeat(110)}';`;
  t.deepEqual(longLines('a.ts', [at120, cjk, over, '', over + ' '].join('\n')), ['a.ts:3 (123)', 'a.ts:5 (124)']);
});

test('no tracked .ts file in the covered folders has a line over 120 characters', (t) => {
  const files = execFileSync('git', ['ls-files', '-z', '--', ...COVERED], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.endsWith('.ts'));
  t.true(files.length > 100, `${files.length} files found under ${COVERED.join(', ')}`);
  const long = files.flatMap((f) => longLines(f, readFileSync(join(ROOT, f), 'utf8')));
  t.deepEqual(long, [], `lines over ${LIMIT} characters:\n${long.join('\n')}`);
});
