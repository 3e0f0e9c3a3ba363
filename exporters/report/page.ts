// The page every report is: one self-contained HTML file (styles, script, PNGs as data URLs, charts as
// inline SVG) that opens from disk, asks the network for nothing (its Content-Security-Policy forbids it,
// and allows only its own script, by hash) and prints sensibly; and the run's record, what someone needs
// to reproduce it.
import { createHash } from 'node:crypto';
import type { RunReport } from '../../core/index.js';
import type { Html } from './html.js';
import { html, num, trusted } from './html.js';

/** What a report says about the run that made it. */
export interface RunRecord {
  /** The command line, as typed. */
  command: string;
  /** The resolved options. */
  options: object;
  objective: number;
  iterations: number;
  converged: boolean;
  device: string;
  /** Seconds of the fit; absent for a saved model. */
  seconds?: number;
  restarts: RunReport[];
  /** 0-based index of the winning run. */
  best: number;
  /** X: rows × columns, stored entries, and what rows and columns are. */
  data: { rows: number; cols: number; nonzeros?: number; rowsAre: string; colsAre: string };
  /** latent's version and when. */
  latent: string;
  created: string;
}

const STYLE =
  `
:root { --ink: #1d2330; --muted: #667085; --bar: #3b6fd8; --card: #f6f7f9; --line: #dde1e7; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: ` +
  `0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; } h3 { ` +
  `font-size: 15px; margin: 0 0 8px; }
.muted { color: var(--muted); } code, .mono { font-family: ui-monospace, Menlo, Consolas, ` +
  `monospace; font-size: 12.5px; }
.controls { display: flex; gap: 12px; align-items: center; margin: 8px 0 14px; }
.controls input, .controls select { font: inherit; padding: 4px 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px ` +
  `14px; break-inside: avoid; }
.card.hidden { display: none; }
.words { list-style: none; margin: 0; padding: 0; }
.words li { display: grid; grid-template-columns: 9em 1fr 4em; gap: 8px; align-items: center; margin: 2px 0; }
.words .word { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.words .track { display: block; background: #e4e8ef; height: 10px; border-radius: 3px; }
.words .bar { display: block; background: var(--bar); height: 10px; border-radius: 3px; }
.words .weight { text-align: right; color: var(--muted); font-size: 12px; }
.docs { margin: 10px 0 0; padding-left: 18px; font-size: 12.5px; } .docs li { margin: 3px 0; }
.chart { width: 100%; max-width: 680px; } .chart .label, .chart .value, .chart .tick { font-size: ` +
  `11px; fill: var(--ink); } .chart .share { fill: var(--bar); }
.chart.heat { width: auto; max-width: 100%; height: auto; }
.chart.map { width: auto; max-width: 100%; height: auto; } .chart.dendrogram .label { font-size: 10px; }
.multiples { display: flex; flex-wrap: wrap; gap: 10px 18px; } .multiple { margin: 0; } .multiple ` +
  `figcaption { font-size: 12px; }
.multiple svg { background: #f6f7f9; border-bottom: 1px solid var(--line); }
.overview { display: grid; grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr); gap: 28px; align-items: start; }
@media (max-width: 800px) { .overview { grid-template-columns: 1fr; } }
.pixels { image-rendering: pixelated; border: 1px solid var(--line); background: #000; }
.strip { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 8px; }
table { border-collapse: collapse; font-size: 12.5px; } td, th { border-bottom: 1px solid ` +
  `var(--line); padding: 3px 10px 3px 0; text-align: left; }
details { margin: 6px 0; }
figure { margin: 0; }
@media print { .controls { display: none; } body { max-width: none; padding: 0; } .card { page-break-inside: avoid; } }
`;

/** Filter cards by text and sort them by a data attribute: the page's only script. */
const SCRIPT =
  `
document.addEventListener('DOMContentLoaded', () => {
  const cards = document.querySelector('.cards');
  const filter = document.getElementById('filter');
  const order = document.getElementById('order');
  if (!cards) return;
  if (filter) filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const c of cards.children) c.classList.toggle('hidden', q !== '' && !c.textContent.toLowerCase().includes(q));
  });
  if (order) order.addEventListener('change', () => {
    const key = order.value;
    const value = (c) => { const v = c.dataset[key]; return v === undefined || v === '' ? -Infinity : Number(v); };
    const sorted = [...cards.children].sort((a, b) => key === 'number' ? value(a) - value(b) : value(b) - value(a));
    for (const c of sorted) cards.appendChild(c);
  });
  // pyLDAvis' relevance: each card's words re-ranked by λ·log φ + (1 − λ)·log lift from its candidates
  const lambda = document.getElementById('lambda');
  if (lambda) lambda.addEventListener('input', () => {
    const l = Number(lambda.value);
    document.getElementById('lambda-value').textContent = l.toFixed(1);
    for (const c of cards.children) {
      const list = c.querySelector('.words');
      if (!list || !c.dataset.relevance) continue;
      const words = JSON.parse(c.dataset.relevance).map(([word, logPhi, logLift, weight]) => ({ ` +
  `word, weight, score: l * logPhi + (1 - l) * logLift }))
        .sort((a, b) => b.score - a.score).slice(0, Number(c.dataset.top));
      const max = Math.max(...words.map((w) => w.weight), 1e-30);
      list.replaceChildren(...words.map((w) => {
        const li = document.createElement('li'), name = document.createElement('span'), track = ` +
  `document.createElement('span'), bar = document.createElement('span'), value = document.createElement('span');
        name.className = 'word'; name.title = w.word; name.textContent = w.word;
        track.className = 'track'; bar.className = 'bar'; bar.style.width = (100 * w.weight / ` +
  `max).toFixed(2) + '%'; bar.dataset.weight = String(w.weight);
        value.className = 'weight'; value.textContent = String(Number(w.weight.toPrecision(3)));
        track.appendChild(bar); li.append(name, track, value);
        return li;
      }));
    }
  });
});
`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');
const POLICY = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'`;

/** The run's record: the command, the data's shape, the objective, every restart and every option. */
function runSection(run: RunRecord): Html {
  const restarts = run.restarts.map(
    (r, i) =>
      html`<tr${i === run.best ? trusted(' class="best"') : ''}><td>${i + 1}${
        i === run.best ? ' (best)' : ''
      }</td><td>${r.seed}</td><td>${num(r.objective, 6)}</td><td>${r.iterations}</td><td>${
        r.converged ? 'yes' : 'no'
      }</td><td>${num(r.seconds)}</td></tr>`,
  );
  const options = Object.entries(run.options).map(
    ([name, value]) => html`<tr><td class="mono">${name}</td><td class="mono">${JSON.stringify(value)}</td></tr>`,
  );
  return html`<section id="run"><h2>The run</h2>
<p><code>${run.command}</code></p>
<p>${run.data.rows} ${run.data.rowsAre} × ${run.data.cols} ${run.data.colsAre}${
    run.data.nonzeros === undefined ? '' : `, ${run.data.nonzeros} nonzeros`
  }. F = ${num(run.objective, 6)} after ${run.iterations} iterations (${
    run.converged ? 'converged' : 'not converged'
  }) on ${run.device}${run.seconds === undefined ? '' : ` in ${num(run.seconds)} s`}. latent ${run.latent}, ${
    run.created
  }.</p>
<details><summary>Restarts (${
    run.restarts.length
  })</summary><table><tr><th>run</th><th>seed</th><th>F</th><th>iterations</th><th>converged</th><th>seconds</th></tr>${
    restarts
  }</table></details>
<details><summary>Options</summary><table>${options}</table></details>
</section>`;
}

/** A whole report page; `run` null when the body records the run itself (a rank sweep). */
export function reportPage(title: string, summary: Html, body: Html, run: RunRecord | null): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
<script>${trusted(SCRIPT)}</script>
</head><body>
<header><h1>${title}</h1><p class="muted">${summary}</p></header>
${body}
${run ? runSection(run) : ''}
</body></html>
`.text;
}
