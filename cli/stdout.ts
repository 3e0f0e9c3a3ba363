// Data written to standard output as it is made, waiting while the pipe is full: rows solved faster
// than a reader takes them (a pager, a slow disk) would otherwise pile up in this process's memory.
import { once } from 'node:events';

/** Where a job streams what it writes as it goes (stdout for the CLI). */
export type StreamSink = (chunk: string | Uint8Array) => Promise<void>;

export async function writeStdout(chunk: string | Uint8Array): Promise<void> {
  if (chunk.length !== 0 && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
