// Data written to standard output as it is made, waiting while the pipe is full: rows solved faster
// than a reader takes them (a pager, a slow disk) would otherwise pile up in this process's memory.
import { once } from 'node:events';

export async function writeStdout(text: string): Promise<void> {
  if (text !== '' && !process.stdout.write(text)) await once(process.stdout, 'drain');
}
