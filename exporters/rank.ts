// A rank sweep for people: the table of measures per k, and a plot of them against k with the
// recommended k marked, drawn as SVG (sharp rasterizes it for .png: no plotting library needed).
import sharp from 'sharp';
import type { RankRow } from '../evaluate/index.js';
import { escapeHtml, num } from './report/html.js';
import type { Table } from './tables.js';

/** The sweep as a table: one row per k, `recommended` marked; a measure a k lacks is an empty cell. */
export function rankTable(rows: readonly RankRow[], recommended: number | null): Table {
  const text = rows.some((r) => r.coherence !== null);
  const value = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : v);
  return {
    columns: [
      'k',
      'training_error',
      'heldout_error',
      'heldout_se',
      'stability',
      ...(text ? ['npmi'] : []),
      'iterations',
      'seconds',
      'recommended',
    ],
    rows: rows.map((r) => [
      r.k,
      value(r.trainingError),
      value(r.heldOutError),
      value(r.heldOutSE),
      value(r.stability),
      ...(text ? [value(r.coherence)] : []),
      value(r.iterations),
      value(r.seconds),
      r.k === recommended ? 'yes' : '',
    ]),
  };
}

/** A curve of one panel: its values per row, its name and colour. */
interface Curve {
  name: string;
  color: string;
  values: (number | null)[];
  dashed?: boolean;
}

const WIDTH = 760,
  PANEL = 190,
  TOP = 58,
  LEFT = 74,
  RIGHT = 24,
  GAP = 50,
  BOTTOM = 44;

/** About five round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / 5,
    p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1] < hi) out.push(out[out.length - 1] + step);
  return out;
}

/** The plot as an SVG document: errors, stability and (for text) coherence, one panel each, k across. */
export function rankPlotSvg(rows: readonly RankRow[], recommended: number | null, title: string): string {
  const ks = rows.map((r) => r.k);
  const panels: { label: string; curves: Curve[] }[] = [
    {
      label: 'error',
      curves: [
        { name: 'held-out error', color: '#c0392b', values: rows.map((r) => r.heldOutError) },
        { name: 'training error', color: '#2c6fbb', values: rows.map((r) => r.trainingError), dashed: true },
      ],
    },
    {
      label: 'stability (cophenetic)',
      curves: [{ name: 'stability', color: '#1e8449', values: rows.map((r) => r.stability) }],
    },
  ];
  if (rows.some((r) => r.coherence !== null))
    panels.push({
      label: 'coherence (NPMI)',
      curves: [{ name: 'mean NPMI', color: '#8e44ad', values: rows.map((r) => r.coherence) }],
    });
  const height = TOP + panels.length * (PANEL + GAP) - GAP + BOTTOM;
  const kMin = Math.min(...ks),
    kMax = Math.max(...ks);
  const x = (k: number) => LEFT + (kMax === kMin ? 0.5 : (k - kMin) / (kMax - kMin)) * (WIDTH - LEFT - RIGHT);
  const kTicks = ks.length <= 16 ? ks : ticks(kMin, kMax).filter((k) => k >= kMin && k <= kMax);
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${escapeHtml(title)}</text>`,
  ];
  panels.forEach((panel, p) => {
    const y0 = TOP + p * (PANEL + GAP),
      y1 = y0 + PANEL;
    const finite = panel.curves.flatMap((c) => c.values.filter((v): v is number => v !== null && Number.isFinite(v)));
    const t = finite.length ? ticks(Math.min(...finite), Math.max(...finite)) : [0, 1];
    const lo = t[0],
      hi = t[t.length - 1];
    const y = (v: number) => y1 - ((v - lo) / (hi - lo)) * PANEL;
    parts.push(
      `<rect x="${LEFT}" y="${y0}" width="${WIDTH - LEFT - RIGHT}" height="${PANEL}" fill="none" stroke="#888"/>`,
    );
    for (const v of t) {
      parts.push(
        `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
        `<text x="${LEFT - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${num(v, 4)}</text>`,
      );
    }
    for (const k of kTicks)
      parts.push(`<text x="${x(k)}" y="${y1 + 15}" font-size="11" text-anchor="middle">${k}</text>`);
    parts.push(
      `<text x="14" y="${(y0 + y1) / 2}" font-size="12" text-anchor="middle" ` +
        `transform="rotate(-90 14 ${(y0 + y1) / 2})">${escapeHtml(panel.label)}</text>`,
    );
    if (recommended !== null) {
      parts.push(
        `<line x1="${x(recommended)}" x2="${x(recommended)}" y1="${y0}" y2="${y1}" stroke="#333" ` +
          `stroke-dasharray="5 4"/>`,
      );
      // the label on the side of the line with room for it
      const right = x(recommended) < WIDTH - RIGHT - 150;
      if (p === 0)
        parts.push(
          `<text x="${x(recommended) + (right ? 5 : -5)}" y="${y1 - 8}" font-size="12" ` +
            `text-anchor="${right ? 'start' : 'end'}">k = ${recommended} recommended</text>`,
        );
    }
    // the legend above the panel, one entry after another
    let lx = LEFT;
    panel.curves.forEach((c) => {
      const points = c.values.flatMap((v, r) => (v !== null && Number.isFinite(v) ? [[x(ks[r]), y(v)]] : []));
      if (points.length > 1)
        parts.push(
          `<polyline fill="none" ` +
            `stroke="${c.color}" stroke-width="2"` +
            `${c.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points
              .map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`)
              .join(' ')}"/>`,
        );
      for (const [a, b] of points)
        parts.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3.5" fill="${c.color}"/>`);
      const ly = y0 - 8;
      parts.push(
        `<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="` +
          `${c.color}" stroke-width="2"${c.dashed ? ' stroke-dasharray="6 3"' : ''}/>`,
        `<text x="${lx + 26}" y="${ly}" font-size="12">${escapeHtml(c.name)}</text>`,
      );
      lx += 40 + 7 * c.name.length;
    });
  });
  parts.push(
    `<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${height - 8}" font-size="13" ` +
      `text-anchor="middle">k (number of factors)</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ` +
    `${WIDTH} ${height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">\n${parts.join('\n')}\n</svg>\n`
  );
}

/** The plot as a PNG (sharp rasterizes the SVG at twice its size, for sharp lines on any screen). */
export function rankPlotPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
}
