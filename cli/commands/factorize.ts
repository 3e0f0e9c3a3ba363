// latent factorize MATRIX: a matrix file → W and H, as files (-o PREFIX) or one JSON document on stdout.
import type { Argv, CommandModule } from 'yargs';
import type { FactorFormat } from '../../exporters/index.js';
import { FACTOR_FORMATS } from '../../exporters/index.js';
import { MATRIX_FORMATS } from '../../loaders/index.js';
import { deliver } from '../deliver.js';
import { factorizeJob } from '../jobs/factorize.js';
import type { ArgsOf } from '../options.js';
import { withDistributed, withExamples, withFactorization, withOnlineFit, withReport } from '../options.js';
import { makeUi } from '../progress.js';
import { writeStdout } from '../stdout.js';

const builder = (y: Argv) =>
  withExamples(
    withDistributed(
      withOnlineFit(
        withReport(
          withFactorization(
            y.positional('matrix', { type: 'string', demandOption: true, describe: 'the matrix file' }),
            'components',
            10,
          ),
        )
          .option('input-format', {
            choices: MATRIX_FORMATS,
            describe: "the matrix file's format (default: from its name)",
            group: 'Input:',
          })
          .option('labels', { type: 'string', describe: 'column labels, one per line (a vocabulary)', group: 'Input:' })
          .option('header', {
            type: 'boolean',
            describe: 'CSV/TSV: the first row is (--header) or is not (--no-header) a header; default: detected',
            group: 'Input:',
          })
          .option('row-labels', {
            type: 'boolean',
            describe: 'CSV/TSV: the first column holds row labels (or --no-row-labels); default: detected',
            group: 'Input:',
          })
          .option('missing', {
            type: 'boolean',
            default: false,
            describe:
              'empty and NaN cells (CSV/TSV) and nan entries (MatrixMarket) are missing: the fit leaves them out',
            group: 'Input:',
          })
          .option('completed', {
            type: 'string',
            describe: 'write the matrix with its missing entries filled by W·H to FILE (.csv, .tsv or .mtx)',
            group: 'Output:',
          })
          .option('output', {
            alias: 'o',
            type: 'string',
            describe: 'write PREFIX.W.<ext> and PREFIX.H.<ext> instead of JSON on stdout',
            group: 'Output:',
          })
          .option('format', {
            choices: [...FACTOR_FORMATS, 'text'] as (FactorFormat | 'text')[],
            describe:
              "factor files' format (default csv with -o); on stdout, text (a summary to read: the default on a " +
              'terminal) or json (the default in a pipe)',
            group: 'Output:',
          }),
        'fit in memory bounded by one batch: online NMF over blocks of rows read from the file on every pass ' +
          "(CSV/TSV, UCI, MatrixMarket coordinate in row order; not stdin). W goes only to -o's PREFIX.W.csv|tsv, " +
          'row by row; JSON on stdout holds H and the run',
      ),
      true,
    ),
    [
      ['$0 factorize fixtures/matrix/small.mtx -k 3 -o out/small', 'out/small.W.csv and out/small.H.csv'],
      ['$0 factorize docword.kos.txt -k 20 --loss kl > kos.json', 'a UCI corpus, factors as JSON'],
      [
        '$0 factorize ratings.csv --missing -k 5 --completed filled.csv -o out/',
        'empty cells left out of the fit, then filled in',
      ],
      [
        '$0 factorize docword.nytimes.txt.gz -k 50 --stream -o out/',
        'a matrix larger than memory: W written as its rows are solved',
      ],
      [
        'mpirun -np 4 $0 factorize big.mtx -k 50 --distributed -o out/big',
        'across 4 ranks: out/big.W.rank-*.csv, its manifest, out/big.H.csv',
      ],
    ],
  );

export const factorizeCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'factorize <matrix>',
  describe: 'factorize a matrix file (CSV/TSV, MatrixMarket, UCI bag-of-words) into W and H',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    // a summary to read at a terminal, JSON in a pipe; files are CSV unless asked
    const format = a.format ?? (a.output ? 'csv' : process.stdout.isTTY ? 'text' : 'json');
    await deliver(await factorizeJob({ ...a, format }, ui, writeStdout), ui);
  },
};
