// latent factorize MATRIX: a matrix file → W and H, as files (-o PREFIX) or one JSON document on stdout.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { usageError } from '../../core/index.js';
import type { FactorFormat } from '../../exporters/index.js';
import {
  columnNames,
  completedMatrix,
  COMPONENT_COLUMNS,
  FACTOR_FORMATS,
  factorNames,
  formatFactor,
  html,
  matrixFormatOf,
  matrixRows,
  OutputBatch,
  reportPage,
  topicsBody,
  topicsOf,
} from '../../exporters/index.js';
import { loadMatrix, MATRIX_FORMATS } from '../../loaders/index.js';
import type { ArgsOf } from '../options.js';
import {
  topicTextOptions,
  withDistributed,
  withExamples,
  withFactorization,
  withOnlineFit,
  withReport,
} from '../options.js';
import { runAsRank } from '../distributed/job.js';
import { distributedFactorize } from '../distributed/factorize.js';
import { makeUi } from '../progress.js';
import { streamFactorize } from '../stream-factorize.js';
import { factorSummary } from '../factor-summary.js';
import { fitDataset, runRecord, runSummary, saveModel, seconds, storageFor } from '../training.js';

const EXTENSIONS: Record<Exclude<FactorFormat, 'json'>, string> = { csv: 'csv', tsv: 'tsv', matrixmarket: 'mtx' };

/** -o PREFIX; a folder (out/, or one that exists) gets files named after the matrix: out/small.W.csv. */
function prefixOf(output: string, matrix: string): string {
  const folder = output.endsWith('/') || (existsSync(output) && statSync(output).isDirectory());
  return folder ? join(output, basename(matrix).replace(/\.[^.]*$/, '')) : output;
}

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
              "factor files' format (default csv with -o); on stdout, text (a summary to read: the default on a terminal) or json (the default in a pipe)",
            group: 'Output:',
          }),
        "fit in memory bounded by one batch: online NMF over blocks of rows read from the file on every pass (CSV/TSV, UCI, MatrixMarket coordinate in row order; not stdin). W goes only to -o's PREFIX.W.csv|tsv, row by row; JSON on stdout holds H and the run",
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
    const asked = a.format ?? (a.output ? 'csv' : process.stdout.isTTY ? 'text' : 'json');
    const prefix = a.output === undefined ? undefined : prefixOf(a.output, a.matrix);
    if (asked === 'text' && a.output)
      throw usageError(
        '--format text is a summary to read on stdout: leave out -o, or give -o with --format csv, tsv, matrixmarket or json',
      );
    if (asked === 'text' && a.stream)
      throw usageError('--format text: with --stream, factorize writes JSON (or -o files); leave --format out');
    if (!a.output && asked !== 'json' && asked !== 'text')
      throw usageError(`--format ${asked} writes two files: give -o PREFIX, or leave --format out for JSON on stdout`);
    // the summary is for stdout alone; the JSON it stands in for is what -o PREFIX.json would hold
    const format: FactorFormat = asked === 'text' ? 'json' : asked;
    if (a.resume && !a.checkpoint) throw usageError('--resume continues from --checkpoint DIR: name the folder');
    if (a.distributed) {
      if (a.stream || a.report || a.completed)
        throw usageError(
          `${a.stream ? '--stream' : a.report ? '--report' : '--completed'} is not available with --distributed: leave it out`,
        );
      await runAsRank(a, (job) => distributedFactorize(a, format, prefix, job));
      return;
    }
    if (a.checkpoint)
      throw usageError(
        "--checkpoint saves a --distributed fit's state: add --distributed (topics --stream has its own)",
      );
    if (a.stream) {
      const document = await streamFactorize(a, format, prefix, ui);
      if (document) process.stdout.write(document);
      return;
    }
    const start = performance.now();
    const data = await loadMatrix(a.matrix, {
      format: a.inputFormat,
      labels: a.labels,
      header: a.header,
      rowLabels: a.rowLabels,
      missing: a.missing,
      storage: await storageFor(a.device),
    });
    const fit = await fitDataset(data, a, ui, seconds(start));
    const labels = data.columns.kind === 'matrix' ? data.columns.labels : null;
    const components = factorNames(fit.W.cols, 'matrix');
    const document = () =>
      JSON.stringify({
        command: 'factorize',
        rows: data.X.rows,
        cols: data.X.cols,
        ...runSummary(fit),
        rowIds: data.rows,
        columnLabels: labels,
        W: matrixRows(fit.W),
        H: matrixRows(fit.H),
      }) + '\n';
    const batch = new OutputBatch();
    if (prefix) {
      if (format === 'json') await batch.write(`${prefix}.json`, document());
      else {
        await batch.write(
          `${prefix}.W.${EXTENSIONS[format]}`,
          formatFactor(fit.W, format, data.rows, components, `W of ${a.matrix}: rows × components`),
        );
        await batch.write(
          `${prefix}.H.${EXTENSIONS[format]}`,
          formatFactor(
            fit.H,
            format,
            components,
            columnNames(labels, fit.H.cols),
            `H of ${a.matrix}: components × columns`,
          ),
        );
      }
    }
    await saveModel(batch, a.model, fit, data);
    if (a.completed) {
      const completedAs = matrixFormatOf(a.completed);
      // row labels as the input had them: none where its rows were only numbered
      const numbered = data.rows.every((id, i) => id === String(i + 1));
      await batch.write(
        a.completed,
        formatFactor(
          completedMatrix(data.X, data.missing, fit.W, fit.H),
          completedAs,
          numbered ? null : data.rows,
          columnNames(labels, fit.H.cols),
          `${a.matrix} with its ${data.missing?.rows.length ?? 0} missing entries filled by W·H`,
        ),
      );
    }
    if (a.report) {
      const topics = topicsOf(fit.W, fit.H, columnNames(labels, fit.H.cols), 10);
      await batch.write(
        a.report,
        reportPage(
          `Components of ${a.matrix}`,
          html`${fit.W.cols} components of a ${data.X.rows} × ${data.X.cols} matrix`,
          topicsBody(topics, fit.H, COMPONENT_COLUMNS),
          runRecord(fit, data),
        ),
      );
    }
    await batch.commit();
    if (!prefix)
      process.stdout.write(
        asked === 'text' ? factorSummary(a.matrix, data.X, fit, labels, topicTextOptions({})) : document(),
      );
    else
      ui.note(
        `F ${fit.objective.toPrecision(6)} after ${fit.iterations} iterations; wrote ${prefix}.${format === 'json' ? 'json' : `{W,H}.${EXTENSIONS[format]}`}`,
      );
  },
};
