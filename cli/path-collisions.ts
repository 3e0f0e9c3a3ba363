// Output paths checked against the inputs and each other before a command runs: an output named like
// an input (`--completed ratings.csv` for ratings.csv) silently replaced the data it was made from, and
// two outputs on one file (`--model m.json --doc-topics m.json`) silently lost one. Paths are compared
// as the files they reach (a symlink to an input is that input); devices and pipes are left out, since
// any number of outputs may go to /dev/null or /dev/stdout.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../core/index.js';

/** The commands whose --model is read, not written. */
const MODEL_READERS: ReadonlySet<string> = new Set(['transform', 'show', 'merge']);
/** The commands' positionals, and the flags that name a file read, in yargs' camelCase form. */
const POSITIONALS = ['source', 'matrix', 'folder', 'file', 'manifest'];
const INPUTS = [...POSITIONALS, 'labels', 'stopWordsFile', 'vocab'];
/** Flags that name a file written. */
const OUTPUTS = ['docTopics', 'output', 'out', 'report', 'completed', 'plot', 'topicWords', 'pyldavis', 'groups'];

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** How a name is shown in a message: a flag, or the positional as the usage line names it. */
const shown = (name: string) => (POSITIONALS.includes(name) ? name.toUpperCase() : `--${kebab(name)}`);

/** What a path reaches: an existing regular file by its device and inode, a path not there yet by its
 *  absolute form; null for what may be shared (stdin, a device, a pipe, a folder). */
function identity(path: string): string | null {
  if (path === '-') return null;
  try {
    const info = statSync(path);
    return info.isFile() ? `${info.dev}:${info.ino}` : null;
  } catch {
    return resolve(path);
  }
}

/** Throws a usage error naming both flags when an output is an input or another output. */
export function checkPathCollisions(args: Record<string, unknown>): void {
  const command = String((args._ as unknown[] | undefined)?.[0] ?? '');
  const modelIsInput = MODEL_READERS.has(command);
  const seen = new Map<string, { name: string; input: boolean }>();
  const named = [
    ...INPUTS.concat(modelIsInput ? ['model'] : []).map((name) => ({ name, input: true })),
    ...OUTPUTS.concat(modelIsInput ? [] : ['model']).map((name) => ({ name, input: false })),
  ];
  for (const { name, input } of named) {
    const value = args[name];
    if (typeof value !== 'string' || value === '') continue;
    const id = identity(value);
    if (id === null) continue;
    const before = seen.get(id);
    if (before && !input) {
      const flag = shown(name);
      throw usageError(
        before.input
          ? `${flag} ${value} is the input ${shown(before.name)} names: writing it would replace the data; ` +
              `give ${flag} another path`
          : `${flag} ${value} is also the file of ${shown(before.name)}: one output would replace the other; ` +
              'give each output its own path',
      );
    }
    if (!before) seen.set(id, { name, input });
  }
}
