// Topics: the top terms of each row of H, with the topic's share, its coherence when it was measured and
// its representative documents when asked for.
import type { Dense } from '../core/index.js';
import type { CoherenceSummary, TopicCoherence } from './coherence.js';
import { topColumns } from './coherence.js';
import { CV_WINDOW } from '../evaluate/index.js';
import { proportions } from './coefficients.js';
import type { Table } from './tables.js';
import { formatNumber } from './tables.js';

export interface TopicWord { word: string; weight: number }
/** A document that is much about a topic: its id, the topic's proportion in it, its first characters. */
export interface TopicDocument { document: string; share: number; text: string }
export interface Topic {
  /** 1-based, the column of W and row of H. */
  topic: number;
  /** The topic's share of the reconstructed mass Σ WH. */
  share: number;
  words: TopicWord[];
  /** When coherence was measured. */
  npmi?: number | null;
  umass?: number | null;
  cv?: number | null;
  /** When representative documents were asked for. */
  documents?: TopicDocument[];
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
  return topColumns(H, top).map((cols, t) => ({
    topic: t + 1, share: shares[t], words: cols.map((j) => ({ word: terms[j], weight: H.data[t * H.cols + j] })),
  }));
}

/** Topics with their coherence scores. */
export const withCoherence = (topics: Topic[], scores: TopicCoherence[]): Topic[] =>
  topics.map((t, i) => ({ ...t, npmi: scores[i].npmi, umass: scores[i].umass, cv: scores[i].cv }));

/** Topics with each one's `n` documents of highest proportion (ties: the larger W, then the earlier row).
 *  One pass over the rows per topic keeping the best n in order: no sort of all rows. */
export function withTopDocuments(topics: Topic[], W: Dense, H: Dense, ids: string[], snippets: string[], n: number): Topic[] {
  const P = proportions(W, H), k = W.cols;
  return topics.map((topic, t) => {
    const before = (a: number, b: number) => P.data[a * k + t] > P.data[b * k + t] || (P.data[a * k + t] === P.data[b * k + t] && W.data[a * k + t] > W.data[b * k + t]);
    const best: number[] = [];
    for (let i = 0; i < W.rows; i++) {
      if (!(P.data[i * k + t] > 0) || (best.length === n && !before(i, best[n - 1]))) continue;
      let at = best.length === n ? n - 1 : best.length;
      while (at > 0 && before(i, best[at - 1])) { best[at] = best[at - 1]; at--; }
      best[at] = i;
    }
    return { ...topic, documents: best.map((i) => ({ document: ids[i], share: P.data[i * k + t], text: snippets[i] ?? '' })) };
  });
}

/** One row per (topic, rank): the rank-th word and the rank-th document, for CSV, TSV and JSON tools.
 *  Components of images and matrices name their columns `component` and `column` instead. */
export function topicsTable(topics: Topic[], names: { factor: string; item: string } = { factor: 'topic', item: 'word' }): Table {
  const scored = topics.some((t) => t.npmi !== undefined);
  const documents = topics.some((t) => t.documents !== undefined);
  const columns = [names.factor, 'share', ...(scored ? ['npmi', 'umass', 'cv'] : []), 'rank', names.item, 'weight', ...(documents ? ['document', 'document_share', 'text'] : [])];
  return {
    columns,
    rows: topics.flatMap((t) => {
      const ranks = Math.max(t.words.length, t.documents?.length ?? 0);
      return Array.from({ length: ranks }, (_, r) => {
        const w = t.words[r], d = t.documents?.[r];
        return [t.topic, t.share, ...(scored ? [t.npmi ?? '', t.umass ?? '', t.cv ?? ''] : []), r + 1, w?.word ?? '', w?.weight ?? '',
          ...(documents ? [d?.document ?? '', d?.share ?? '', d?.text ?? ''] : [])];
      });
    }),
  };
}

const score = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));

/** For reading: one block per topic with its share, coherence, words and documents. */
export function topicsText(topics: Topic[], summary?: CoherenceSummary): string {
  const blocks = topics.map((t) => {
    const words = t.words.map((w) => `${w.word} (${formatNumber(w.weight)})`).join(', ');
    const scores = t.npmi !== undefined ? `  NPMI ${score(t.npmi)}  UMass ${score(t.umass)}  c_v ${score(t.cv)}` : '';
    const docs = (t.documents ?? []).map((d) => `\n    ${d.document} (${(100 * d.share).toFixed(0)}%): ${d.text}`).join('');
    return `Topic ${t.topic}  ${(100 * t.share).toFixed(1)}%${scores}\n  ${words || '(empty)'}${docs}\n`;
  });
  const tail = summary
    ? `\nMean NPMI ${score(summary.npmi)}, mean UMass ${score(summary.umass)}, mean c_v ${score(summary.cv)}, diversity ${summary.diversity.toFixed(3)} (top ${summary.top} words; NPMI over windows of ${summary.window} tokens, c_v of ${CV_WINDOW})\n`
    : '';
  return blocks.join('\n') + tail;
}
