// The report's charts as inline SVG: the factors' shares as bars, and how alike the factors are (the
// cosine of H's rows) as a heat map. Labels go through `html`, so they are escaped like everything else.
import type { Dense } from '../../core/index.js';
import type { Html } from './html.js';
import { html, num, percent } from './html.js';

/** cos(H_s, H_t) for every pair of rows; 0 where a row is all zero. Sums in float64. */
export function cosineSimilarity(H: Dense): number[][] {
  const k = H.rows,
    n = H.cols;
  const norms = Array.from({ length: k }, (_, t) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += H.data[t * n + j] ** 2;
    return Math.sqrt(s);
  });
  return Array.from({ length: k }, (_, s) =>
    Array.from({ length: k }, (_, t) => {
      if (!(norms[s] > 0 && norms[t] > 0)) return 0;
      let d = 0;
      for (let j = 0; j < n; j++) d += H.data[s * n + j] * H.data[t * n + j];
      return d / (norms[s] * norms[t]);
    }),
  );
}

/** Horizontal bars, one per factor, labelled `name k` and a short description. */
export function sharesChart(shares: number[], name: string, labels: string[]): Html {
  const row = 22,
    width = 640,
    left = 260,
    max = Math.max(...shares, 1e-12);
  const bars = shares.map(
    (s, t) =>
      html`<g transform="translate(0 ${t * row})"><text x="0" y="15" class="label">${name} ${t + 1}${
        labels[t] ? ` · ${labels[t]}` : ''
      }</text><rect x="${left}" y="4" height="14" width="${
        ((width - left - 60) * s) / max
      }" class="share"/><text x="${left + ((width - left - 60) * s) / max + 4}" y="15" class="value">${percent(
        s,
      )}</text></g>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${width} ${shares.length * row + 4}" role="img" aria-label="${
    name
  } shares">${bars}</svg>`;
}

/** The k × k similarity matrix as coloured cells (white 0 → blue 1), its rows and columns in `order`
 *  (the hierarchy's leaves, so that alike factors sit together), the value on hover, and the colour
 *  scale beside it. */
export function similarityChart(
  similarity: number[][],
  name: string,
  order: readonly number[] = similarity.map((_, t) => t),
): Html {
  const k = similarity.length,
    cell = Math.max(8, Math.min(28, Math.floor(480 / Math.max(k, 1)))),
    pad = 28;
  const size = pad + k * cell,
    legend = 56;
  const colour = (v: number) => {
    const shade = Math.round(255 * (1 - Math.max(0, Math.min(1, v))));
    return `rgb(${shade},${shade},255)`;
  };
  const cells = order.flatMap((s, r) =>
    order.map(
      (t, c) =>
        html`<rect x="${pad + c * cell}" y="${pad + r * cell}" width="${cell}" height="${cell}" fill="${colour(
          similarity[s][t],
        )}"><title>${name} ${s + 1} · ${name} ${t + 1}: ${num(similarity[s][t])}</title></rect>`,
    ),
  );
  const ticks = order.map((t, i) =>
    k <= 30 || i % 5 === 4
      ? html`<text x="${pad + i * cell + cell / 2}" y="${pad - 6}" class="tick" text-anchor="middle">${
          t + 1
        }</text><text x="${pad - 4}" y="${pad + i * cell + cell / 2 + 4}" class="tick" text-anchor="end">${
          t + 1
        }</text>`
      : '',
  );
  // the scale: ten steps from 0 to 1, top to bottom
  const steps = Array.from(
    { length: 10 },
    (_, i) =>
      html`<rect x="${size + 14}" y="${pad + (i * k * cell) / 10}" width="12" height="${
        (k * cell) / 10 + 0.5
      }" fill="${colour(1 - (i + 0.5) / 10)}"/>`,
  );
  const scale = html`<g class="scale">${steps}<rect x="${size + 14}" y="${pad}" width="12" height="${
    k * cell
  }" fill="none" stroke="#dde1e7"/><text x="${size + 30}" y="${pad + 9}" class="tick">1</text><text x="${
    size + 30
  }" y="${pad + (k * cell) / 2 + 4}" class="tick">0.5</text><text x="${size + 30}" y="${
    pad + k * cell
  }" class="tick">0</text></g>`;
  return html`<svg class="chart heat" viewBox="0 0 ${size + legend} ${size}" width="${size + legend}" height="${
    size
  }" role="img" aria-label="similarity of the ${name}s">${ticks}${cells}${scale}</svg>`;
}
