// Topics (top terms of each row of H) and document-topic tables (rows of W).
import type { Dense } from '../core/index.js';
import type { Table } from './tables.js';
import { formatNumber } from './tables.js';

export interface TopicWord { word: string; weight: number }
export interface Topic {
  /** 1-based, the column of W and row of H. */
  topic: number;
  /** The topic's share of the reconstructed mass Σ WH. */
  share: number;
  words: TopicWord[];
}

/** Each factor's share of Σ_ij (WH)_ij = Σ_t colsum(W)_t · rowsum(H)_t; all zero when WH is zero. */
export function factorShares(W: Dense, H: Dense): number[] {
  const k = W.cols;
  const mass = Array.from({ length: k }, (_, t) => {
    let w = 0, h = 0;
    for (let i = 0; i < W.rows; i++) w += W.data[i * k + t];
    for (let j = 0; j < H.cols; j++) h += H.data[t * H.cols + j];
    return w * h;
  });
  const total = mass.reduce((a, b) => a + b, 0);
  return mass.map((m) => (total > 0 ? m / total : 0));
}

/** The `top` heaviest terms of every topic, ties broken by column order. */
export function topicsOf(W: Dense, H: Dense, terms: string[], top: number): Topic[] {
  const shares = factorShares(W, H);
  return Array.from({ length: H.rows }, (_, t) => {
    const row = H.data.subarray(t * H.cols, (t + 1) * H.cols);
    const order = Array.from({ length: H.cols }, (_, j) => j).sort((a, b) => row[b] - row[a] || a - b);
    const words = order.slice(0, top).filter((j) => row[j] > 0).map((j) => ({ word: terms[j], weight: row[j] }));
    return { topic: t + 1, share: shares[t], words };
  });
}

/** One row per (topic, rank): for CSV, TSV and JSON. */
export function topicsTable(topics: Topic[]): Table {
  return {
    columns: ['topic', 'share', 'rank', 'word', 'weight'],
    rows: topics.flatMap((t) => t.words.map((w, r) => [t.topic, t.share, r + 1, w.word, w.weight])),
  };
}

/** For reading: one block per topic with its share and words. */
export function topicsText(topics: Topic[]): string {
  return topics.map((t) => {
    const words = t.words.map((w) => `${w.word} (${formatNumber(w.weight)})`).join(', ');
    return `Topic ${t.topic}  ${(100 * t.share).toFixed(1)}%\n  ${words || '(empty)'}\n`;
  }).join('\n');
}

/** Document id, its heaviest topic (0 when its row is all zero), and its weight on every topic. */
export function documentTopicsTable(W: Dense, ids: string[]): Table {
  const k = W.cols;
  return {
    columns: ['document', 'topic', ...Array.from({ length: k }, (_, t) => `topic${t + 1}`)],
    rows: ids.map((id, i) => {
      const w = Array.from(W.data.subarray(i * k, (i + 1) * k));
      let best = 0;
      w.forEach((v, t) => { if (v > (best ? w[best - 1] : 0)) best = t + 1; });
      return [id, best, ...w];
    }),
  };
}
