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
  files: JobFile[];
  /** What goes to stdout after the files ('' for nothing). */
  document: string;
  messages?: JobMessage[];
}

/** Chunks of a file whose content is made when the file is written (a PNG encoded on demand). */
export async function* later(make: () => Promise<FileContent>): AsyncGenerator<string | Uint8Array> {
  const content = await make();
  if (typeof content === 'string' || content instanceof Uint8Array) yield content;
  else yield* content;
}
