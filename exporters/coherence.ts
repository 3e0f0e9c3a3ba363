// How good is a topic? The measures gensim's CoherenceModel computes, over the training texts:
// - NPMI (c_npmi): for each pair of a topic's top words, log(P(a,b) / P(a)P(b)) / −log P(a,b), with
//   P the share of boolean sliding windows of 10 tokens that contain the word(s); the topic's score is
//   the mean over its pairs (−1: never together, 0: independent, 1: always together).
// - UMass (u_mass): for each top word and each word ranked above it, log((D(a,b) + ε·n) / D(b)) with D
//   the number of documents holding the words; mean over pairs (0 is best, more negative is worse).
// - c_v: context vectors of NPMI over windows of 110 tokens, compared by cosine (evaluate/coherence-cv.ts).
// - Diversity: the share of distinct words among all topics' top words (1: no word in two topics).
// Windows run over each document's tokens as the tokenizer left them (stop words gone, pruned words
// still holding their place), as gensim's are when it is given the same tokenized texts. n-gram terms
// have no single position and are left out of the pairs.
import type { Csr, Dense } from '../core/index.js';
import type { TokenStreams } from '../loaders/index.js';
import type { WindowCounts } from '../evaluate/index.js';
import { CV_WINDOW, cvOfTopic, topN, windowCounts } from '../evaluate/index.js';

/** gensim's smoothing constant, so that scores match its own. */
const EPSILON = 1e-12;

export interface TopicCoherence {
  /** Mean NPMI over the topic's word pairs; null when fewer than two of its words can be scored. */
  npmi: number | null;
  /** Mean UMass over the topic's word pairs; null likewise. */
  umass: number | null;
  /** c_v (gensim's definition, windows of 110 tokens); null likewise. */
  cv: number | null;
}

export interface CoherenceSummary {
  /** Means over the topics that have a score. */
  npmi: number | null;
  umass: number | null;
  cv: number | null;
  diversity: number;
  /** Top words per topic the scores are over, and the window length of NPMI. */
  top: number;
  window: number;
}

/** The columns of each topic's `top` heaviest terms, heaviest first, ties by column, zeros left out. */
export function topColumns(H: Dense, top: number): number[][] {
  return Array.from({ length: H.rows }, (_, t) => {
    const row = H.data.subarray(t * H.cols, (t + 1) * H.cols);
    return topN(row.keys(), (j) => row[j], top, 0);
  });
}

/** Documents holding each relevant word and each pair (nonzeros of X's rows). */
function documentCounts(X: Csr, relevant: Int32Array, u: number) {
  const single = new Float64Array(u),
    pair = new Float64Array(u * u);
  const present: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    present.length = 0;
    for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
      const r = relevant[X.indices[q]];
      if (r >= 0 && X.data[q] !== 0) present.push(r);
    }
    for (let a = 0; a < present.length; a++) {
      single[present[a]]++;
      for (let b = 0; b < present.length; b++) if (a !== b) pair[present[a] * u + present[b]]++;
    }
  }
  return { single, pair, documents: X.rows };
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** Mean NPMI over the ordered pairs of a topic's words `r` (indices among the u counted words), as
 *  gensim's s_one_one segmentation takes them (the measure is symmetric); null when no pair is scored.
 *  Window counts add over documents, so counts summed over a corpus's blocks give the corpus's NPMI. */
export function npmiOfTopic(w: WindowCounts, u: number, r: number[]): number | null {
  const npmi: number[] = [];
  for (let a = 0; a < r.length; a++)
    for (let b = 0; b < r.length; b++) {
      if (a === b) continue;
      const pa = w.single[r[a]] / w.windows,
        pb = w.single[r[b]] / w.windows;
      if (pa > 0 && pb > 0) {
        const pab = w.pair[r[a] * u + r[b]] / w.windows + EPSILON;
        npmi.push(Math.log(pab / (pa * pb)) / -Math.log(pab));
      }
    }
  return mean(npmi);
}

/** NPMI and UMass of every topic (its `top` words by H), with their means and the topics' diversity. */
export function coherence(
  H: Dense,
  X: Csr,
  streams: TokenStreams,
  top: number,
  window = 10,
): { topics: TopicCoherence[]; summary: CoherenceSummary } {
  const tops = topColumns(H, top);
  const relevant = new Int32Array(H.cols).fill(-1);
  let u = 0;
  for (const cols of tops) for (const c of cols) if (relevant[c] < 0) relevant[c] = u++;
  const w = windowCounts(streams, relevant, u, window);
  const long = windowCounts(streams, relevant, u, CV_WINDOW);
  const d = documentCounts(X, relevant, u);
  const topics = tops.map((cols) => {
    const r = cols.map((c) => relevant[c]);
    const umass: number[] = [];
    for (let a = 0; a < r.length; a++)
      for (let b = 0; b < a; b++)
        // UMass: each word against every word ranked above it (s_one_pre)
        if (d.single[r[b]] > 0)
          umass.push(Math.log((d.pair[r[a] * u + r[b]] / d.documents + EPSILON) / (d.single[r[b]] / d.documents)));
    return { npmi: npmiOfTopic(w, u, r), umass: mean(umass), cv: cvOfTopic(long, u, r) };
  });
  const words = tops.reduce((s, cols) => s + cols.length, 0);
  const summary: CoherenceSummary = {
    npmi: mean(topics.flatMap((t) => (t.npmi === null ? [] : [t.npmi]))),
    umass: mean(topics.flatMap((t) => (t.umass === null ? [] : [t.umass]))),
    cv: mean(topics.flatMap((t) => (t.cv === null ? [] : [t.cv]))),
    diversity: words ? u / words : 0,
    top,
    window,
  };
  return { topics, summary };
}
