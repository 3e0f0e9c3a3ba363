import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Every line of a text file with its 1-based number, streamed. */
export async function* numberedLines(path: string): AsyncGenerator<[number, string]> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) yield [++n, line];
}

/** A file's non-empty lines, trimmed (vocabulary and label files). */
export async function readLabels(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [, line] of numberedLines(path)) if (line.trim() !== '') out.push(line.trim());
  return out;
}
