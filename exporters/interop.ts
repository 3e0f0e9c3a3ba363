// What other tools read of a text model: the whole topic-word matrix (terms × topics, as a factor file a
// spreadsheet, pandas or scipy opens), and the five arrays pyLDAvis.prepare() takes, so that a Python
// user can open latent's topics in pyLDAvis (which dropped its own NMF support): each topic's word
// distribution (H's rows, each summing to 1), each document's topic distribution (W's rows, likewise),
// the documents' lengths and the terms' corpus counts in tokens, and the vocabulary.
import type { Dense } from '../core/index.js';
import { dataError, transposeDense } from '../core/index.js';
import type { TokenStreams } from '../loaders/index.js';
import { factorNames } from './coefficients.js';
import type { FactorFormat } from './factors.js';
import { formatFactor } from './factors.js';

/** Terms × topics: Hᵀ, a row per term named by it, a column per topic. */
export function topicWordMatrix(H: Dense, terms: string[], format: Exclude<FactorFormat, 'json'>): string {
  return formatFactor(
    transposeDense(H),
    format,
    terms,
    factorNames(H.rows, 'text'),
    'the topic-word matrix: terms × topics (H transposed)',
  );
}

/** Each row of a rows × cols matrix scaled to sum to 1; a row of zeros becomes uniform (a document no
 *  topic explains is spread evenly, as a distribution must sum to 1). */
function distributions(M: Dense): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < M.rows; i++) {
    let sum = 0;
    for (let j = 0; j < M.cols; j++) sum += M.data[i * M.cols + j];
    const row = new Array<number>(M.cols);
    for (let j = 0; j < M.cols; j++) row[j] = sum > 0 ? M.data[i * M.cols + j] / sum : 1 / M.cols;
    out.push(row);
  }
  return out;
}

export interface PyLdavisInput {
  topic_term_dists: number[][];
  doc_topic_dists: number[][];
  doc_lengths: number[];
  vocab: string[];
  term_frequency: number[];
}

/** The keyword arguments of pyLDAvis.prepare(**input), from the fit and the documents' token streams
 *  (words of the vocabulary only: a pruned word is in no topic and counts nowhere). */
export function pyLdavisInput(W: Dense, H: Dense, terms: string[], tokens: TokenStreams): PyLdavisInput {
  const docLengths = new Array<number>(W.rows).fill(0),
    termFrequency = new Array<number>(terms.length).fill(0);
  for (let d = 0; d < W.rows; d++) {
    for (let q = tokens.offsets[d]; q < tokens.offsets[d + 1]; q++) {
      const j = tokens.ids[q];
      if (j >= 0) {
        docLengths[d]++;
        termFrequency[j]++;
      }
    }
  }
  const unseen = termFrequency.findIndex((n) => n === 0);
  if (unseen >= 0)
    throw dataError(
      `--pyldavis: the term "${terms[unseen]}" has no word count (an n-gram's count is not kept): ` +
        `pyLDAvis needs every term's; leave out --ngrams`,
    );
  return {
    topic_term_dists: distributions(H),
    doc_topic_dists: distributions(W),
    doc_lengths: docLengths,
    vocab: terms,
    term_frequency: termFrequency,
  };
}
