// File-name flags checked before a command runs: a flag given without its value (`--doc-topics` at the
// end of a line) would otherwise be an empty name that does nothing, and an output named with an
// extension latent does not write (`--doc-topics out.xlsx`) would get CSV under that name.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { usageError } from '../core/index.js';
import { checkPathCollisions } from './path-collisions.js';

/** Flags that name a file or folder, in their camelCase form as yargs hands them over. */
const PATH_FLAGS = [
  'model',
  'docTopics',
  'output',
  'report',
  'completed',
  'labels',
  'stopWordsFile',
  'outDir',
  'plot',
  'vocab',
  'checkpoint',
  'topicWords',
  'pyldavis',
  'out',
  'groups',
] as const;

/** The extensions each output flag writes; a name without one (a device, a pipe) is written in the default. */
export const OUTPUT_EXTENSIONS: Partial<Record<(typeof PATH_FLAGS)[number], readonly string[]>> = {
  docTopics: ['.csv', '.tsv', '.json', '.txt'],
  report: ['.html', '.htm'],
  completed: ['.csv', '.tsv', '.mtx', '.mm'],
  topicWords: ['.csv', '.tsv', '.mtx', '.mm'],
  pyldavis: ['.json'],
};

/** The flags among them that name a folder. */
const FOLDER_FLAGS: ReadonlySet<string> = new Set(['outDir']);

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The commands' positionals that name a file or folder. */
const PATH_POSITIONALS = ['source', 'matrix', 'folder', 'file', 'manifest'];

/** A name the shell passed with bytes that are not UTF-8 reaches Node with U+FFFD in their place: the
 *  file cannot be opened by it (an input is "no such file"), and an output would get another name. */
function checkUtf8Names(args: Record<string, unknown>): void {
  for (const name of [...PATH_POSITIONALS, ...PATH_FLAGS]) {
    const value = args[name];
    if (typeof value !== 'string' || !value.includes('\uFFFD') || existsSync(value)) continue;
    const what = PATH_POSITIONALS.includes(name) ? name.toUpperCase() : `--${kebab(name)}`;
    throw usageError(
      `${what} ${value}: the name has bytes that are not UTF-8 (shown as \uFFFD), which latent cannot pass on; ` +
        'rename the file, or give a UTF-8 name',
    );
  }
}

/** Throws a usage error for an empty file name, an output extension that latent does not write, a name
 *  that is not UTF-8, or an output on an input's or another output's file (path-collisions.ts). */
export function checkPathFlags(args: Record<string, unknown>): void {
  checkUtf8Names(args);
  for (const name of PATH_FLAGS) {
    const value = args[name];
    if (value === undefined) continue;
    // an empty folder name would be joined into paths in the current folder
    if (value === '' || value === true)
      throw usageError(`--${kebab(name)} needs a ${FOLDER_FLAGS.has(name) ? 'folder' : 'file'} name after it`);
    const allowed = OUTPUT_EXTENSIONS[name];
    const ext = typeof value === 'string' ? extname(value).toLowerCase() : '';
    if (allowed && ext !== '' && !allowed.includes(ext))
      throw usageError(
        `--${kebab(name)} ${String(value)}: latent writes ${allowed.join(', ')} here, not ${ext}; ` +
          'name the file with one of those',
      );
  }
  checkPathCollisions(args);
}
