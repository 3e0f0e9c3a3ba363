// The scale benchmark's one judge (bench/scale.ts runs it once per corpus size): every method's H is
// mapped by term string onto ONE X — latent's tf-idf matrix of the corpus with its default token
// settings — and scored there by the same code:
//   explained variance 1 − ‖X − WH‖²/‖X‖², W re-solved with H fixed by latent's transform (HALS sweeps);
//   NPMI of each topic's top 10 words by latent's coherence over latent's token streams (gensim's c_npmi);
//   recovery: mean cosine of Hungarian-matched pairs of H's rows and the planted topics' word distributions.
//
//   node scale-score.js CORPUS TRUTH.json < [{ "id", "kind": "latent" | "peer", "dir" }, …]
//
// prints { id: { explained, npmi, recovery, mapped, terms } | { error } } on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Csr, Dense } from '../core/index.js';
import { dense, releaseBackends, transform } from '../core/index.js';
import { coherence, readModel } from '../exporters/index.js';
import type { TokenStreams } from '../loaders/index.js';
import { loadText, textSourceFor } from '../loaders/index.js';
import { matchedMean } from './hungarian.js';

/** Sweeps of W with H fixed: enough for W alone to settle, the same work for every method. */
const SWEEPS = 50;
const TOP = 10;

interface Row {
  id: string;
  kind: 'latent' | 'peer';
  dir: string;
}
interface Factor {
  H: Float32Array;
  k: number;
  terms: string[];
}

/** H and its columns' terms as the method wrote them. */
async function factorOf(row: Row): Promise<Factor> {
  if (row.kind === 'latent') {
    const model = await readModel(join(row.dir, 'model.json'));
    if (model.kind !== 'text') throw new Error('the model is not a text model');
    return { H: model.H.data, k: model.H.rows, terms: model.loader.keys };
  }
  const terms = readFileSync(join(row.dir, 'terms.txt'), 'utf8')
    .split('\n')
    .filter((t) => t.length > 0);
  const bytes = readFileSync(join(row.dir, 'H.f32'));
  const H = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (H.length % terms.length) throw new Error(`H.f32 has ${H.length} values for ${terms.length} terms`);
  return { H, k: H.length / terms.length, terms };
}

/** H over X's columns (a term X lacks is dropped), and how many of the method's terms X has. */
function mapped(f: Factor, column: Map<string, number>, cols: number): { H: Dense; mapped: number } {
  const H = new Float32Array(f.k * cols);
  let hits = 0;
  f.terms.forEach((term, c) => {
    const j = column.get(term);
    if (j === undefined) return;
    hits++;
    for (let t = 0; t < f.k; t++) H[t * cols + j] = f.H[t * f.terms.length + c];
  });
  return { H: dense(f.k, cols, H), mapped: hits };
}

/** 1 − ‖X − WH‖²/‖X‖² in float64, from ‖X‖², tr(Wᵀ X Hᵀ) and tr(WᵀW · HHᵀ): WH is never formed. */
function explained(X: Csr, W: Dense, H: Dense): number {
  const k = H.rows,
    V = H.cols;
  const Ht = new Float64Array(V * k);
  for (let t = 0; t < k; t++) for (let j = 0; j < V; j++) Ht[j * k + t] = H.data[t * V + j];
  let xx = 0,
    cross = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
      const x = X.data[q],
        j = X.indices[q];
      let wh = 0;
      for (let t = 0; t < k; t++) wh += W.data[i * k + t] * Ht[j * k + t];
      xx += x * x;
      cross += x * wh;
    }
  }
  // the k × k Gram matrix MᵀM of an n × k row-major M
  const gram = (M: Float32Array | Float64Array, n: number) => {
    const G = new Float64Array(k * k);
    for (let r = 0; r < n; r++)
      for (let a = 0; a < k; a++) {
        const va = M[r * k + a];
        if (va !== 0) for (let b = 0; b < k; b++) G[a * k + b] += va * M[r * k + b];
      }
    return G;
  };
  const WtW = gram(W.data, X.rows),
    HHt = gram(Ht, V);
  let whwh = 0;
  for (let q = 0; q < k * k; q++) whwh += WtW[q] * HHt[q];
  return 1 - (xx - 2 * cross + whwh) / xx;
}

/** Hungarian-matched mean cosine of H's rows and the planted topics over X's columns. */
function recovery(H: Dense, truth: { word: string; p: number }[][], column: Map<string, number>): number {
  const V = H.cols,
    T = truth.length;
  const P = new Float64Array(T * V);
  truth.forEach((topic, s) => {
    for (const { word, p } of topic) {
      const j = column.get(word);
      if (j !== undefined) P[s * V + j] += p;
    }
  });
  const norm = (M: ArrayLike<number>, r: number) => {
    let s = 0;
    for (let j = 0; j < V; j++) s += M[r * V + j] ** 2;
    return Math.sqrt(s) || 1;
  };
  const hn = Array.from({ length: H.rows }, (_, t) => norm(H.data, t)),
    pn = Array.from({ length: T }, (_, s) => norm(P, s));
  const sim = new Float64Array(H.rows * T);
  for (let t = 0; t < H.rows; t++)
    for (let s = 0; s < T; s++) {
      let d = 0;
      for (let j = 0; j < V; j++) d += H.data[t * V + j] * P[s * V + j];
      sim[t * T + s] = d / (hn[t] * pn[s]);
    }
  return matchedMean(sim, H.rows, T);
}

const [corpus, truthFile] = process.argv.slice(2);
const rows = JSON.parse(readFileSync(0, 'utf8')) as Row[];
const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { word: string; p: number }[][];
const began = performance.now();
// latent's defaults of `topics` (cli/options.ts): min-df 2, max-df 0.95, tf-idf
const data = await loadText(await textSourceFor(corpus), { minDf: 2, maxDf: 0.95 }, {}, { tokens: true });
const X = data.X as Csr;
if (data.columns.kind !== 'text') throw new Error('not text');
const streams = data.columns.tokens as TokenStreams;
const column = new Map(data.columns.model.keys.map((key, j) => [key, j]));
process.stderr.write(
  `score: X ${X.rows} × ${X.cols}, ${X.data.length} nonzeros, ` +
    `loaded in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
);
const out: Record<string, unknown> = {};
for (const row of rows) {
  try {
    const f = await factorOf(row);
    const { H, mapped: hits } = mapped(f, column, X.cols);
    const { W } = await transform(X, H, { maxIter: SWEEPS, tol: 0 });
    out[row.id] = {
      explained: explained(X, W, H),
      npmi: coherence(H, X, streams, TOP).summary.npmi,
      recovery: recovery(H, truth, column),
      mapped: hits,
      terms: f.terms.length,
    };
  } catch (e) {
    out[row.id] = { error: (e as Error).message.split('\n')[0] };
  }
  process.stderr.write(`score: ${row.id} ${JSON.stringify(out[row.id])}\n`);
}
await releaseBackends();
process.stdout.write(JSON.stringify(out) + '\n');
