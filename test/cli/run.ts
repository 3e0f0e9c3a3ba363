// Runs the built binary in a child process, as a user's shell would.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI; `stdout` names a file to write standard output to instead of capturing it. */
export function latent(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; stdout?: string } = {},
): Run {
  const fd = options.stdout === undefined ? null : openSync(options.stdout, 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      cwd: options.cwd,
      input: options.input,
      env: options.env,
      maxBuffer: 64 << 20,
      stdio: ['pipe', fd ?? 'pipe', 'pipe'],
    });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function shell(command: string, cwd?: string): Run {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], { encoding: 'utf8', cwd });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
