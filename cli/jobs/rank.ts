// The rank job: each k fitted with restarts on X with a held-out share masked; training and held-out
// error, stability and (for text) coherence per k, with the k the rule recommends.
import { extname } from 'node:path';
import type { FactorizeOptions, Mask, RankFit } from '../../core/index.js';
import { nnz, shapeOf, sweepRanks, usageError } from '../../core/index.js';
import type { RankRow, RankVerdict } from '../../evaluate/index.js';
import { RANK_RULE, rankRow, rankVerdict, stabilityRows } from '../../evaluate/index.js';
import type { TableFormat } from '../../exporters/index.js';
import {
  coherence,
  formatTable,
  html,
  rankBody,
  rankPlotPng,
  rankPlotSvg,
  rankTable,
  reportPage,
} from '../../exporters/index.js';
import type { CorpusEstimate, Dataset, SourceKind } from '../../loaders/index.js';
import { sourceKind } from '../../loaders/index.js';
import type { SourceOptions } from '../load-source.js';
import { loadSource } from '../load-source.js';
import type { SweepPlan } from '../memory-plan.js';
import { checkSweep, estimatedShape, memoryLimit } from '../memory-plan.js';
import type { Ui } from '../progress.js';
import { loadingReporter, sweepReporter } from '../progress.js';
import { commandLine, reportSkipped, seconds, AXIS_NAMES } from '../training.js';
import { VERSION } from '../version.js';
import type { JobMessage, JobResult } from './job.js';
import { JobFiles } from './job.js';

export type RankOptions = SourceOptions &
  Omit<FactorizeOptions, 'k' | 'seed' | 'restarts'> & {
    seed: number;
    restarts: number;
    /** The ranks to try, in increasing order. */
    ks: number[];
    kind?: SourceKind;
    holdout: number;
    stabilityRows: number;
    top: number;
    plot?: string;
    format: TableFormat;
    report?: string;
    maxMemory?: string;
  };

/** What the sweep measured, for the files and the document. */
interface Swept {
  data: Dataset;
  measured: RankRow[];
  verdict: RankVerdict;
  /** The rows stability compared. */
  rows: Int32Array;
  device: string;
  /** The options every k shared. */
  options: object;
}

/** Each k fitted, measured as it ends. */
async function sweep(o: RankOptions, data: Dataset, ui: Ui): Promise<Swept> {
  const { X } = data;
  const rows = stabilityRows(X.rows, o.seed, o.stabilityRows);
  if (rows.length < X.rows)
    ui.note(
      `latent: stability compares a seeded sample of ${rows.length} of the ${X.rows} ` +
        `${AXIS_NAMES[data.columns.kind][0]} (--stability-rows)`,
    );
  const mask: Mask = {
    holdout: { fraction: o.holdout, seed: o.seed },
    ...(data.missing ? { missing: data.missing } : {}),
  };
  const measured: RankRow[] = [];
  const columns = data.columns;
  const onFit = (r: RankFit) => {
    const npmi =
      columns.kind === 'text' && columns.tokens && X.kind === 'csr'
        ? coherence(r.fit.H, X, columns.tokens, o.top).summary.npmi
        : null;
    const row = rankRow(r, rows, npmi);
    measured.push(row);
    ui.detail(
      `k ${row.k}: held-out error ${row.heldOutError.toPrecision(4)} ± ${row.heldOutSE.toPrecision(2)}, ` +
        `stability ${row.stability.toPrecision(4)}, ${row.seconds.toFixed(2)} s`,
    );
  };
  const progress = sweepReporter(ui.progress);
  let device = '';
  let options: object = {};
  try {
    await sweepRanks(X, o.ks, o, {
      mask,
      onProgress: progress.onProgress,
      onFit: (r) => {
        if (!device) {
          device = r.fit.deviceDescription;
          const { k: _k, ...shared } = r.fit.options;
          options = shared;
        }
        onFit(r);
      },
    });
  } finally {
    progress.end();
  }
  return { data, measured, verdict: rankVerdict(measured), rows, device, options };
}

async function report(o: RankOptions, s: Swept, title: string, svg: string, start: number): Promise<string> {
  const { X } = s.data;
  const [rowsAre, colsAre] = AXIS_NAMES[s.data.columns.kind];
  const run = {
    command: commandLine(),
    data: { rows: X.rows, cols: X.cols, rowsAre, colsAre },
    device: s.device,
    seconds: seconds(start),
    holdout: o.holdout,
    restarts: o.restarts,
    stabilityRows: s.rows.length,
    options: s.options,
    latent: VERSION,
    created: new Date().toISOString(),
  };
  const ranks = `${o.ks.length} ranks from ${o.ks[0]} to ${o.ks[o.ks.length - 1]}`;
  return reportPage(
    title,
    html`${ranks} of ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}`,
    rankBody(s.measured, s.verdict, RANK_RULE, svg, run),
    null,
  );
}

function document(o: RankOptions, s: Swept): string {
  const { verdict } = s;
  if (o.format !== 'json') {
    const table = formatTable(rankTable(s.measured, verdict.recommended), o.format);
    return o.format === 'text' ? `${table}\n${verdict.says}\nthe rule: ${RANK_RULE}\n` : table;
  }
  return (
    JSON.stringify(
      {
        command: 'rank',
        rows: s.data.X.rows,
        cols: s.data.X.cols,
        holdout: o.holdout,
        restarts: o.restarts,
        stabilityRows: s.rows.length,
        rule: RANK_RULE,
        recommended: verdict.recommended,
        reason: verdict.reason,
        says: verdict.says,
        lowest: verdict.lowest,
        lowRegion: verdict.lowRegion,
        unconverged: verdict.unconverged,
        ranks: s.measured.map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([key, v]) => [key, typeof v === 'number' && !Number.isFinite(v) ? null : v]),
          ),
        ),
      },
      null,
      2,
    ) + '\n'
  );
}

/** The sweep's plan for the memory check; `data` once loaded, else a corpus's estimate. */
function sweepPlan(o: RankOptions, shape: Pick<SweepPlan, 'X' | 'estimate' | 'tokens' | 'documents'>): SweepPlan {
  return {
    ...shape,
    k: o.ks[o.ks.length - 1],
    restarts: o.restarts,
    holdout: o.holdout,
    kernels: o.device === 'auto' || o.device === 'webasm',
  };
}

export async function rankJob(o: RankOptions, ui: Ui): Promise<JobResult> {
  const plotAs = o.plot === undefined ? null : extname(o.plot).toLowerCase();
  if (plotAs !== null && plotAs !== '.png' && plotAs !== '.svg')
    throw usageError(`--plot ${o.plot}: name a .png or .svg file`);
  const kind = o.kind ?? (await sourceKind(o.source, o.textColumn ?? o.textField));
  const start = performance.now();
  const name = o.source || 'stdin',
    limit = memoryLimit(o.maxMemory);
  const estimated = (e: CorpusEstimate) =>
    checkSweep(name, sweepPlan(o, { X: estimatedShape(e), estimate: e, tokens: e.tokens, documents: true }), limit);
  const loading = loadingReporter(ui.progress);
  const data = await loadSource(o, kind, loading.progress, estimated).finally(loading.end);
  reportSkipped(data, ui);
  const { X } = data;
  const tokens = data.columns.kind === 'text' ? (data.columns.tokens?.ids.length ?? 0) : 0;
  checkSweep(name, sweepPlan(o, { X: shapeOf(X), tokens, documents: kind === 'text' }), limit);
  const [rowsAre, colsAre] = AXIS_NAMES[data.columns.kind];
  ui.detail(
    `loaded ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}, ${nnz(X)} nonzeros (${X.kind})` +
      `${data.missing ? `, ${data.missing.rows.length} missing` : ''}, in ${seconds(start).toFixed(2)} s`,
  );
  const swept = await sweep(o, data, ui);
  const files = new JobFiles();
  const title = `Choosing k for ${o.source || 'stdin'}`;
  const svg = rankPlotSvg(
    swept.measured,
    swept.verdict.recommended,
    `${title}: ${X.rows} ${rowsAre} × ${X.cols} ${colsAre}`,
  );
  if (o.plot) await files.write(o.plot, plotAs === '.svg' ? svg : await rankPlotPng(svg));
  if (o.report) await files.write(o.report, await report(o, swept, title, svg, start));
  const messages: JobMessage[] = [
    {
      text: `swept ${o.ks.length} ranks × ${o.restarts} restarts on ${swept.device} in ${seconds(start).toFixed(2)} s`,
      verbose: true,
    },
  ];
  if (o.format !== 'json' && o.format !== 'text') messages.push({ text: `latent: ${swept.verdict.says}` });
  return { files: files.list, document: document(o, swept), messages };
}
