// latent rank SOURCE -k 2..30: fit each k with restarts on X with a held-out share masked, and print
// training and held-out error, stability and (for text) coherence per k, with the k the rule recommends.
import { extname } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Mask, RankFit } from '../../core/index.js';
import { FACTORIZE_OPTIONS, factorizeRanks, nnz, ruleText, usageError } from '../../core/index.js';
import type { RankRow } from '../../evaluate/index.js';
import { RANK_RULE, rankRow, rankVerdict, STABILITY_ROWS, stabilityRows } from '../../evaluate/index.js';
import {
  coherence,
  formatTable,
  html,
  OutputBatch,
  rankBody,
  rankPlotPng,
  rankPlotSvg,
  rankTable,
  reportPage,
} from '../../exporters/index.js';
import type { Dataset, InputFormat, MatrixFormat } from '../../loaders/index.js';
import {
  INPUT_FORMATS,
  loadImages,
  loadMatrix,
  loadText,
  MATRIX_FORMATS,
  SOURCE_KINDS,
  sourceKind,
} from '../../loaders/index.js';
import type { ArgsOf } from '../options.js';
import {
  imageOptions,
  textSource,
  topFlag,
  vectorizeOptions,
  withDocumentFields,
  withExamples,
  withImageOptions,
  withReport,
  withSweepOptions,
  withTableFormat,
  withTokens,
} from '../options.js';
import { ruleFlag, COMMAND_RULES } from '../rules.js';
import { loadingReporter, makeUi, sweepReporter } from '../progress.js';
import { commandLine, reportSkipped, seconds, storageFor, WHAT } from '../training.js';
import { VERSION } from '../version.js';

/** The most ranks one sweep tries: each is a fit with restarts. */
const MAX_RANKS = 500;
/** No k can pass this: latent's indices are int32. */
const MAX_K = 2 ** 31 - 1;

/** The ranks of "-k 2..30", "2..30:2", "4,8,16" or "6", in increasing order. */
export function parseRanks(text: string): number[] {
  const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : Number.NaN);
  const bad = () =>
    usageError(
      `-k "${text}": write a range FROM..TO or FROM..TO:STEP (2..30, 4..24:4) or a list (4,8,16), each k ${ruleText(FACTORIZE_OPTIONS.k)}`,
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
        `-k "${text}" asks for ${count.toLocaleString('en')} ranks: a sweep tries at most ${MAX_RANKS} (each is a fit with restarts); give a step (2..200:10) or a list`,
      );
    ks = [];
    for (let k = from; k <= to; k += step) ks.push(k);
  } else ks = text.split(',').map(whole);
  if (ks.length === 0 || ks.some((k) => !(k >= 1))) throw bad();
  if (ks.length > MAX_RANKS)
    throw usageError(
      `-k "${text.slice(0, 40)}${text.length > 40 ? '…' : ''}" lists ${ks.length} ranks: a sweep tries at most ${MAX_RANKS}`,
    );
  const huge = ks.find((k) => !Number.isSafeInteger(k) || k > MAX_K);
  if (huge !== undefined)
    throw usageError(
      `-k "${text}": ${huge.toLocaleString('en', { useGrouping: false })} is past any matrix latent can load (k ≤ min(rows, columns) ≤ ${MAX_K})`,
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
                    'what the other commands take: a text folder, file or - (stdin), a folder of images, or a matrix file',
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
                    'what the source is (default: a matrix file by its name, a folder of images by its files, else text)',
                  group: 'Input:',
                })
                .option('input-format', {
                  choices: INPUT_CHOICES,
                  describe:
                    'text: lines, csv, tsv, jsonl or parquet; matrix: csv, tsv, matrixmarket or uci (default: from the name)',
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

async function load(
  a: ArgumentsCamelCase<RankArgs>,
  kind: string,
  progress: (done: number, total?: number) => void,
): Promise<Dataset> {
  const format = a.inputFormat;
  if (kind === 'matrix') {
    if (format !== undefined && !(MATRIX_FORMATS as readonly string[]).includes(format))
      throw usageError(`--input-format ${format} is a text format: a matrix is one of ${MATRIX_FORMATS.join(', ')}`);
    return loadMatrix(a.source, {
      format: format as MatrixFormat | undefined,
      labels: a.labels,
      header: a.header,
      rowLabels: a.rowLabels,
      missing: a.missing,
      storage: await storageFor(a.device),
    });
  }
  if (a.missing) throw usageError(`--missing is for matrix files: ${a.source} is read as ${kind}`);
  if (kind === 'images')
    return loadImages(a.source, { ...imageOptions(a), storage: await storageFor(a.device) }, { progress });
  if (format !== undefined && !(INPUT_FORMATS as readonly string[]).includes(format))
    throw usageError(
      `--input-format ${format} is a matrix format: text is one of ${INPUT_FORMATS.join(', ')} (or give --kind matrix)`,
    );
  const source = await textSource({ ...a, inputFormat: format as InputFormat | undefined });
  return loadText(source, await vectorizeOptions(a), { progress }, { tokens: true });
}

export const rankCommand: CommandModule<object, RankArgs> = {
  command: 'rank <source>',
  describe: 'choose k: held-out error, stability and coherence for each k, and the k to use',
  builder,
  handler: async (a) => {
    const ui = makeUi(a);
    const ks = parseRanks(a.k);
    const plotAs = a.plot === undefined ? null : extname(a.plot).toLowerCase();
    if (plotAs !== null && plotAs !== '.png' && plotAs !== '.svg')
      throw usageError(`--plot ${a.plot}: name a .png or .svg file`);
    const kind = a.kind ?? (await sourceKind(a.source, a.textColumn ?? a.textField));
    const start = performance.now();
    const loading = loadingReporter(ui.progress);
    const data = await load(a, kind, loading.progress).finally(loading.end);
    reportSkipped(data, ui);
    const { X } = data;
    const [rowsAre, colsAre] = WHAT[data.columns.kind];
    ui.detail(
      `loaded ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}, ${nnz(X)} nonzeros (${X.kind})${data.missing ? `, ${data.missing.rows.length} missing` : ''}, in ${seconds(start).toFixed(2)} s`,
    );
    const rows = stabilityRows(X.rows, a.seed, a.stabilityRows);
    if (rows.length < X.rows)
      ui.note(
        `latent: stability compares a seeded sample of ${rows.length} of the ${X.rows} ${rowsAre} (--stability-rows)`,
      );
    const mask: Mask = {
      holdout: { fraction: a.holdout, seed: a.seed },
      ...(data.missing ? { missing: data.missing } : {}),
    };
    const measured: RankRow[] = [];
    const columns = data.columns;
    const onFit = (r: RankFit) => {
      const npmi =
        columns.kind === 'text' && columns.tokens && X.kind === 'csr'
          ? coherence(r.fit.H, X, columns.tokens, a.top).summary.npmi
          : null;
      const row = rankRow(r, rows, npmi);
      measured.push(row);
      ui.detail(
        `k ${row.k}: held-out error ${row.heldOutError.toPrecision(4)} ± ${row.heldOutSE.toPrecision(2)}, stability ${row.stability.toPrecision(4)}, ${row.seconds.toFixed(2)} s`,
      );
    };
    const progress = sweepReporter(ui.progress);
    let device = '';
    let options: object = {};
    try {
      const fits = await factorizeRanks(X, ks, a, mask, progress.onProgress, onFit);
      device = fits[0].fit.deviceDescription;
      const { k: _k, ...shared } = fits[0].fit.options;
      options = shared;
    } finally {
      progress.end();
    }
    const verdict = rankVerdict(measured);
    const { recommended } = verdict;
    const table = rankTable(measured, recommended);
    const batch = new OutputBatch();
    const title = `Choosing k for ${a.source || 'stdin'}`;
    const svg = rankPlotSvg(measured, recommended, `${title}: ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}`);
    if (a.plot) await batch.write(a.plot, plotAs === '.svg' ? svg : await rankPlotPng(svg));
    if (a.report) {
      const run = {
        command: commandLine(),
        data: { rows: X.rows, cols: X.cols, rowsAre, colsAre },
        device,
        seconds: seconds(start),
        holdout: a.holdout,
        restarts: a.restarts,
        stabilityRows: rows.length,
        options,
        latent: VERSION,
        created: new Date().toISOString(),
      };
      await batch.write(
        a.report,
        reportPage(
          title,
          html`${ks.length} ranks from ${ks[0]} to ${ks[ks.length - 1]} of ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}`,
          rankBody(measured, verdict, RANK_RULE, svg, run),
          null,
        ),
      );
    }
    await batch.commit();
    ui.detail(`swept ${ks.length} ranks × ${a.restarts} restarts on ${device} in ${seconds(start).toFixed(2)} s`);
    if (a.format === 'json') {
      process.stdout.write(
        JSON.stringify(
          {
            command: 'rank',
            rows: X.rows,
            cols: X.cols,
            holdout: a.holdout,
            restarts: a.restarts,
            stabilityRows: rows.length,
            rule: RANK_RULE,
            recommended,
            reason: verdict.reason,
            says: verdict.says,
            lowest: verdict.lowest,
            lowRegion: verdict.lowRegion,
            ranks: measured.map((r) =>
              Object.fromEntries(
                Object.entries(r).map(([key, v]) => [key, typeof v === 'number' && !Number.isFinite(v) ? null : v]),
              ),
            ),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      process.stdout.write(formatTable(table, a.format));
      if (a.format === 'text') process.stdout.write(`\n${verdict.says}\nthe rule: ${RANK_RULE}\n`);
      else ui.note(`latent: ${verdict.says}`);
    }
  },
};
