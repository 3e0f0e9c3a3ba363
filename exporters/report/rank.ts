// The report of a rank sweep: the plot of the measures against k, the recommendation with its rule, the
// table, and how the sweep ran (it has no single fit, so this section stands in for the run record).
import type { RankRow, RankVerdict } from '../../evaluate/index.js';
import type { Html } from './html.js';
import { html, num, trusted } from './html.js';

/** How a sweep ran, for its report. */
export interface SweepRecord {
  command: string;
  data: { rows: number; cols: number; rowsAre: string; colsAre: string };
  device: string;
  seconds: number;
  holdout: number;
  restarts: number;
  /** Rows stability compared (all, or a sample). */
  stabilityRows: number;
  options: object;
  latent: string;
  created: string;
}

/** The sweep table's first headings, fixed markup. */
const MEASURE_HEADINGS = trusted(
  '<th>k</th><th>training error</th><th>held-out error ± SE</th><th>nonzeros</th><th>zeros</th><th>stability</th>',
);
/** Its last headings, after the coherence column where there is one. */
const RUN_HEADINGS = trusted('<th>iterations</th><th>seconds</th>');

/** `svg` is rankPlotSvg's drawing (made by latent, its text escaped there). */
export function rankBody(
  rows: readonly RankRow[],
  verdict: RankVerdict,
  rule: string,
  svg: string,
  run: SweepRecord,
): Html {
  const { recommended } = verdict;
  const text = rows.some((r) => r.coherence !== null);
  const line = (r: RankRow) =>
    html`<tr${r.k === recommended ? trusted(' class="best"') : ''}><td>${r.k}${
      r.k === recommended ? ' (recommended)' : ''
    }</td><td>${num(r.trainingError, 4)}</td><td>${num(r.heldOutError, 4)} ± ${num(r.heldOutSE, 2)}</td><td>${num(
      r.heldOutNonzeroError,
      4,
    )}</td><td>${num(r.heldOutZeroError, 4)}</td><td>${num(r.stability, 4)}</td>${
      text ? html`<td>${num(r.coherence, 4)}</td>` : ''
    }<td>${num(r.iterations)}</td><td>${num(r.seconds)}</td></tr>`;
  const options = Object.entries(run.options).map(
    ([name, value]) => html`<tr><td class="mono">${name}</td><td class="mono">${JSON.stringify(value)}</td></tr>`,
  );
  return html`<section id="choice"><h2>${
    recommended === null ? 'No k recommended' : html`Recommended: k = ${recommended}`
  }</h2>
<p class="verdict">${verdict.says}.</p>
<p>The rule: ${
    rule
  }. Held-out errors over the held-out nonzeros and zeros apart are in the table; the trivial model's is ${num(
    rows.find((r) => Number.isFinite(r.trivialError))?.trivialError ?? Number.NaN,
    4,
  )}.</p>
<figure class="plot">${trusted(
    svg.replace(/^<svg /, '<svg class="chart" role="img" aria-label="measures against k" '),
  )}</figure>
<table><tr>${MEASURE_HEADINGS}${text ? html`<th>NPMI</th>` : ''}${RUN_HEADINGS}</tr>${rows.map(line)}</table>
</section>
<section id="run"><h2>The sweep</h2>
<p><code>${run.command}</code></p>
<p>${run.data.rows} ${run.data.rowsAre} × ${run.data.cols} ${run.data.colsAre}; ${rows.length} ranks × ${
    run.restarts
  } restarts with ${num(100 * run.holdout)} % of the entries held out; stability over ${run.stabilityRows} rows; on ${
    run.device
  } in ${num(run.seconds)} s. latent ${run.latent}, ${run.created}.</p>
<details><summary>Options</summary><table>${options}</table></details>
</section>`;
}
