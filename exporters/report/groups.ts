// The report's per-class and per-period views: each group's topic mix as one stacked bar (share within
// the group), and small multiples, one per topic, of its share in each group (over time for periods).
import type { GroupTable } from '../../evaluate/index.js';
import type { Html } from './html.js';
import { html, percent } from './html.js';
import { topicColour } from './maps.js';

/** One bar per group, its topics' shares within it side by side in the topics' colours. */
function stackedChart(table: GroupTable, labels: readonly string[]): Html {
  const row = 22,
    left = 200,
    width = 680,
    span = width - left - 70;
  const bars = table.groups.map((g, r) => {
    let x = left;
    const parts = g.topics.map((p) => {
      const w = span * p.shareInGroup;
      const part = html`<rect x="${x.toFixed(2)}" y="4" width="${w.toFixed(2)}" height="14" fill="${topicColour(
        p.topic - 1,
        g.topics.length,
      )}"><title>${g.name} · topic ${p.topic} (${labels[p.topic - 1]}): ${percent(
        p.shareInGroup,
      )} of the group, ${percent(p.share)} of all</title></rect>`;
      x += w;
      return part;
    });
    return html`<g transform="translate(0 ${r * row})" class="group-bar"><text x="0" y="15" class="label">${
      g.name
    }</text>${parts}<text x="${left + span + 6}" y="15" class="value">${g.documents} docs</text></g>`;
  });
  return html`<svg class="chart stacked" viewBox="0 0 ${width} ${
    table.groups.length * row + 4
  }" role="img" aria-label="topic mix per ${table.by}">${bars}</svg>`;
}

/** Per topic, a small chart of its share within each group, the groups in their order. */
function smallMultiples(table: GroupTable, labels: readonly string[]): Html {
  const k = table.groups[0]?.topics.length ?? 0,
    width = 200,
    height = 70,
    n = table.groups.length;
  const charts = Array.from({ length: k }, (_, t) => {
    const values = table.groups.map((g) => g.topics[t].shareInGroup);
    const top = Math.max(...values, 1e-12),
      step = width / Math.max(n, 1);
    const bars = values.map(
      (v, i) =>
        html`<rect x="${(i * step + 1).toFixed(1)}" y="${(height - (height - 14) * (v / top)).toFixed(
          1,
        )}" width="${Math.max(1, step - 2).toFixed(
          1,
        )}" height="${((height - 14) * (v / top)).toFixed(1)}" fill="${topicColour(t, k)}"><title>${
          table.groups[i].name
        }: ${percent(v)}</title></rect>`,
    );
    return html`<figure class="multiple"><figcaption>Topic ${t + 1} · ${labels[t]} <span class="muted">(max ${percent(
      top,
    )})</span></figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${
      height
    }" role="img" aria-label="topic ${t + 1} per ${table.by}">${bars}</svg></figure>`;
  });
  return html`<div class="multiples">${charts}</div>`;
}

/** A section per label column: the stacked mix and the small multiples. */
export function groupsSection(tables: readonly GroupTable[], labels: readonly string[]): Html {
  return html`${tables.map(
    (t) => html`<section id="by-${t.by}" class="groups"><h2>${t.by === 'class' ? 'Per class' : 'Over time'}: “${
      t.column
    }”</h2>
<figure><h3>Each ${t.by}'s topic mix (share within it)</h3>${stackedChart(t, labels)}</figure>
<h3>Each topic's share per ${t.by}</h3>${smallMultiples(t, labels)}</section>`,
  )}`;
}
