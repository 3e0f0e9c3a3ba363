// Topics: the top terms of each row of H, with the topic's share, its coherence when it was measured and
// its representative documents when asked for.
import type { Dense } from '../core/index.js';
import type { CoherenceSummary, TopicCoherence } from './coherence.js';
import { topColumns } from './coherence.js';
import { CV_WINDOW } from '../evaluate/index.js';
import { proportions } from './coefficients.js';
import type { Table } from './tables.js';

export interface TopicWord {
  word: string;
  weight: number;
}
/** A document that is much about a topic: its id, the topic's proportion in it, its first characters. */
export interface TopicDocument {
  document: string;
  share: number;
  text: string;
}
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
    let w = 0,
      h = 0;
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
    topic: t + 1,
    share: shares[t],
    words: cols.map((j) => ({ word: terms[j], weight: H.data[t * H.cols + j] })),
  }));
}

/** Each topic's label in document-topic tables: its three heaviest words, as one string. */
export const topicLabels = (H: Dense, terms: readonly string[]): string[] =>
  topColumns(H, 3).map((cols) => cols.map((j) => terms[j]).join(' '));

/** Topics with their coherence scores. */
export const withCoherence = (topics: Topic[], scores: TopicCoherence[]): Topic[] =>
  topics.map((t, i) => ({ ...t, npmi: scores[i].npmi, umass: scores[i].umass, cv: scores[i].cv }));

/** Topics with each one's `n` documents of highest proportion (ties: the larger W, then the earlier row).
 *  One pass over the rows per topic keeping the best n in order: no sort of all rows. */
export function withTopDocuments(
  topics: Topic[],
  W: Dense,
  H: Dense,
  ids: string[],
  snippets: string[],
  n: number,
): Topic[] {
  const P = proportions(W, H),
    k = W.cols;
  return topics.map((topic, t) => {
    const before = (a: number, b: number) =>
      P.data[a * k + t] > P.data[b * k + t] ||
      (P.data[a * k + t] === P.data[b * k + t] && W.data[a * k + t] > W.data[b * k + t]);
    const best: number[] = [];
    for (let i = 0; i < W.rows; i++) {
      if (!(P.data[i * k + t] > 0) || (best.length === n && !before(i, best[n - 1]))) continue;
      let at = best.length === n ? n - 1 : best.length;
      while (at > 0 && before(i, best[at - 1])) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
    }
    return {
      ...topic,
      documents: best.map((i) => ({ document: ids[i], share: P.data[i * k + t], text: snippets[i] ?? '' })),
    };
  });
}

/** One row per (topic, rank): the rank-th word and the rank-th document, for CSV, TSV and JSON tools.
 *  Components of images and matrices name their columns `component` and `column` instead. */
export function topicsTable(
  topics: Topic[],
  names: { factor: string; item: string } = { factor: 'topic', item: 'word' },
): Table {
  const scored = topics.some((t) => t.npmi !== undefined);
  const documents = topics.some((t) => t.documents !== undefined);
  const columns = [
    names.factor,
    'share',
    ...(scored ? ['npmi', 'umass', 'cv'] : []),
    'rank',
    names.item,
    'weight',
    ...(documents ? ['document', 'document_share', 'text'] : []),
  ];
  return {
    columns,
    rows: topics.flatMap((t) => {
      const ranks = Math.max(t.words.length, t.documents?.length ?? 0);
      return Array.from({ length: ranks }, (_, r) => {
        const w = t.words[r],
          d = t.documents?.[r];
        return [
          t.topic,
          t.share,
          ...(scored ? [t.npmi ?? '', t.umass ?? '', t.cv ?? ''] : []),
          r + 1,
          w?.word ?? '',
          w?.weight ?? '',
          ...(documents ? [d?.document ?? '', d?.share ?? '', d?.text ?? ''] : []),
        ];
      });
    }),
  };
}

const score = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));

/** How topics are laid out for reading. */
export interface TopicsTextOptions {
  /** Each word's weight beside it, to three significant digits. Default false: words only. */
  weights?: boolean;
  /** Cut each line to this many columns, at a word's end (a terminal's width); default: no cut. */
  width?: number;
}

/** Pieces joined by `sep`, cut to `width` columns after a whole piece, with … where cut (a first piece
 *  too long alone is cut within it). */
export function fitLine(pieces: readonly string[], sep: string, width = Infinity): string {
  const cut = `${sep.trimEnd()} …`;
  let line = '';
  for (let i = 0; i < pieces.length; i++) {
    const next = line ? `${line}${sep}${pieces[i]}` : pieces[i];
    // room is kept for the mark of a cut unless this is the last piece
    if ([...next].length + (i === pieces.length - 1 ? 0 : [...cut].length) <= width) {
      line = next;
      continue;
    }
    if (i === pieces.length - 1 && [...next].length <= width) return next;
    return line ? `${line}${cut}` : [...pieces[i]].slice(0, Math.max(1, width - 1)).join('') + '…';
  }
  return line;
}

/** A sentence wrapped at spaces into lines of at most `width` columns (a word longer than that alone). */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && [...lines[last]].length + 1 + [...word].length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** For reading: one block per topic, the largest share first, with its share, coherence, words (their
 *  weights with `weights`) and documents, every line within `width`. */
export function topicsText(topics: Topic[], summary?: CoherenceSummary, o: TopicsTextOptions = {}): string {
  const width = o.width ?? Infinity;
  const order = [...topics].sort((a, b) => b.share - a.share || a.topic - b.topic);
  const blocks = order.map((t) => {
    const words = t.words.map((w) => (o.weights ? `${w.word} (${w.weight.toPrecision(3)})` : w.word));
    const scores = t.npmi !== undefined ? `  NPMI ${score(t.npmi)}  UMass ${score(t.umass)}  c_v ${score(t.cv)}` : '';
    const docs = (t.documents ?? [])
      .map(
        (d) =>
          `\n    ${fitLine(`${d.document} (${(100 * d.share).toFixed(0)}%): ${d.text}`.split(' '), ' ', width - 4)}`,
      )
      .join('');
    return (
      `Topic ${t.topic}  ${(100 * t.share).toFixed(1)}%${scores}\n  ` +
      `${words.length ? fitLine(words, ', ', width - 2) : '(empty)'}${docs}\n`
    );
  });
  const tail = summary
    ? `\n${wrap(
        `Mean NPMI ${score(summary.npmi)}, mean UMass ${score(summary.umass)}, mean c_v ` +
          `${score(summary.cv)}, diversity ${summary.diversity.toFixed(3)} (top ${summary.top} words; ` +
          `NPMI over windows of ${summary.window} tokens, c_v of ${CV_WINDOW})`,
        width,
      )}\n`
    : '';
  return blocks.join('\n') + tail;
}
