// The model file: one JSON document that `transform` reads back. Format (version 1):
//
//   { "format": "latent-model", "version": 1,
//     "kind": "text" | "images" | "matrix",          what the loader read
//     "created": ISO date, "latent": package version,
//     "options": the resolved factorization options,
//     "objective", "iterations", "converged", "device",
//     "restarts": [{ seed, objective, iterations, converged, seconds }],
//     "loader": text: { tokens, weighting, sublinearTf, keys, terms, idf }
//               images: { width, height, fit, color, background }
//               matrix: { labels: string[] | null, format },
//     "rows": the training rows' ids,
//     "merges": a model made by `latent merge`:
//               [{ groups: [{ topics, into }], k: [from, to], objective: [before, merged, refitted], sweeps }],
//     "coherence": text, when it was measured:
//               { topics: [{ npmi, umass, cv }], summary: { npmi, umass, cv, diversity, top, window } },
//     "W": matrix, "H": matrix }
//
// where a matrix is { "rows", "cols", "dtype": "float32", "base64": little-endian float32 values,
// row-major } (numpy: np.frombuffer(base64.b64decode(m["base64"]), "<f4").reshape(m["rows"], m["cols"])).
import { readFile } from 'node:fs/promises';
import type { Dense, Fit, ResolvedOptions, RunReport } from '../core/index.js';
import { dataError } from '../core/index.js';
import type { Columns, ImageSettings, MatrixFormat, TextModel } from '../loaders/index.js';
import { SettingError } from '../loaders/index.js';
import type { CoherenceSummary, TopicCoherence } from './coherence.js';
import type { EncodedMatrix } from './encoded-matrix.js';
import { encodedMatrixJson, encodeMatrix } from './encoded-matrix.js';
import { checkModelFile } from './model-check.js';

export type ModelLoader =
  | { kind: 'text'; loader: TextModel }
  | { kind: 'images'; loader: ImageSettings }
  | { kind: 'matrix'; loader: { labels: string[] | null; format: MatrixFormat } };

interface ModelCommon {
  format: 'latent-model';
  version: 1;
  created: string;
  latent: string;
  options: ResolvedOptions;
  objective: number;
  iterations: number;
  converged: boolean;
  device: string;
  restarts: RunReport[];
  rows: string[];
  coherence?: ModelCoherence;
  /** A streamed fit never held W: then "W" is its column sums (1 × k, for factor shares), "rows" is
   *  empty, and this says how many rows it was fitted on. */
  streamed?: { rows: number };
  /** A model made by `latent merge`: each merge in order, the topics joined (1-based, as the model merged
   *  had them) and the topic they became, with F before and after. */
  merges?: ModelMerge[];
}

/** One `latent merge` run: its topics joined and what F was before the merge and after its refit. */
export interface ModelMerge {
  groups: { topics: number[]; into: number }[];
  k: [from: number, to: number];
  objective: [before: number, merged: number, refitted: number];
  sweeps: number;
}

/** The topics' scores as the fit measured them (they need the training texts, which the file lacks). */
export interface ModelCoherence {
  topics: TopicCoherence[];
  summary: CoherenceSummary;
}

export type ModelFile = ModelLoader & ModelCommon & { W: EncodedMatrix; H: EncodedMatrix };

/** The model as read back, with its matrices decoded. */
export type Model = ModelLoader & ModelCommon & { W: Dense; H: Dense };

function loaderOf(columns: Columns): ModelLoader {
  switch (columns.kind) {
    case 'text':
      return { kind: 'text', loader: columns.model };
    case 'images':
      return { kind: 'images', loader: columns.settings };
    case 'matrix':
      return { kind: 'matrix', loader: { labels: columns.labels, format: columns.format } };
  }
}

/** Where W goes in the file's text, which is written around it. */
const W_PLACE = '\u0000W\u0000';

/** The model file's text in pieces, W (rows × k, the largest part by far) streamed in its own. */
export function* modelJson(
  fit: Pick<Fit, 'W' | 'H' | 'options' | 'objective' | 'iterations' | 'converged' | 'device' | 'restarts'>,
  columns: Columns,
  rows: string[],
  version: string,
  coherence?: ModelCoherence,
  streamed?: { rows: number },
  merges?: ModelMerge[],
): Generator<string> {
  const file: Omit<ModelFile, 'W'> & { W: string } = {
    format: 'latent-model',
    version: 1,
    ...loaderOf(columns),
    created: new Date().toISOString(),
    latent: version,
    options: fit.options,
    objective: fit.objective,
    iterations: fit.iterations,
    converged: fit.converged,
    device: fit.device,
    restarts: fit.restarts,
    rows,
    ...(coherence ? { coherence } : {}),
    ...(streamed ? { streamed } : {}),
    ...(merges?.length ? { merges } : {}),
    W: W_PLACE,
    H: encodeMatrix(fit.H),
  };
  const [before, after] = JSON.stringify(file).split(JSON.stringify(W_PLACE));
  yield before;
  yield* encodedMatrixJson(fit.W);
  yield `${after}\n`;
}

/** What files written before the markup, pattern, accent and segmentation options were tokenized with. */
const BEFORE_MARKUP_OPTIONS = {
  stripHtml: false,
  stripUrls: false,
  tokenPattern: null,
  stripAccents: false,
  segment: 'none',
} as const;

/** Why a "version" is not this latent's; its type named where it is not a number ("1" looks like 1). */
function versionProblem(version: unknown): string {
  if (typeof version === 'number') return `version ${version}, this latent reads version 1`;
  if (version === undefined) return 'no "version"; this latent reads "version": 1';
  const type = version === null ? 'null' : Array.isArray(version) ? 'an array' : `a ${typeof version}`;
  return `"version": ${JSON.stringify(version)} is ${type}; this latent reads "version": 1, the number`;
}

/** Read a model file; anything else (not JSON, another format, a damaged matrix) is one clear error. */
export async function readModel(path: string): Promise<Model> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw dataError(`${path}: cannot read the model file (${e.code === 'ENOENT' ? 'no such file' : e.message})`);
  });
  const broken = (why: string) => dataError(`${path}: not a latent model file (${why}); train one with --model FILE`);
  let file: ModelFile;
  try {
    file = JSON.parse(text);
  } catch {
    throw broken('it is not JSON');
  }
  if (!file || typeof file !== 'object' || file.format !== 'latent-model') throw broken('no "format": "latent-model"');
  if (file.version !== 1) throw broken(versionProblem(file.version));
  if (!['text', 'images', 'matrix'].includes(file.kind) || !file.loader || !file.options)
    throw broken('its kind or settings are missing');
  // files from before these token options existed were tokenized without them
  if (
    file.kind === 'text' &&
    typeof file.loader === 'object' &&
    typeof file.loader.tokens === 'object' &&
    file.loader.tokens !== null
  ) {
    file.loader.tokens = { ...BEFORE_MARKUP_OPTIONS, ...file.loader.tokens };
  }
  try {
    return checkModelFile(file);
  } catch (e) {
    if (e instanceof SettingError)
      throw dataError(`${path}: a damaged model file: ${e.message}; train the model again with --model FILE`);
    throw e;
  }
}
