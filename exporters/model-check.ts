// A model file read back is data from outside: every field is checked by the rule of the flag or the
// fit it came from before anything is allocated or run from it, and a damaged one is one line naming the
// field (exit 1), never a crash inside a loader, a huge allocation or a silently wrong result.
import type { Dense, NumberRule, OptionName, OptionSpec } from '../core/index.js';
import { FACTORIZE_OPTIONS, mustBe, OPTION_NAMES, ruleText, satisfies } from '../core/index.js';
import { checkImageSettings, checkMatrixSettings, checkTextModel, SettingError } from '../loaders/index.js';
import type { EncodedMatrix } from './encoded-matrix.js';
import { decodeMatrix } from './encoded-matrix.js';
import type { Model, ModelFile } from './model.js';

/** A streamed model's count of the rows it was fitted on. */
const STREAMED_ROWS: NumberRule = { type: 'integer', min: 1 };
/** The iterations a fit ran (checked as a safe integer, isCount, and said as this rule says it). */
const ITERATIONS: NumberRule = { type: 'integer', min: 0 };

function decode(m: unknown, name: 'W' | 'H'): Dense {
  if (typeof m !== 'object' || m === null) throw new SettingError(name, 'is missing');
  let M: Dense;
  try {
    M = decodeMatrix(m as EncodedMatrix);
  } catch (e) {
    throw new SettingError(name, `is damaged: ${(e as Error).message}`);
  }
  const q = M.data.findIndex((v) => !Number.isFinite(v));
  if (q >= 0)
    throw new SettingError(name, `has ${M.data[q]} at row ${Math.floor(q / M.cols) + 1}, column ${(q % M.cols) + 1}`);
  return M;
}

const negativeAt = (M: Dense): number => M.data.findIndex((v) => v < 0);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isScore = (v: unknown) => v === null || v === undefined || Number.isFinite(v);

/** The fit's record: what show and its report print and reduce over (a number where a list of runs
 *  belongs was "model.restarts.reduce is not a function"). */
function checkRecord(file: ModelFile, k: number): void {
  const f = file as unknown as Record<string, unknown>;
  if (!Number.isFinite(f.objective)) throw new SettingError('objective', "must be a number (the fit's F)");
  if (!isCount(f.iterations)) throw new SettingError('iterations', mustBe(ITERATIONS));
  if (typeof f.converged !== 'boolean') throw new SettingError('converged', 'must be true or false');
  const runs = f.restarts;
  const run = 'a list of runs, each { seed, objective, iterations, converged, seconds }';
  if (!Array.isArray(runs) || runs.length === 0) throw new SettingError('restarts', `must be ${run}`);
  runs.forEach((r: unknown, i) => {
    const ok =
      isRecord(r) &&
      Number.isSafeInteger(r.seed) &&
      Number.isFinite(r.objective) &&
      isCount(r.iterations) &&
      typeof r.converged === 'boolean' &&
      Number.isFinite(r.seconds);
    if (!ok) throw new SettingError(`restarts[${i}]`, `must be { seed, objective, iterations, converged, seconds }`);
  });
  const c = f.coherence;
  if (c === undefined) return;
  const scores = (v: unknown) => isRecord(v) && isScore(v.npmi) && isScore(v.umass) && isScore(v.cv);
  if (!isRecord(c) || !Array.isArray(c.topics) || c.topics.length !== k || !c.topics.every(scores))
    throw new SettingError('coherence.topics', `must be ${k} topics' { npmi, umass, cv } (numbers or null)`);
  const s = c.summary;
  const summary =
    scores(s) &&
    Number.isFinite((s as Record<string, unknown>).diversity) &&
    Number.isSafeInteger((s as Record<string, unknown>).top) &&
    Number.isSafeInteger((s as Record<string, unknown>).window);
  if (!summary) throw new SettingError('coherence.summary', 'must be { npmi, umass, cv, diversity, top, window }');
}

/** The file's fields checked and its factors decoded; throws SettingError naming the first bad field. */
export function checkModelFile(file: ModelFile): Model {
  const options = file.options as unknown as Record<string, unknown>;
  if (typeof options !== 'object' || options === null) throw new SettingError('options', 'is missing');
  for (const name of OPTION_NAMES as OptionName[]) {
    const value = options[name];
    // time limits of Infinity are written as null; options newer than the file take their defaults
    if (value === undefined || (name === 'timeLimit' && value === null)) continue;
    const spec: OptionSpec = FACTORIZE_OPTIONS[name];
    if (!satisfies(spec, value)) {
      const rule =
        spec.type === 'choice'
          ? `one of ${spec.choices.join(', ')}`
          : spec.type === 'boolean'
            ? 'true or false'
            : ruleText(spec);
      throw new SettingError(`options.${name}`, `is ${JSON.stringify(value)}: it must be ${rule}`);
    }
  }
  for (const name of ['loss', 'method'] as const)
    if (options[name] === undefined) throw new SettingError(`options.${name}`, 'is missing');
  // a fit refuses this pair (resolveOptions); said here as a field, not as flags transform does not take
  if (options.method === 'hals' && options.loss === 'kl')
    throw new SettingError(
      'options.method',
      'is hals with loss kl, which hals does not minimize (a fit writes mu or gd)',
    );
  const W = decode(file.W, 'W'),
    H = decode(file.H, 'H');
  if (W.cols !== H.rows) throw new SettingError('W', `has ${W.cols} columns but H has ${H.rows} rows`);
  if (options.k !== undefined && options.k !== H.rows)
    throw new SettingError('options.k', `is ${options.k} but H has ${H.rows} rows`);
  // nonnegative factors unless gd was told otherwise; transform would fit against a negative H silently
  if (options.method !== 'gd' || options.nonnegative !== false) {
    for (const [name, M] of [
      ['H', H],
      ['W', W],
    ] as const) {
      const q = negativeAt(M);
      if (q >= 0)
        throw new SettingError(
          name,
          `has a negative value ${M.data[q]} at row ${Math.floor(q / M.cols) + 1}, column ` +
            `${(q % M.cols) + 1}, but the model is nonnegative`,
        );
    }
  }
  checkRecord(file, H.rows);
  if (file.streamed !== undefined) {
    if (!satisfies(STREAMED_ROWS, file.streamed?.rows)) throw new SettingError('streamed.rows', mustBe(STREAMED_ROWS));
    if (W.rows !== 1 || !Array.isArray(file.rows) || file.rows.length !== 0)
      throw new SettingError('W', 'of a streamed model must be one row of column sums, with no row ids');
  } else if (!Array.isArray(file.rows) || file.rows.length !== W.rows || !file.rows.every((r) => typeof r === 'string'))
    throw new SettingError('rows', `must be ${W.rows} row ids, one per row of W`);
  switch (file.kind) {
    case 'text':
      checkTextModel(file.loader, H.cols);
      break;
    case 'images':
      checkImageSettings(file.loader, H.cols);
      break;
    case 'matrix':
      checkMatrixSettings(file.loader, H.cols);
      break;
  }
  return { ...file, W, H } as Model;
}
