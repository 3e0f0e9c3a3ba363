// File-name flags checked before a command runs: a flag given without its value (`--doc-topics` at the
// end of a line) would otherwise be an empty name that does nothing, and an output named with an
// extension latent does not write (`--doc-topics out.xlsx`) would get CSV under that name.
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

/** Throws a usage error for an empty file name, an output extension that latent does not write, or an
 *  output on an input's or another output's file (path-collisions.ts). */
export function checkPathFlags(args: Record<string, unknown>): void {
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
