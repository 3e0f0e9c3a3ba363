// The command-line options, each declared once: the factorization flags built from core's option table,
// and the builders the commands share (text source, tokens, image settings, table format) with the
// translation of what they parse into the loaders' options. Every builder takes Argv<T> and returns T
// plus its own flags, so a command's argument type is inferred from its builder, without a cast.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { ArgumentsCamelCase, Argv, Options } from 'yargs';
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
  dataError,
  FACTORIZE_OPTIONS,
  kebabName,
  OPTION_NAMES,
  optionsOfRole,
  STREAM_OPTIONS,
  LatentError,
  usageError,
} from '../core/index.js';
import type { TableFormat, TopicsTextOptions } from '../exporters/index.js';
import { TABLE_FORMATS } from '../exporters/index.js';
import type { ImageOptions, Segmentation, TextSource, TextSourceSpec, VectorizeOptions } from '../loaders/index.js';
import {
  ALPHA_MODES,
  DEFAULT_TEXT_FIELD,
  FITS,
  INPUT_FORMATS,
  readWords,
  SEGMENTATIONS,
  streamSource,
  textSourceFor,
  VECTORIZE_RULES,
  WEIGHTINGS,
} from '../loaders/index.js';
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
 *  number of restarts. */
export function withSweepOptions<T>(y: Argv<T>, restarts: number) {
  return withOptions<T, Omit<FactorizeOptions, 'k' | 'restarts' | 'seed'>>(
    y,
    OPTION_NAMES.filter((n) => n !== 'k' && n !== 'restarts' && n !== 'seed'),
  )
    .option('restarts', { ...flagOf('restarts'), type: 'number', default: restarts })
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

/** The flags that say where a file's documents are: columns of a table or Parquet file, fields of JSONL. */
export function withDocumentFields<T>(y: Argv<T>, group: string) {
  return y
    .option('text-column', { type: 'string', describe: 'CSV/TSV/Parquet: the column holding the text', group })
    .option('id-column', {
      type: 'string',
      describe: 'CSV/TSV/Parquet: the column holding document ids (default: the row number)',
      group,
    })
    .option('text-field', {
      type: 'string',
      describe:
        `JSONL: the field holding the text, a dotted path into nested objects allowed (meta.body; default: ` +
        `${DEFAULT_TEXT_FIELD})`,
      group,
    })
    .option('id-field', {
      type: 'string',
      describe: 'JSONL: the field holding document ids (default: the line number)',
      group,
    });
}

/** A text corpus: a folder, a file or stdin, and how it holds documents. */
export function withTextSource<T>(y: Argv<T>) {
  return withDocumentFields(
    y.positional('source', {
      type: 'string',
      demandOption: true,
      describe:
        'a folder (a document per file), a text file (a document per line), a .csv/.tsv or .parquet (with ' +
        '--text-column), a .jsonl, any of them gzipped (.gz), or - for stdin',
    }),
    'Documents:',
  ).option('input-format', {
    choices: INPUT_FORMATS,
    describe:
      "how a file or stdin holds documents (default: by the name's extension, a .gz aside; else jsonl when " +
      '--text-field is given, csv when --text-column is, else lines)',
    group: 'Documents:',
  });
}

/** The source as a loader sees it: '-' is standard input. */
export async function textSource(a: TextSourceSpec & { source: string; quiet?: boolean }): Promise<TextSource> {
  // yargs hands a lone '-' over as an empty string
  if (a.source !== '-' && a.source !== '') return textSourceFor(a.source, a);
  // typed at a terminal, not piped: without a word latent would seem to hang
  if (process.stdin.isTTY && !a.quiet)
    process.stderr.write(
      'latent: reading documents from the terminal, one per line; end them with Ctrl-D (or give a file instead of -)\n',
    );
  return streamSource(process.stdin, 'stdin', a);
}

/** How documents become terms, and which terms are kept. */
export function withTokens<T>(y: Argv<T>) {
  return y
    .option('stop-words', {
      type: 'boolean',
      default: true,
      describe: 'drop English stop words (--no-stop-words keeps them)',
      group: 'Tokens:',
    })
    .option('stop-words-file', { type: 'string', describe: 'more stop words, one per line', group: 'Tokens:' })
    .option('stem', {
      type: 'boolean',
      default: false,
      describe: 'Porter stemming (topics show the most frequent word of each stem)',
      group: 'Tokens:',
    })
    .option('ngrams', {
      ...vectorizerFlag('ngrams'),
      default: 1,
      describe: 'terms are n-grams up to this n',
      group: 'Tokens:',
    })
    .option('keep-numbers', { type: 'boolean', default: false, describe: 'keep tokens with digits', group: 'Tokens:' })
    .option('strip-html', {
      type: 'boolean',
      describe:
        'remove HTML tags, entities, script/style bodies and quoted-printable breaks (default: in the documents ' +
        'that have them; --no-strip-html never)',
      group: 'Tokens:',
    })
    .option('strip-urls', {
      type: 'boolean',
      default: true,
      describe: 'remove web and mail addresses (--no-strip-urls keeps their pieces as words)',
      group: 'Tokens:',
    })
    .option('token-pattern', {
      type: 'string',
      describe:
        "a token is a match of this regular expression (its one group if it has one), as scikit-learn's " +
        'token_pattern; default: runs of letters and digits of 2 or more',
      group: 'Tokens:',
    })
    .option('strip-accents', {
      type: 'boolean',
      default: false,
      describe: 'fold accents (café → cafe)',
      group: 'Tokens:',
    })
    .option('segment', {
      choices: SEGMENTATIONS,
      default: 'auto' as Segmentation,
      describe:
        'words of scripts without spaces (Chinese, Japanese, Thai…): auto cuts their runs into words with ' +
        'Intl.Segmenter, words cuts every document so, chars makes each of their characters a word, none keeps ' +
        'runs whole',
      group: 'Tokens:',
    })
    .option('min-df', {
      ...vectorizerFlag('minDf'),
      default: 2,
      describe: 'keep terms in at least this many documents (or this share, below 1)',
      group: 'Tokens:',
    })
    .option('max-df', {
      ...vectorizerFlag('maxDf'),
      default: 0.95,
      describe: 'drop terms in more than this share of documents',
      group: 'Tokens:',
    })
    .option('max-terms', {
      ...vectorizerFlag('maxTerms'),
      describe: 'keep the most frequent terms only',
      group: 'Tokens:',
    })
    .option('weighting', {
      choices: WEIGHTINGS,
      describe: 'tfidf (default), count (default for --loss kl) or binary',
      group: 'Tokens:',
    })
    .option('sublinear-tf', { type: 'boolean', default: false, describe: 'tf → 1 + ln(tf)', group: 'Tokens:' });
}
export type TokenArgs = FlagsOf<ArgumentsCamelCase<ArgsOf<typeof withTokens<object>>>>;

/** A number flag of the vectorizer's table, checked by its entry as it is parsed (as the loader checks
 *  the options it is given, and a saved model's fields). */
const vectorizerFlag = (name: 'ngrams' | 'minDf' | 'maxDf' | 'maxTerms') =>
  ({
    type: 'number',
    requiresArg: true,
    coerce: checkedNumber(kebabName(name), VECTORIZE_RULES[name], [kebabName(name)]),
  }) as const;

/** The token flags as the text loader's options; the stop-words file is read here. */
export async function vectorizeOptions(a: TokenArgs & { loss?: string }): Promise<VectorizeOptions> {
  // read as text files are (UTF-16 and Latin-1 too); a binary file's refusal names it and says why
  const file = a.stopWordsFile;
  const unreadable = () => dataError(`${file}: cannot read the stop-words file`);
  const extra = file
    ? await access(file, constants.R_OK)
        .catch(() => {
          throw unreadable();
        })
        .then(() => readWords(file))
        .catch((e) => {
          throw e instanceof LatentError ? e : unreadable();
        })
    : [];
  return {
    stopWords: a.stopWords,
    extraStopWords: extra,
    stem: a.stem,
    ngrams: a.ngrams,
    keepNumbers: a.keepNumbers,
    stripHtml: a.stripHtml ?? 'auto',
    stripUrls: a.stripUrls,
    tokenPattern: a.tokenPattern ?? null,
    stripAccents: a.stripAccents,
    segment: a.segment,
    minDf: a.minDf,
    maxDf: a.maxDf,
    maxTerms: a.maxTerms,
    sublinearTf: a.sublinearTf,
    weighting: a.weighting ?? (a.loss === 'kl' ? 'count' : 'tfidf'),
  };
}

/** How images are read: their size, shape, color and what transparency becomes. */
export function withImageOptions<T>(y: Argv<T>) {
  return y
    .option('size', {
      type: 'string',
      describe: "resize every image to WxH (default: the first image's size)",
      group: 'Images:',
    })
    .option('fit', {
      choices: FITS,
      default: FITS[0],
      describe: 'how other shapes are resized: stretch, crop or pad',
      group: 'Images:',
    })
    .option('color', {
      type: 'boolean',
      default: false,
      describe: 'keep RGB (three columns per pixel) instead of gray',
      group: 'Images:',
    })
    .option('background', {
      type: 'string',
      default: '#000000',
      describe: 'what transparency is flattened onto',
      group: 'Images:',
    })
    .option('alpha', {
      choices: ALPHA_MODES,
      default: ALPHA_MODES[0],
      describe:
        'transparency: flatten it onto --background, or take opacity as the value (intensity: icons, glyphs ' +
        'drawn on nothing)',
      group: 'Images:',
    })
    .option('invert', {
      type: 'boolean',
      default: false,
      describe: 'every value v becomes 1 − v (dark ink on a light page becomes the bright part)',
      group: 'Images:',
    })
    .option('strict', {
      type: 'boolean',
      default: false,
      describe: 'an unreadable file is an error instead of being skipped',
      group: 'Images:',
    });
}
export type ImageArgs = FlagsOf<ArgumentsCamelCase<ArgsOf<typeof withImageOptions<object>>>>;

/** The image flags as the image loader's options; --size is WIDTHxHEIGHT. */
export function imageOptions(a: ImageArgs): ImageOptions {
  let width: number | undefined, height: number | undefined;
  if (a.size !== undefined) {
    const m = /^(\d+)x(\d+)$/i.exec(a.size);
    if (!m) throw usageError(`--size "${a.size}": write it as WIDTHxHEIGHT, for example 64x64`);
    width = Number(m[1]);
    height = Number(m[2]);
  }
  return {
    width,
    height,
    fit: a.fit,
    color: a.color,
    background: a.background,
    alpha: a.alpha,
    invert: a.invert,
    strict: a.strict,
  };
}

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
    .option('max-memory', {
      type: 'string',
      describe:
        "the memory the job may use, such as 8G (default: this machine's, or its cgroup's limit); a batch job " +
        'estimated to need more is refused before loading',
      group: STREAMING,
    });
}

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
