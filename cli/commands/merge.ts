// latent merge --model M SOURCE --topics 3,7 | --reduce-to N --out NEW: topics joined into one, the
// joined rows refitted over the training data with every other topic held, written as a new model with
// its merges logged. Frobenius models (the default loss): the refit is HALS on that objective.
import type { Argv, CommandModule } from 'yargs';
import { mergeFactors, reduceGroups, refitRows, usageError, dataError } from '../../core/index.js';
import type { ModelMerge } from '../../exporters/index.js';
import { modelJson, OutputBatch, readModel, topicsOf, topicsText } from '../../exporters/index.js';
import type { ArgsOf } from '../options.js';
import { topFlag, withExamples, withTextSource } from '../options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { makeUi } from '../progress.js';
import { VERSION } from '../version.js';
import { loadLike } from '../load-like.js';

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

const builder = (y: Argv) =>
  withExamples(
    withTextSource(y)
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'the model file to merge topics of; SOURCE is the data it was fitted on',
        group: 'Merge:',
      })
      .option('topics', {
        type: 'string',
        describe: 'topics to join into one, such as 3,7 (or 3+7+9); more merges after a slash: 3,7/1,4',
        group: 'Merge:',
      })
      .option('reduce-to', {
        type: 'number',
        describe: "join the most similar topics (cosine of H's rows) until N remain",
        group: 'Merge:',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'write the merged model to FILE',
        group: 'Merge:',
      })
      .option(
        'sweeps',
        ruleFlag('sweeps', COMMAND_RULES.mergeSweeps, {
          default: 20,
          describe: 'HALS sweeps refitting W and the joined topics, the others held',
          group: 'Merge:',
        }),
      )
      .option('top', topFlag('words shown per topic')),
    [
      ['$0 merge --model emails.model fixtures/emails --topics 3,7 --out merged.model', 'topics 3 and 7 as one'],
      [
        '$0 merge --model emails.model fixtures/emails --reduce-to 6 --out six.model',
        'the most alike topics joined until six remain',
      ],
    ],
  );

export const mergeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'merge <source>',
  describe: 'join topics of a saved model into one and refit them, as a new model',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    if ((a.topics === undefined) === (a.reduceTo === undefined))
      throw usageError(
        'give the topics to join with --topics 3,7, or a number of topics with --reduce-to N (one of the two)',
      );
    const model = await readModel(a.model);
    if (model.streamed)
      throw usageError(`${a.model} was fitted with --stream and holds no W to merge: fit it without --stream`);
    if (model.options.loss !== 'frobenius')
      throw usageError(
        `${a.model} was fitted with --loss ${model.options.loss}; merge refits the Frobenius objective only`,
      );
    const k = model.H.rows;
    const joins = a.reduceTo !== undefined ? reduceGroups(model.H, a.reduceTo) : null;
    const groups = joins
      ? joins.groups
      : String(a.topics)
          .split('/')
          .map((v) => parseGroup(v, k));
    const data = await loadLike(model, a);
    if (data.rows.length !== model.W.rows || data.rows.some((id, i) => id !== model.rows[i])) {
      throw dataError(
        `${a.source}: not the data ${a.model} was fitted on (${data.rows.length} rows against its ${model.W.rows}, or other ids): give the same SOURCE and flags`,
      );
    }
    const p = { l1W: model.options.l1W, l1H: model.options.l1H, l2W: model.options.l2W, l2H: model.options.l2H };
    const before = refitRows(data.X, model.W, model.H, [], 0, p).objectives[0];
    const merged = mergeFactors(model.W, model.H, groups);
    const refit = refitRows(
      data.X,
      merged.W,
      merged.H,
      merged.steps.map((s) => s.into),
      a.sweeps,
      p,
    );
    const F = refit.objectives;
    const log: ModelMerge = {
      groups: merged.steps.map((s) => ({ topics: s.topics.map((t) => t + 1), into: s.into + 1 })),
      k: [k, merged.H.rows],
      objective: [before, F[0], F.at(-1)!],
      sweeps: a.sweeps,
    };
    const fit = {
      ...model,
      W: refit.W,
      H: refit.H,
      options: { ...model.options, k: merged.H.rows },
      objective: F.at(-1)!,
      device: 'cpu' as const,
    };
    const batch = new OutputBatch();
    await batch.write(
      a.out,
      modelJson(fit, data.columns, data.rows, VERSION, undefined, undefined, [...(model.merges ?? []), log]),
    );
    await batch.commit();
    ui.detail(`refit: F ${F.map((f) => f.toPrecision(6)).join(' → ')}`);
    const lines = [
      ...(joins
        ? joins.joins.map(
            (j) =>
              `joined ${j.a.map((t) => t + 1).join('+')} and ${j.b.map((t) => t + 1).join('+')} (cosine ${j.cosine.toFixed(3)})`,
          )
        : []),
      ...log.groups.map((g) => `topics ${g.topics.join('+')} → topic ${g.into}`),
      `k ${k} → ${merged.H.rows}; F ${before.toPrecision(6)} before, ${F[0].toPrecision(6)} merged, ${F.at(-1)!.toPrecision(6)} after ${a.sweeps} sweeps; written to ${a.out}`,
    ];
    const topics =
      model.kind === 'text' ? `\n${topicsText(topicsOf(refit.W, refit.H, model.loader.terms, a.top))}` : '';
    process.stdout.write(lines.join('\n') + '\n' + topics);
  },
};
