// One rank's rows of a CSV/TSV matrix file: its byte range cut at line ends (numbers hold no line
// breaks), with the file's header line before it when the file has one, so that the matrix loader reads
// every share as it reads the file: the same header and row-label detection, the same parsing. The share
// goes through a scratch file, removed once it is read; messages name the file and the rank instead.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Communicator } from '../../core/index.js';
import { LatentError, usageError } from '../../core/index.js';
import type { Dataset, MatrixOptions } from '../../loaders/index.js';
import { byteRange, gzipped, lineRange, loadMatrix, numberedLines } from '../../loaders/index.js';
import { REAL, MISSING } from '../../loaders/matrix/numbers.js';

/** A file's first line (whether it is a header is csv.ts's rule: a cell neither a number nor missing). */
async function firstLine(path: string): Promise<string> {
  for await (const [, line] of numberedLines(path)) return line;
  return '';
}

export async function loadCsvShare(
  path: string,
  format: 'csv' | 'tsv',
  comm: Communicator,
  options: MatrixOptions,
): Promise<Dataset> {
  const { gzip, size } = await gzipped(path);
  if (gzip)
    throw usageError(`${path}: a gzip stream cannot be cut into byte ranges for --distributed: gunzip it first`);
  const head = await firstLine(path);
  const cells = head.replace(/^\uFEFF/, '').split(format === 'tsv' ? '\t' : ',');
  const header = options.header ?? cells.some((c) => !REAL.test(c.trim()) && !MISSING.test(c.trim()));
  const [start, end] = byteRange(size, comm.rank, comm.size);
  const dir = mkdtempSync(join(tmpdir(), 'latent-share-')),
    scratch = join(dir, `share.${format}`);
  const name = `${path} (rank ${comm.rank}'s rows, from byte ${start})`;
  try {
    const counted = { lines: 0 };
    const parts = async function* () {
      if (header && comm.rank > 0) yield Buffer.from(`${head}\n`);
      yield* lineRange(path, start, end, counted);
    };
    await pipeline(Readable.from(parts()), createWriteStream(scratch));
    const data = await loadMatrix(scratch, { ...options, header, format });
    // rows numbered within the share are renumbered as the whole file numbers them
    const numbered = data.rows.every((id, i) => id === String(i + 1));
    const before = (await comm.allGather(new Float64Array([data.X.rows])))
      .subarray(0, comm.rank)
      .reduce((a, b) => a + b, 0);
    return numbered ? { ...data, rows: data.rows.map((_, i) => String(before + i + 1)) } : data;
  } catch (e) {
    if (e instanceof LatentError) throw new LatentError(e.kind, e.message.split(scratch).join(name));
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
