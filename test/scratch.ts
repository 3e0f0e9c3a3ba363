// Temporary folders for a test file, removed when its process ends (ava runs each test file in a
// process of its own): a test run leaves nothing behind in the system's temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* one left behind fails no test */
    }
  }
});

/** A new empty folder `latent-<name>-XXXXXX` in the system's temporary folder. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `latent-${name}-`));
  made.push(dir);
  return dir;
}
