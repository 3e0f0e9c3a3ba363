// Topics per class and per period (BERTopic's topics_per_class and topics_over_time, from an NMF):
// each group's part of every topic and each group's own words for it.
// - share: the group's part of the topic's reconstructed mass, Σ_{d∈g} W_dt·|H_t| / Σ WH (|H_t| the row
//   sum), so that a topic's shares over all groups add up to its share in `topics`;
// - share in group: the same mass over the group's own, Σ_{d∈g} W_dt·|H_t| / Σ_{d∈g} Σ_t W_dt·|H_t|
//   (a group's topic mix, summing to 1 over topics);
// - documents: the group's documents whose heaviest topic it is;
// - words: the group's documents' term weights, each X_dj split among topics as the fit splits it,
//   X_dj·W_dt·H_tj / (WH)_dj, summed over the group: the topic as this group writes about it.
import type { Csr, Dense } from '../core/index.js';
import type { DocumentLabels } from '../loaders/index.js';
import type { TimeBins } from './periods.js';
import { periodsOf } from './periods.js';

export interface GroupWord { word: string; weight: number }
export interface GroupTopic { topic: number; documents: number; share: number; shareInGroup: number; words: GroupWord[] }
export interface Group { name: string; documents: number; topics: GroupTopic[] }

/** The groups in `order` (a name each), `groupOf[d]` row d's group; `top` words per topic and group. */
export function topicsByGroup(W: Dense, H: Dense, X: Csr, terms: readonly string[], groupOf: readonly string[], order: readonly string[], top: number): Group[] {
  const k = W.cols, V = H.cols;
  const size = new Float64Array(k);
  for (let t = 0; t < k; t++) for (let j = 0; j < V; j++) size[t] += H.data[t * V + j];
  const index = new Map(order.map((name, g) => [name, g]));
  const rowsOf: number[][] = order.map(() => []);
  let total = 0;
  for (let d = 0; d < W.rows; d++) {
    const g = index.get(groupOf[d]);
    if (g === undefined) throw new Error(`row ${d}'s group "${groupOf[d]}" is not in the order given`);
    rowsOf[g].push(d);
    for (let t = 0; t < k; t++) total += W.data[d * k + t] * size[t];
  }
  // one topics × terms buffer, reused group by group; only the columns a group touches are read and cleared
  const words = new Float64Array(k * V), touched = new Uint8Array(V);
  return order.map((name, g) => {
    const mass = new Float64Array(k), heaviest = new Float64Array(k);
    const columns: number[] = [];
    for (const d of rowsOf[g]) {
      let best = -1, bestMass = 0;
      for (let t = 0; t < k; t++) {
        const m = W.data[d * k + t] * size[t];
        mass[t] += m;
        if (m > bestMass) { bestMass = m; best = t; }
      }
      if (best >= 0) heaviest[best]++;
      for (let q = X.indptr[d]; q < X.indptr[d + 1]; q++) {
        const j = X.indices[q], x = X.data[q];
        let wh = 0;
        for (let t = 0; t < k; t++) wh += W.data[d * k + t] * H.data[t * V + j];
        if (!(wh > 0) || !(x > 0)) continue;
        if (!touched[j]) { touched[j] = 1; columns.push(j); }
        for (let t = 0; t < k; t++) words[t * V + j] += (x * W.data[d * k + t] * H.data[t * V + j]) / wh;
      }
    }
    const own = mass.reduce((a, b) => a + b, 0);
    const topics = Array.from({ length: k }, (_, t) => {
      const ranked = columns.filter((j) => words[t * V + j] > 0).sort((a, b) => words[t * V + b] - words[t * V + a] || a - b).slice(0, top);
      return {
        topic: t + 1, documents: heaviest[t], share: total > 0 ? mass[t] / total : 0, shareInGroup: own > 0 ? mass[t] / own : 0,
        words: ranked.map((j) => ({ word: terms[j], weight: words[t * V + j] })),
      };
    });
    for (const j of columns) { touched[j] = 0; for (let t = 0; t < k; t++) words[t * V + j] = 0; }
    return { name, documents: rowsOf[g].length, topics };
  });
}

/** A class column's groups in order: by name (numbers in numeric order), rows without one ('') last as '(none)'. */
export function classesOf(values: readonly string[]): { group: string[]; order: string[] } {
  const group = values.map((v) => (v === '' ? NO_CLASS : v));
  const names = [...new Set(values)].filter((v) => v !== '').sort(new Intl.Collator('en', { numeric: true }).compare);
  return { group, order: values.includes('') ? [...names, NO_CLASS] : names };
}

export const NO_CLASS = '(none)';

/** The groups of one label column: per class, or per period of a time column. */
export interface GroupTable { by: 'class' | 'period'; column: string; groups: Group[] }

/** One table per label column the dataset carries: classes for --class-column, periods (`bins`) for
 *  --time-column. `rowName(d)` names row d in the message about a time that cannot be read. */
export function groupTables(W: Dense, H: Dense, X: Csr, terms: readonly string[], labels: readonly DocumentLabels[], bins: TimeBins, top: number, rowName: (d: number) => string): GroupTable[] {
  return labels.map((l) => {
    const time = l.flag === '--time-column';
    const { group, order } = time
      ? (({ period, order }) => ({ group: period, order }))(periodsOf(l.values, bins, (d) => `${rowName(d)} (${l.flag} ${l.name})`))
      : classesOf(l.values);
    return { by: time ? 'period' : 'class', column: l.name, groups: topicsByGroup(W, H, X, terms, group, order, top) };
  });
}
