// c_v, the coherence most gensim tutorials choose k by (Röder, Both & Hinneburg 2015), as gensim's
// CoherenceModel(coherence='c_v') computes it: boolean sliding windows of 110 tokens; for the topic's
// words w_1…w_n, NPMI(w_i, w_j) = ln((P(w_i,w_j) + ε) / P(w_i)P(w_j)) / −ln(P(w_i,w_j) + ε), with
// P(w,w) = P(w); each word's context vector v_i = (NPMI(w_i, w_j))_j and the topic's v = Σ_i v_i
// (gensim's s_one_set segmentation, γ = 1); c_v is the mean over i of cos(v_i, v).
import type { WindowCounts } from './windows.js';

/** The window length c_v is defined with. */
export const CV_WINDOW = 110;

/** gensim's smoothing constant, so that scores match its own. */
const EPSILON = 1e-12;

/** c_v of one topic whose words are `r` (indices among the u words counted); null when fewer than two
 *  of its words occur in any window, or a context vector is zero. */
export function cvOfTopic(counts: WindowCounts, u: number, r: readonly number[]): number | null {
  const { single, pair, windows } = counts;
  const words = r.filter((a) => single[a] > 0);
  const n = words.length;
  if (n < 2) return null;
  const npmi = (a: number, b: number) => {
    const joint = (a === b ? single[a] : pair[a * u + b]) / windows + EPSILON;
    const ratio = Math.log(joint / ((single[a] / windows) * (single[b] / windows)));
    const norm = -Math.log(joint);
    return norm === 0 ? 1 : ratio / norm;
  };
  // context vectors: row i is v_i over the topic's words; their sum is the topic's
  const v = new Float64Array(n * n),
    sum = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      v[i * n + j] = npmi(words[i], words[j]);
      sum[j] += v[i * n + j];
    }
  let sumNorm = 0;
  for (let j = 0; j < n; j++) sumNorm += sum[j] * sum[j];
  let total = 0;
  for (let i = 0; i < n; i++) {
    let dot = 0,
      norm = 0;
    for (let j = 0; j < n; j++) {
      dot += v[i * n + j] * sum[j];
      norm += v[i * n + j] * v[i * n + j];
    }
    if (norm === 0 || sumNorm === 0) return null;
    total += dot / Math.sqrt(norm * sumNorm);
  }
  return total / n;
}
