// latent rank SOURCE -k 2..30: fit each k with restarts on X with a held-out share masked, and print
// training and held-out error, stability and (for text) coherence per k, with the k the rule recommends.
import type { Argv, CommandModule } from 'yargs';
import { FACTORIZE_OPTIONS, ruleText, usageError } from '../../core/index.js';
import { STABILITY_ROWS } from '../../evaluate/index.js';
import { INPUT_FORMATS, MATRIX_FORMATS, SOURCE_KINDS } from '../../loaders/index.js';
import { deliver } from '../deliver.js';
import { rankJob } from '../jobs/rank.js';
import type { ArgsOf } from '../options.js';
import { maxMemoryFlag, topFlag, withExamples, withReport, withSweepOptions, withTableFormat } from '../options.js';
import { withImageOptions } from '../image-options.js';
import { withDocumentFields, withTokens } from '../text-options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { makeUi } from '../progress.js';

/** The most ranks one sweep tries: each is a fit with restarts. */
const MAX_RANKS = 500;
/** No k can pass this: latent's indices are int32. */
const MAX_K = 2 ** 31 - 1;

/** The ranks of "-k 2..30", "2..30:2", "4,8,16" or "6", in increasing order. */
export function parseRanks(text: string): number[] {
  const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : Number.NaN);
  const bad = () =>
    usageError(
      `-k "${text}": write a range FROM..TO or FROM..TO:STEP (2..30, 4..24:4) or a list (4,8,16), each k ` +
        `${ruleText(FACTORIZE_OPTIONS.k)}`,
    );
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*(?::\s*(\d+))?\s*$/.exec(text);
  let ks: number[];
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3])];
    if (step < 1 || to < from) throw bad();
    // counted before any is made: 1..10⁹ would fill the heap
    const count = Math.floor((to - from) / step) + 1;
    if (count > MAX_RANKS)
      throw usageError(
        `-k "${text}" asks for ${count.toLocaleString('en')} ranks: a sweep tries at most ${MAX_RANKS} (each is ` +
          `a fit with restarts); give a step (2..200:10) or a list`,
      );
    ks = [];
    for (let k = from; k <= to; k += step) ks.push(k);
  } else ks = text.split(',').map(whole);
  if (ks.length === 0 || ks.some((k) => !(k >= 1))) throw bad();
  if (ks.length > MAX_RANKS)
    throw usageError(
      `-k "${text.slice(0, 40)}${text.length > 40 ? '…' : ''}" lists ${ks.length} ranks: a sweep tries at most ` +
        `${MAX_RANKS}`,
    );
  const huge = ks.find((k) => !Number.isSafeInteger(k) || k > MAX_K);
  if (huge !== undefined)
    throw usageError(
      `-k "${text}": ${huge.toLocaleString('en', { useGrouping: false })} is past any matrix latent can load (k ` +
        `≤ min(rows, columns) ≤ ${MAX_K})`,
    );
  return [...new Set(ks)].sort((a, b) => a - b);
}

const INPUT_CHOICES = [...new Set<string>([...INPUT_FORMATS, ...MATRIX_FORMATS])];

const builder = (y: Argv) =>
  withExamples(
    withReport(
      withTableFormat(
        withSweepOptions(
          withImageOptions(
            withTokens(
              withDocumentFields(y, 'Input:')
                .positional('source', {
                  type: 'string',
                  demandOption: true,
                  describe:
                    'what the other commands take: a text folder, file or - (stdin), a folder of images, or a ' +
                    'matrix file',
                })
                .option('k', {
                  type: 'string',
                  demandOption: true,
                  requiresArg: true,
                  describe: 'the ranks to try: FROM..TO, FROM..TO:STEP or a list (2..30, 4..24:4, 4,8,16)',
                  group: 'Sweep:',
                })
                .option('kind', {
                  choices: SOURCE_KINDS,
                  describe:
                    'what the source is (default: a matrix file by its name, a folder of images by its files, ' +
                    'else text)',
                  group: 'Input:',
                })
                .option('input-format', {
                  choices: INPUT_CHOICES,
                  describe:
                    'text: lines, csv, tsv, jsonl or parquet; matrix: csv, tsv, matrixmarket or uci (default: ' +
                    'from the name)',
                  group: 'Input:',
                })
                .option('labels', { type: 'string', describe: 'matrix: column labels, one per line', group: 'Input:' })
                .option('header', {
                  type: 'boolean',
                  describe:
                    'matrix CSV/TSV: the first row is (--header) or is not (--no-header) a header; default: detected',
                  group: 'Input:',
                })
                .option('row-labels', {
                  type: 'boolean',
                  describe: 'matrix CSV/TSV: the first column holds row labels; default: detected',
                  group: 'Input:',
                })
                .option('missing', {
                  type: 'boolean',
                  default: false,
                  describe: 'matrix: empty and NaN cells are missing entries, left out of every fit',
                  group: 'Input:',
                })
                .option(
                  'holdout',
                  ruleFlag('holdout', COMMAND_RULES.holdout, {
                    default: 0.05,
                    requiresArg: true,
                    describe: 'share of all entries held out (the same for every k) to measure error on',
                    group: 'Sweep:',
                  }),
                )
                .option(
                  'stability-rows',
                  ruleFlag('stability-rows', COMMAND_RULES.stabilityRows, {
                    default: STABILITY_ROWS,
                    requiresArg: true,
                    describe: 'stability compares at most this many rows (a seeded sample beyond)',
                    group: 'Sweep:',
                  }),
                )
                .option('top', {
                  ...topFlag('text: words per topic for coherence (NPMI)', 'Sweep:', 2),
                  requiresArg: true,
                })
                .option('max-memory', maxMemoryFlag('Sweep:', 'a sweep'))
                .option('plot', {
                  type: 'string',
                  describe: 'draw the measures against k, recommended k marked, to FILE (.png or .svg)',
                  group: 'Output:',
                }),
            ),
          ),
          4,
        ),
      ),
    ),
    [
      ['$0 rank fixtures/emails -k 2..12', 'errors, stability and coherence of 2 to 12 topics, and the k to use'],
      ['$0 rank fixtures/digits -k 4..24:4 --plot rank.png', 'basis images: the sweep drawn to rank.png'],
      ['$0 rank ratings.csv --missing -k 2..10 --format csv', 'a matrix with empty cells, the table as CSV'],
    ],
  );

type RankArgs = ArgsOf<typeof builder>;

export const rankCommand: CommandModule<object, RankArgs> = {
  command: 'rank <source>',
  describe: 'choose k: held-out error, stability and coherence for each k, and the k to use',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    await deliver(await rankJob({ ...a, ks: parseRanks(a.k) }, ui), ui);
  },
};
