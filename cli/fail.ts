// Errors become one line on stderr and an exit code: 2 for usage, 1 for data or a failed run.
import { LatentError } from '../core/index.js';

export const EXIT_OK = 0,
  EXIT_DATA = 1,
  EXIT_USAGE = 2;

/** Print `latent: <message>` (and the stack under --debug) and return the exit code. */
export function reportError(e: unknown, debug: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const line = err.message
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  process.stderr.write(`latent: ${line}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return err instanceof LatentError && err.kind === 'usage' ? EXIT_USAGE : EXIT_DATA;
}
