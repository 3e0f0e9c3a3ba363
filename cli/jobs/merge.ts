// The merge job: topics of a saved model joined into one, the joined rows refitted over the training
// data with every other topic held, as a new model with its merges logged. Frobenius models (the
// default loss): the refit is HALS on that objective.
import { dataError, mergeFactors, reduceGroups, refitRows, usageError } from '../../core/index.js';
import type { Model, ModelMerge } from '../../exporters/index.js';
import { modelJson, readModel, topicsOf, topicsText } from '../../exporters/index.js';
import type { Dataset, TextSourceSpec } from '../../loaders/index.js';
import { loadLike } from '../load-like.js';
import { VERSION } from '../version.js';
import type { JobResult } from './job.js';

export interface MergeOptions extends TextSourceSpec {
  /** The data the model was fitted on. */
  source: string;
  model: string;
  /** Topics to join, such as 3,7 or 3+7+9, more merges after a slash; or --reduce-to N. */
  topics?: string;
  reduceTo?: number;
  out: string;
  sweeps: number;
  top: number;
  quiet?: boolean;
}

/** One --topics value: topic numbers joined by commas or pluses (3,7 or 3+7+9). */
function parseGroup(value: string, k: number): number[] {
  const parts = value.split(/[,+]/).map((p) => p.trim());
  const topics = parts.map((p) => Number(p));
  if (
    parts.length < 2 ||
    topics.some((t) => !(Number.isInteger(t) && t >= 1 && t <= k)) ||
    new Set(topics).size !== topics.length
  ) {
    throw usageError(`--topics "${value}": give two or more different topic numbers from 1 to ${k}, such as 3,7`);
  }
  return topics.map((t) => t - 1);
}

/** The model, if merge can refit it. */
async function mergeable(o: MergeOptions): Promise<Model> {
  if ((o.topics === undefined) === (o.reduceTo === undefined))
    throw usageError(
      'give the topics to join with --topics 3,7, or a number of topics with --reduce-to N (one of the two)',
    );
  const model = await readModel(o.model);
  if (model.streamed)
    throw usageError(`${o.model} was fitted with --stream and holds no W to merge: fit it without --stream`);
  if (model.options.loss !== 'frobenius')
    throw usageError(
      `${o.model} was fitted with --loss ${model.options.loss}; merge refits the Frobenius objective only`,
    );
  return model;
}

/** The source loaded as the model's training data was, and checked to be that data. */
async function trainingData(model: Model, o: MergeOptions): Promise<Dataset> {
  const data = await loadLike(model, o);
  if (data.rows.length !== model.W.rows || data.rows.some((id, i) => id !== model.rows[i])) {
    throw dataError(
      `${o.source}: not the data ${o.model} was fitted on (${data.rows.length} rows against its ` +
        `${model.W.rows}, or other ids): give the same SOURCE and flags`,
    );
  }
  return data;
}

export async function mergeJob(o: MergeOptions): Promise<JobResult> {
  const model = await mergeable(o);
  const k = model.H.rows;
  const joins = o.reduceTo !== undefined ? reduceGroups(model.H, o.reduceTo) : null;
  const groups = joins
    ? joins.groups
    : String(o.topics)
        .split('/')
        .map((v) => parseGroup(v, k));
  const data = await trainingData(model, o);
  const p = { l1W: model.options.l1W, l1H: model.options.l1H, l2W: model.options.l2W, l2H: model.options.l2H };
  const before = refitRows(data.X, model.W, model.H, [], 0, p).objectives[0];
  const merged = mergeFactors(model.W, model.H, groups);
  const joined = merged.steps.map((s) => s.into);
  const refit = refitRows(data.X, merged.W, merged.H, joined, o.sweeps, p);
  const F = refit.objectives;
  const log: ModelMerge = {
    groups: merged.steps.map((s) => ({ topics: s.topics.map((t) => t + 1), into: s.into + 1 })),
    k: [k, merged.H.rows],
    objective: [before, F[0], F.at(-1)!],
    sweeps: o.sweeps,
  };
  const fit = {
    ...model,
    W: refit.W,
    H: refit.H,
    options: { ...model.options, k: merged.H.rows },
    objective: F.at(-1)!,
    device: 'cpu' as const,
  };
  const merges = [...(model.merges ?? []), log];
  const content = modelJson(fit, data.columns, data.rows, VERSION, undefined, undefined, merges);
  const lines = [
    ...(joins
      ? joins.joins.map(
          (j) =>
            `joined ${j.a.map((t) => t + 1).join('+')} and ${j.b.map((t) => t + 1).join('+')} ` +
            `(cosine ${j.cosine.toFixed(3)})`,
        )
      : []),
    ...log.groups.map((g) => `topics ${g.topics.join('+')} → topic ${g.into}`),
    `k ${k} → ${merged.H.rows}; F ${before.toPrecision(6)} before, ${F[0].toPrecision(6)} merged, ` +
      `${F.at(-1)!.toPrecision(6)} after ${o.sweeps} sweeps; written to ${o.out}`,
  ];
  const topics = model.kind === 'text' ? `\n${topicsText(topicsOf(refit.W, refit.H, model.loader.terms, o.top))}` : '';
  return {
    files: [{ path: o.out, content }],
    messages: [{ text: `refit: F ${F.map((f) => f.toPrecision(6)).join(' → ')}`, verbose: true }],
    document: lines.join('\n') + '\n' + topics,
  };
}
