// pyLDAvis' relevance of a word to a topic (Sievert & Shirley 2014): r(w, t | λ) = λ·log φ_tw +
// (1 − λ)·log(φ_tw / p_w), with φ_t the topic's row of H as a distribution and p_w = Σ_t share_t·φ_tw
// the word's weight over all topics. λ = 1 ranks by weight in the topic (the cards' order); λ = 0 by
// lift, the words most particular to it. The page's slider re-ranks each card's words from candidates
// written here: the top `n` at every λ of the slider's steps (0, 0.1, …, 1), so each step is exact.
import type { Dense } from '../../core/index.js';
import { topN } from '../../evaluate/index.js';

/** The slider's steps. */
export const LAMBDA_STEPS = Array.from({ length: 11 }, (_, i) => i / 10);

/** Per topic, its candidates as [word, log φ, log lift, weight in H], heaviest first. */
export function relevanceCandidates(
  H: Dense,
  shares: readonly number[],
  terms: readonly string[],
  n: number,
): [string, number, number, number][][] {
  const k = H.rows,
    V = H.cols;
  const phi = Array.from({ length: k }, (_, t) => {
    const row = Float64Array.from(H.data.subarray(t * V, (t + 1) * V));
    const sum = row.reduce((a, b) => a + b, 0);
    return sum > 0 ? row.map((v) => v / sum) : row;
  });
  const p = new Float64Array(V);
  for (let t = 0; t < k; t++) for (let j = 0; j < V; j++) p[j] += shares[t] * phi[t][j];
  return phi.map((f, t) => {
    const present = Array.from({ length: V }, (_, j) => j).filter((j) => f[j] > 0 && p[j] > 0);
    const logPhi = new Float64Array(V),
      logLift = new Float64Array(V);
    for (const j of present) {
      logPhi[j] = Math.log(f[j]);
      logLift[j] = Math.log(f[j] / p[j]);
    }
    const chosen = new Set<number>();
    for (const l of LAMBDA_STEPS) {
      const best = topN(present, (j) => l * logPhi[j] + (1 - l) * logLift[j], n);
      for (const j of best) chosen.add(j);
    }
    return [...chosen]
      .sort((a, b) => f[b] - f[a] || a - b)
      .map((j) => [terms[j], Math.log(f[j]), Math.log(f[j] / p[j]), H.data[t * V + j]]);
  });
}
