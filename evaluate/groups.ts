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
import { topN } from './top-n.js';

export interface GroupWord {
  word: string;
  weight: number;
}
export interface GroupTopic {
  topic: number;
  documents: number;
  share: number;
  shareInGroup: number;
  words: GroupWord[];
}
export interface Group {
  name: string;
  documents: number;
  topics: GroupTopic[];
}

/** Σ_j H_tj per topic: a topic's mass per unit of W. */
function topicSizes(H: Dense): Float64Array {
  const size = new Float64Array(H.rows);
  for (let t = 0; t < H.rows; t++) for (let j = 0; j < H.cols; j++) size[t] += H.data[t * H.cols + j];
  return size;
}

/** Row `d` of W (and of X) into a group's sums: its mass per topic, its heaviest topic, and its words'
 *  weights split among the topics, X_dj·W_dt·H_tj / (WH)_dj, handed to `word`. Returns the row's mass. */
function addRow(
  W: Dense,
  H: Dense,
  X: Csr,
  d: number,
  size: Float64Array,
  mass: Float64Array,
  heaviest: Float64Array,
  word: (j: number, t: number, v: number) => void,
): number {
  const k = W.cols,
    V = H.cols;
  let best = -1,
    bestMass = 0,
    all = 0;
  for (let t = 0; t < k; t++) {
    const m = W.data[d * k + t] * size[t];
    mass[t] += m;
    all += m;
    if (m > bestMass) {
      bestMass = m;
      best = t;
    }
  }
  if (best >= 0) heaviest[best]++;
  for (let q = X.indptr[d]; q < X.indptr[d + 1]; q++) {
    const j = X.indices[q],
      x = X.data[q];
    let wh = 0;
    for (let t = 0; t < k; t++) wh += W.data[d * k + t] * H.data[t * V + j];
    if (!(wh > 0) || !(x > 0)) continue;
    for (let t = 0; t < k; t++) {
      const v = (x * W.data[d * k + t] * H.data[t * V + j]) / wh;
      if (v > 0) word(j, t, v);
    }
  }
  return all;
}

/** A group's topics from its sums; `weight(t, j)` is its words' weight for topic t. */
function groupTopics(
  k: number,
  mass: Float64Array,
  heaviest: Float64Array,
  total: number,
  columns: (t: number) => Iterable<number>,
  weight: (t: number, j: number) => number,
  terms: readonly string[],
  top: number,
): GroupTopic[] {
  const own = mass.reduce((a, b) => a + b, 0);
  return Array.from({ length: k }, (_, t) => ({
    topic: t + 1,
    documents: heaviest[t],
    share: total > 0 ? mass[t] / total : 0,
    shareInGroup: own > 0 ? mass[t] / own : 0,
    words: topN(columns(t), (j) => weight(t, j), top, 0).map((j) => ({ word: terms[j], weight: weight(t, j) })),
  }));
}

/** The groups in `order` (a name each), `groupOf[d]` row d's group; `top` words per topic and group. */
export function topicsByGroup(
  W: Dense,
  H: Dense,
  X: Csr,
  terms: readonly string[],
  groupOf: readonly string[],
  order: readonly string[],
  top: number,
): Group[] {
  const k = W.cols,
    V = H.cols,
    size = topicSizes(H);
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
  const words = new Float64Array(k * V),
    touched = new Uint8Array(V);
  return order.map((name, g) => {
    const mass = new Float64Array(k),
      heaviest = new Float64Array(k);
    const columns: number[] = [];
    const word = (j: number, t: number, v: number) => {
      if (!touched[j]) {
        touched[j] = 1;
        columns.push(j);
      }
      words[t * V + j] += v;
    };
    for (const d of rowsOf[g]) addRow(W, H, X, d, size, mass, heaviest, word);
    const topics = groupTopics(
      k,
      mass,
      heaviest,
      total,
      () => columns,
      (t, j) => words[t * V + j],
      terms,
      top,
    );
    for (const j of columns) {
      touched[j] = 0;
      for (let t = 0; t < k; t++) words[t * V + j] = 0;
    }
    return { name, documents: rowsOf[g].length, topics };
  });
}

/** The same sums gathered batch by batch, for a fit that never holds W whole (--stream): each group's
 *  words for a topic are kept for the topic's `candidates` heaviest terms of H only, so that memory is
 *  groups × k × candidates, whatever the vocabulary. */
export class GroupSums {
  private readonly size: Float64Array;
  private readonly place: Int32Array;
  private readonly candidates: Int32Array[];
  private readonly sums = new Map<
    string,
    { documents: number; mass: Float64Array; heaviest: Float64Array; words: Float64Array }
  >();
  private total = 0;

  constructor(
    private readonly H: Dense,
    private readonly width = 200,
  ) {
    const k = H.rows,
      V = H.cols;
    this.size = topicSizes(H);
    // place[t·V + j]: column j's slot among topic t's candidates, or −1
    this.place = new Int32Array(k * V).fill(-1);
    this.candidates = Array.from({ length: k }, (_, t) => {
      const cols = Int32Array.from(
        topN(
          Array.from({ length: V }, (_, j) => j),
          (j) => H.data[t * V + j],
          width,
          0,
        ),
      );
      cols.forEach((j, c) => {
        this.place[t * V + j] = c;
      });
      return cols;
    });
  }

  /** A batch: W's rows and X's rows alike, `groupOf[i]` row i's group. */
  add(W: Dense, X: Csr, groupOf: readonly string[]): void {
    const k = this.H.rows,
      V = this.H.cols,
      width = this.width;
    for (let d = 0; d < W.rows; d++) {
      let s = this.sums.get(groupOf[d]);
      if (!s) {
        s = {
          documents: 0,
          mass: new Float64Array(k),
          heaviest: new Float64Array(k),
          words: new Float64Array(k * width),
        };
        this.sums.set(groupOf[d], s);
      }
      const words = s.words;
      s.documents++;
      this.total += addRow(W, this.H, X, d, this.size, s.mass, s.heaviest, (j, t, v) => {
        const c = this.place[t * V + j];
        if (c >= 0) words[t * width + c] += v;
      });
    }
  }

  /** The groups seen, by name. */
  names(): string[] {
    return [...this.sums.keys()];
  }

  groups(order: readonly string[], terms: readonly string[], top: number): Group[] {
    const k = this.H.rows,
      width = this.width;
    return order.map((name) => {
      const s = this.sums.get(name)!;
      const slot = (t: number, j: number) => this.place[t * this.H.cols + j];
      return {
        name,
        documents: s.documents,
        topics: groupTopics(
          k,
          s.mass,
          s.heaviest,
          this.total,
          (t) => this.candidates[t],
          (t, j) => s.words[t * width + slot(t, j)],
          terms,
          top,
        ),
      };
    });
  }
}

/** A class column's groups in order: by name (numbers in numeric order), rows without one ('') last as '(none)'. */
export function classesOf(values: readonly string[]): { group: string[]; order: string[] } {
  const group = values.map((v) => (v === '' ? NO_CLASS : v));
  const names = [...new Set(values)].filter((v) => v !== '').sort(new Intl.Collator('en', { numeric: true }).compare);
  return { group, order: values.includes('') ? [...names, NO_CLASS] : names };
}

export const NO_CLASS = '(none)';

/** The groups of one label column: per class, or per period of a time column. */
export interface GroupTable {
  by: 'class' | 'period';
  column: string;
  groups: Group[];
}

/** One table per label column the dataset carries: classes for --class-column, periods (`bins`) for
 *  --time-column. `rowName(d)` names row d in the message about a time that cannot be read. */
export function groupTables(
  W: Dense,
  H: Dense,
  X: Csr,
  terms: readonly string[],
  labels: readonly DocumentLabels[],
  bins: TimeBins,
  top: number,
  rowName: (d: number) => string,
): GroupTable[] {
  return labels.map((l) => {
    const time = l.flag === '--time-column';
    const { group, order } = time
      ? (({ period, order }) => ({ group: period, order }))(
          periodsOf(l.values, bins, (d) => `${rowName(d)} (${l.flag} ${l.name})`),
        )
      : classesOf(l.values);
    return { by: time ? 'period' : 'class', column: l.name, groups: topicsByGroup(W, H, X, terms, group, order, top) };
  });
}
