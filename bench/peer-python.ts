// The peers' Python, for every bench that runs one: where it is, its environment and its scripts.
import { fileURLToPath } from 'node:url';

/** Debian's own Python, which has python3-sklearn, -scipy and -gensim (the first python3 on PATH may not). */
export const PYTHON = '/usr/bin/python3';

/** The environment with the machine's OpenBLAS settings for old builds unset: they slow a current one
 *  down, so they go for the peer only. */
export function peerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** A peer script in bench/, seen from the built bench in dist/bench. */
export function peerScript(name: string): string {
  return fileURLToPath(new URL(`../../bench/${name}`, import.meta.url));
}
