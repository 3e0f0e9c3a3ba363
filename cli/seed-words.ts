// --seed-words FILE: named topics, a line of words each, put where the user asked (core/seeded.ts).
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import type { Fit } from '../core/index.js';
import { dataError, seedTopics, usageError } from '../core/index.js';
import type { Dataset, TextModel } from '../loaders/index.js';
import { makeTokenizer } from '../loaders/index.js';
import type { Ui } from './progress.js';

const GROUP = 'Seeded topics:';

export function withSeedWords<T>(y: Argv<T>) {
  return y
    .option('seed-words', {
      type: 'string',
      describe:
        'FILE of named topics, one a line (its words, by spaces or commas; # starts a comment): each becomes one ' +
        'of the first topics, its words held at its top',
      group: GROUP,
    })
    .option('seed-strength', {
      type: 'number',
      default: 1,
      describe: "how hard seeded topics are held near their words (the penalty's weight, relative to W's scale)",
      group: GROUP,
    });
}

export interface SeedArgs {
  seedWords?: string;
  seedStrength: number;
}

/** Each seed line's columns, its words tokenized as the corpus was; a word that is no term is an error
 *  naming the file, the line and the word. */
export async function readSeeds(path: string, model: TextModel): Promise<{ lines: string[]; columns: number[][] }> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw dataError(`${path}: cannot read the seed-words file`);
  });
  const tokenize = makeTokenizer(model.tokens),
    column = new Map(model.keys.map((key, j) => [key, j]));
  const lines: string[] = [],
    columns: number[][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const cols: number[] = [];
    for (const word of line.split(/[\s,]+/).filter(Boolean)) {
      const terms = tokenize(word);
      const keys = terms.keys.slice(0, terms.unigrams);
      if (keys.length === 0)
        throw dataError(
          `${path}:${i + 1}: "${word}" is dropped by the tokenizer (a stop word, a number, or too short): leave it out`,
        );
      for (const key of keys) {
        const j = column.get(key);
        if (j === undefined)
          throw dataError(
            `${path}:${i + 1}: "${word}" is not a term of the corpus (in fewer documents than --min-df, more ` +
              `than --max-df, or cut by --max-terms): leave it out or change those flags`,
          );
        if (!cols.includes(j)) cols.push(j);
      }
    }
    lines.push(line);
    columns.push(cols);
  });
  if (columns.length === 0)
    throw dataError(`${path}: no seed words in it; write one topic a line, its words separated by spaces`);
  return { lines, columns };
}

/** The fit with its first topics seeded. */
export async function seededFit(fit: Fit, data: Dataset, a: SeedArgs, ui: Ui): Promise<Fit> {
  if (data.columns.kind !== 'text') throw usageError('--seed-words applies to text');
  if (fit.options.loss !== 'frobenius')
    throw usageError(`--seed-words refits the Frobenius objective: leave out --loss ${fit.options.loss}`);
  const { lines, columns } = await readSeeds(a.seedWords!, data.columns.model);
  const o = fit.options;
  const seeded = seedTopics(
    data.X,
    fit.W,
    fit.H,
    columns,
    a.seedStrength,
    { l1W: o.l1W, l1H: o.l1H, l2W: o.l2W, l2H: o.l2H },
    o.maxIter,
    o.tol,
  );
  ui.detail(
    `seeded topics 1–${lines.length} (${lines.join(' | ')}): ${seeded.objectives.length - 1} sweeps, F ` +
      `${fit.objective.toPrecision(6)} unseeded, ${seeded.objective.toPrecision(6)} seeded (with the pull ` +
      `${seeded.objectives.at(-1)!.toPrecision(6)})`,
  );
  return {
    ...fit,
    W: seeded.W,
    H: seeded.H,
    objective: seeded.objective,
    iterations: fit.iterations + seeded.objectives.length - 1,
  };
}
