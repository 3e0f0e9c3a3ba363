// The report's views of how the topics relate, as pyLDAvis and BERTopic users know them: the intertopic
// distance map (classical MDS of Jensen–Shannon distances, circles sized by share, top words on hover),
// the topics' hierarchy (the joins `merge --reduce-to` would make, as a dendrogram), and the heat map
// of their cosines ordered by that hierarchy with its colour scale. Inline SVG; labels escaped by `html`.
import type { Join } from '../../evaluate/index.js';
import type { Html } from './html.js';
import { html, num, percent } from './html.js';

/** A colour per topic: hues evenly around the wheel. */
export const topicColour = (t: number, k: number): string => `hsl(${Math.round((360 * t) / Math.max(k, 1))} 62% 52%)`;

/** The distance map: topic t at coords[t], its circle's area in proportion to its share. */
export function distanceMapChart(
  coords: readonly [number, number][],
  shares: readonly number[],
  labels: readonly string[],
  name: string,
): Html {
  const size = 420,
    pad = 40,
    k = coords.length;
  const xs = coords.map((c) => c[0]),
    ys = coords.map((c) => c[1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-12);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2,
    cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const at = (v: number, c: number) => size / 2 + ((v - c) / span) * (size - 2 * pad);
  const biggest = Math.max(...shares, 1e-12);
  const circles = coords.map(([x, y], t) => {
    const r = 6 + 30 * Math.sqrt(shares[t] / biggest);
    return html`<g class="topic-dot" data-topic="${t + 1}"><circle cx="${at(x, cx).toFixed(1)}" cy="${at(y, cy).toFixed(
      1,
    )}" r="${r.toFixed(1)}" fill="${topicColour(t, k)}" fill-opacity="0.45" stroke="${topicColour(t, k)}"><title>${
      name
    } ${t + 1} · ${percent(shares[t])} · ${labels[t]}</title></circle><text x="${at(x, cx).toFixed(1)}" y="${(
      at(y, cy) + 4
    ).toFixed(1)}" class="tick" text-anchor="middle">${t + 1}</text></g>`;
  });
  return html`<svg class="chart map" viewBox="0 0 ${size} ${size}" width="${size}" height="${
    size
  }" role="img" aria-label="intertopic distance map"><rect x="0.5" y="0.5" width="${size - 1}" height="${
    size - 1
  }" fill="none" stroke="#dde1e7"/><line x1="${size / 2}" y1="8" x2="${size / 2}" y2="${
    size - 8
  }" stroke="#eef0f3"/><line x1="8" y1="${size / 2}" x2="${size - 8}" y2="${size / 2}" stroke="#eef0f3"/>${
    circles
  }<text x="${size - 8}" y="${
    size - 10
  }" class="tick" text-anchor="end">PC1 →</text><text x="10" y="16" class="tick">↑ PC2</text></svg>`;
}

/** The hierarchy as a dendrogram: leaves down the left in `order`, each join an elbow at its height
 *  (1 − cosine; shown never below the joins beneath it, so the drawing reads bottom up). */
export function dendrogramChart(
  joins: readonly Join[],
  order: readonly number[],
  labels: readonly string[],
  name: string,
): Html {
  const row = 20,
    left = 240,
    width = 640,
    k = order.length;
  // the axis runs from a little below the lowest join to the highest: topics are seldom alike, and an
  // axis from 0 would crowd every join at its right end
  const heights = joins.map((j) => j.height);
  const top = Math.max(...heights, 1e-12),
    floor = Math.min(...heights) * 0.9;
  const x = (h: number) => left + ((width - left - 20) * Math.max(0, h - floor)) / Math.max(top - floor, 1e-12);
  const place = new Map<string, { y: number; h: number }>();
  const key = (c: readonly number[]) => [...c].sort((a, b) => a - b).join(',');
  order.forEach((t, i) => place.set(String(t), { y: i * row + row / 2, h: 0 }));
  const lines: Html[] = [];
  for (const j of joins) {
    const a = place.get(key(j.a))!,
      b = place.get(key(j.b))!;
    const h = Math.max(j.height, a.h, b.h);
    lines.push(
      html`<path d="M${x(a.h).toFixed(1)} ${a.y}H${x(h).toFixed(1)}V${b.y}H${x(b.h).toFixed(
        1,
      )}" fill="none" stroke="#3b6fd8"><title>${j.a.map((t) => t + 1).join('+')} with ${j.b
        .map((t) => t + 1)
        .join('+')}: cosine ${num(1 - j.height)}</title></path>`,
    );
    place.set(key([...j.a, ...j.b]), { y: (a.y + b.y) / 2, h });
  }
  const leaves = order.map(
    (t, i) =>
      html`<text x="${left - 6}" y="${i * row + row / 2 + 4}" class="label" text-anchor="end">${name} ${t + 1} · ${
        labels[t]
      }</text>`,
  );
  return html`<svg class="chart dendrogram" viewBox="0 0 ${width} ${
    k * row + 24
  }" role="img" aria-label="hierarchy of the ${name}s">${leaves}${lines}<text x="${left}" y="${
    k * row + 18
  }" class="tick">${num(floor)}</text><text x="${width - 20}" y="${
    k * row + 18
  }" class="tick" text-anchor="end">1 − cosine ${num(top)}</text></svg>`;
}
