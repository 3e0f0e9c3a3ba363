// The command-line options, each declared once: the factorization flags built from core's option table,
// and the builders the commands share (table format, topics as text, reports, batches; a text corpus's
// flags are in text-options.ts, an image folder's in image-options.ts). Every builder takes Argv<T> and
// returns T plus its own flags, so a command's argument type is inferred from its builder, without a cast.
import type { Argv, Options } from 'yargs';
import type {
  FactorizeOptions,
  NumberSpec,
  OptionGroup,
  OptionName,
  OptionsOfRole,
  OptionSpec,
} from '../core/index.js';
import {
  checkOption,
  FACTORIZE_OPTIONS,
  kebabName,
  OPTION_NAMES,
  optionsOfRole,
  STREAM_OPTIONS,
  SWEEP_MAX_ITER,
} from '../core/index.js';
import type { TableFormat, TopicsTextOptions } from '../exporters/index.js';
import { TABLE_FORMATS } from '../exporters/index.js';
import { checkedNumber, COMMAND_RULES, ruleFlag } from './rules.js';

/** The arguments a command's builder declares. */
export type ArgsOf<B> = B extends (y: Argv) => Argv<infer A> ? A : never;

/** The global flags (declared in main.ts), as every handler's arguments carry them. */
/** Parsed flags without yargs' positionals and script name: what a job is given. */
export type FlagsOf<T> = { [K in keyof T as K extends '_' | '$0' ? never : K]: T[K] };

export type CommonArgs = { quiet?: boolean; verbose?: boolean; debug?: boolean } & Record<string, unknown>;

const GROUPS: Record<OptionGroup, string> = {
  factorization: 'Factorization:',
  penalties: 'Penalties:',
  gd: 'Gradient descent (--method gd):',
};
/** What only the command line has to add to an option's description. */
const SEE: Partial<Record<OptionName, string>> = { device: 'see `latent backends`', tol: 'see --check-every' };

/** One option of core's table as a yargs flag: its type, choices, default, group and description. */
export function flagOf(name: OptionName): Options {
  const spec: OptionSpec = FACTORIZE_OPTIONS[name];
  const notes = [
    spec.defaultNote && `default: ${spec.defaultNote}`,
    SEE[name],
    spec.type === 'boolean' && spec.default === true && `--no-${kebabName(name)} turns it off`,
  ].filter(Boolean);
  const flag: Options = {
    describe: notes.length ? `${spec.describe} (${notes.join('; ')})` : spec.describe,
    group: GROUPS[spec.group],
    default: spec.default,
  };
  if (spec.type === 'choice') return { ...flag, choices: spec.choices, requiresArg: true };
  // a number flag given without its value is an error, not its default; a value against the rule is
  // refused as it is parsed, before anything is loaded
  return spec.type === 'boolean'
    ? { ...flag, type: 'boolean' }
    : { ...flag, type: 'number', requiresArg: true, coerce: checkedOption(name) };
}

/** A number flag's check: its value against core's rule, and text that is not a number named as typed. */
function checkedOption(name: OptionName): (value: unknown) => unknown {
  const check = checkedNumber(kebabName(name), FACTORIZE_OPTIONS[name] as NumberSpec, [
    kebabName(name),
    ...(name === 'k' ? ['topics', 'components'] : []),
  ]);
  // -k has no upper bound here: that depends on the data (min(rows, columns)), checked once it is loaded
  return (value) => (value === undefined ? value : (check(value), checkOption(name, value)));
}

function withOptions<T, A>(y: Argv<T>, names: readonly OptionName[]): Argv<T & A> {
  return y.options(Object.fromEntries(names.map((name) => [kebabName(name), flagOf(name)]))) as Argv<T & A>;
}

/** The factorization flags as parsed: core's options, k always there; --model names where the fit goes. */
export type FactorizationArgs = FactorizeOptions & { model?: string };

/** Every option of core's table as a flag (kebab-case of its name); `kName` is the long name -k has
 *  for this command and `kDefault` its default. */
export function withFactorization<T>(y: Argv<T>, kName: string, kDefault: number): Argv<T & FactorizationArgs> {
  const k = { ...flagOf('k'), alias: kName, default: kDefault, describe: `number of ${kName} (n_components)` };
  return withOptions<T, FactorizationArgs>(
    y.option('k', k),
    OPTION_NAMES.filter((n) => n !== 'k'),
  ).option('model', {
    type: 'string',
    describe: 'save the fitted model to FILE (for `latent transform`)',
    group: 'Output:',
  }) as Argv<T & FactorizationArgs>;
}

/** The factorization flags without -k, for a command that chooses k itself (rank), with its own default
 *  number of restarts and a sweep's iterations at most (core's SWEEP_MAX_ITER). */
export function withSweepOptions<T>(y: Argv<T>, restarts: number) {
  return withOptions<T, Omit<FactorizeOptions, 'k' | 'restarts' | 'seed'>>(
    y,
    OPTION_NAMES.filter((n) => n !== 'k' && n !== 'restarts' && n !== 'seed'),
  )
    .option('restarts', { ...flagOf('restarts'), type: 'number', default: restarts })
    .option('max-iter', { ...flagOf('maxIter'), default: SWEEP_MAX_ITER })
    .option('seed', { ...flagOf('seed'), type: 'number', default: FACTORIZE_OPTIONS.seed.default });
}

/** What transform takes from its command line: how long and where W is fitted (the `run` options). */
export type RunArgs = OptionsOfRole<'run'>;

export function withRunOptions<T>(y: Argv<T>): Argv<T & RunArgs> {
  return withOptions<T, RunArgs>(y, optionsOfRole('run'));
}

/** --format for the commands that print a table. */
export function withTableFormat<T>(y: Argv<T>) {
  return y.option('format', {
    choices: TABLE_FORMATS,
    default: 'text' as TableFormat,
    describe: 'output format on stdout',
    group: 'Output:',
  });
}

/** --weights, for the commands that print topics as text. */
export function withTopicText<T>(y: Argv<T>) {
  return y.option('weights', {
    type: 'boolean',
    default: false,
    describe: "text format: each word's weight beside it (three significant digits)",
    group: 'Output:',
  });
}

/** How topics are laid out as text: weights when asked, lines cut to the terminal's width (none in a pipe). */
export const topicTextOptions = (a: { weights?: boolean }): TopicsTextOptions => ({
  weights: a.weights ?? false,
  width: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/** --top: so many words (or columns) per topic, 10 unless given, `minimum` at least. */
export const topFlag = (describe: string, group = 'Output:', minimum: number = COMMAND_RULES.top.min) =>
  ruleFlag('top', { ...COMMAND_RULES.top, min: minimum }, { default: 10, describe, group });

/** Examples as a block under the options, each command whole on its line and what it does below it:
 *  yargs' own two-column examples break long commands in the middle. */
export function withExamples<T>(y: Argv<T>, examples: readonly (readonly [command: string, what: string])[]): Argv<T> {
  const lines = examples.map(([command, what]) => `  ${command.replace(/\$0/g, 'latent')}\n      ${what}`);
  return y.epilogue(`Examples:\n${lines.join('\n')}`);
}

/** --report FILE.html: the run as one self-contained page. */
export function withReport<T>(y: Argv<T>) {
  return y.option('report', {
    type: 'string',
    describe: 'also write the results as one self-contained HTML page to FILE (open it in a browser)',
    group: 'Output:',
  });
}

/** --stream and --batch-size: the source read and solved a batch of rows at a time; `what` says what
 *  --stream does for this command. */
export function withBatches<T>(y: Argv<T>, what: string) {
  return y
    .option('stream', { type: 'boolean', default: false, describe: what, group: STREAMING })
    .option('batch-size', streamFlag('batchSize'));
}

/** --stream for the commands that fit: the online fit's passes, forgetting and sweeps too. */
export function withOnlineFit<T>(y: Argv<T>, what: string) {
  return withBatches(y, what)
    .option('epochs', streamFlag('epochs'))
    .option('forget', streamFlag('forget'))
    .option('sweeps', streamFlag('sweeps'));
}

/** --stream and what it takes on topics: online NMF over batches read from the source on every pass. */
export function withStreaming<T>(y: Argv<T>) {
  return withOnlineFit(
    y,
    'fit in memory bounded by one batch: online NMF over batches read from the source on every pass (a corpus of ' +
      'any size)',
  )
    .option('vocab', {
      type: 'string',
      describe: 'a model file whose vocabulary and idf to use: skips the counting pass',
      group: STREAMING,
    })
    .option('checkpoint', {
      type: 'string',
      describe: "after every epoch, save the fit's state to folder DIR",
      group: STREAMING,
    })
    .option('resume', {
      type: 'boolean',
      default: false,
      describe: 'continue from the state --checkpoint DIR saved, to the same results as a run never stopped',
      group: STREAMING,
    })
    .option('max-memory', maxMemoryFlag(STREAMING, 'a batch job'));
}

/** --max-memory: the memory a job may use, checked before loading. */
export const maxMemoryFlag = (group: string, what: string) =>
  ({
    type: 'string',
    requiresArg: true,
    describe:
      `the memory the job may use, such as 8G (default: this machine's, or its cgroup's limit); ${what} ` +
      'estimated to need more is refused before loading',
    group,
  }) as const;

const STREAMING = 'Streaming (--stream):';
const DISTRIBUTED = 'Across machines (--distributed, under mpirun or srun):';

/** --distributed: one rank of an MPI job; `checkpoints`: also --checkpoint and --resume (topics has
 *  them from --stream). */
export function withDistributed<T>(y: Argv<T>, checkpoints: boolean) {
  const z = y
    .option('distributed', {
      type: 'boolean',
      default: false,
      describe:
        'run as one rank of an MPI job (mpirun -np P latent …): each rank reads its share of the input and holds ' +
        'its rows; the fit is the batch fit of one process',
      group: DISTRIBUTED,
    })
    .option('checkpoint-every', {
      ...ruleFlag('checkpoint-every', COMMAND_RULES.checkpointEvery, {}),
      default: 10,
      requiresArg: true,
      describe: 'with --checkpoint DIR, save the state every N iterations',
      group: DISTRIBUTED,
    });
  if (!checkpoints) return z as typeof z & { checkpoint?: string; resume: boolean };
  return z
    .option('checkpoint', {
      type: 'string',
      describe: "with --distributed, save the fit's state to folder DIR (see --checkpoint-every)",
      group: DISTRIBUTED,
    })
    .option('resume', {
      type: 'boolean',
      default: false,
      describe: 'continue from the state --checkpoint DIR saved, to the same results as a run never stopped',
      group: DISTRIBUTED,
    });
}

/** One of core's streaming options as a flag. */
const streamFlag = (name: keyof typeof STREAM_OPTIONS) =>
  ({
    type: 'number',
    requiresArg: true,
    default: STREAM_OPTIONS[name].default as number,
    describe: STREAM_OPTIONS[name].describe.replace(/^--stream: /, ''),
    group: STREAMING,
  }) as const;
