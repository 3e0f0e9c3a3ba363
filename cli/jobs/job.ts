// What a job hands back to its command: the files to write, together or not at all, and the one
// document for stdout. A job reads no argv and writes neither stdout nor files; content that may be
// large (a table of every document) is given lazily, as chunks made while the file is written.
import type { OutputBatch } from '../../exporters/index.js';

export type FileContent = Parameters<OutputBatch['write']>[1];

export interface JobFile {
  path: string;
  content: FileContent;
}

/** A line for stderr once the files are written: a note, or a --verbose detail. */
export interface JobMessage {
  text: string;
  verbose?: boolean;
}

export interface JobResult {
  /** The batch of files to write, all or none; null where the job makes no batch (an empty one still
   *  counts as committed, for the interrupt message). */
  files: JobFile[] | null;
  /** What goes to stdout after the files ('' for nothing). */
  document: string;
  messages?: JobMessage[];
}

/** The files a job makes, in order, for its command to write: shaped as an OutputBatch is written to. */
export class JobFiles {
  readonly list: JobFile[] = [];
  async write(path: string, content: FileContent): Promise<void> {
    this.list.push({ path, content });
  }
}

/** Chunks of a file whose content is made only when the file is written (a PNG encoded, a factor
 *  formatted): one such file held at a time, as when each was written as soon as it was made. */
export async function* later(make: () => FileContent | Promise<FileContent>): AsyncGenerator<string | Uint8Array> {
  const content = await make();
  if (typeof content === 'string' || content instanceof Uint8Array) yield content;
  else yield* content;
}
