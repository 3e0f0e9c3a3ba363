// A source of any kind loaded for rank: a matrix file, a folder of images or a text corpus, each with
// its own flags, and --input-format checked against the kind.
import { usageError } from '../core/index.js';
import type { CorpusEstimate, Dataset, InputFormat, MatrixFormat, TextSourceSpec } from '../loaders/index.js';
import { estimateCorpus, INPUT_FORMATS, loadImages, loadMatrix, loadText, MATRIX_FORMATS } from '../loaders/index.js';
import type { ImageArgs } from './image-options.js';
import type { TokenArgs } from './text-options.js';
import { imageOptions } from './image-options.js';
import { textSource, vectorizeOptions } from './text-options.js';
import { storageFor } from './training.js';
import type { DeviceChoice } from '../core/index.js';

export type SourceOptions = Omit<TextSourceSpec, 'inputFormat'> &
  TokenArgs &
  ImageArgs & {
    source: string;
    /** A text format or a matrix format, checked against the kind. */
    inputFormat?: string;
    labels?: string;
    header?: boolean;
    rowLabels?: boolean;
    missing: boolean;
    device?: DeviceChoice;
    loss?: string;
    quiet?: boolean;
  };

export async function loadSource(
  o: SourceOptions,
  kind: string,
  progress: (done: number, total?: number) => void,
  /** Hears a corpus's estimate (from its size and first documents) before it is loaded, to refuse a job
   *  that will not fit; not called for a stream. */
  plan?: (e: CorpusEstimate) => void,
): Promise<Dataset> {
  const format = o.inputFormat;
  if (kind === 'matrix') {
    if (format !== undefined && !(MATRIX_FORMATS as readonly string[]).includes(format))
      throw usageError(`--input-format ${format} is a text format: a matrix is one of ${MATRIX_FORMATS.join(', ')}`);
    return loadMatrix(o.source, {
      format: format as MatrixFormat | undefined,
      labels: o.labels,
      header: o.header,
      rowLabels: o.rowLabels,
      missing: o.missing,
      storage: await storageFor(o.device),
    });
  }
  if (o.missing) throw usageError(`--missing is for matrix files: ${o.source} is read as ${kind}`);
  if (kind === 'images')
    return loadImages(o.source, { ...imageOptions(o), storage: await storageFor(o.device) }, { progress });
  if (format !== undefined && !(INPUT_FORMATS as readonly string[]).includes(format))
    throw usageError(
      `--input-format ${format} is a matrix format: text is one of ${INPUT_FORMATS.join(', ')} (or give --kind matrix)`,
    );
  const source = await textSource({ ...o, inputFormat: format as InputFormat | undefined }),
    options = await vectorizeOptions(o);
  if (plan) {
    const e = await estimateCorpus(source, options);
    if (e) plan(e);
  }
  return loadText(source, options, { progress }, { tokens: true });
}
