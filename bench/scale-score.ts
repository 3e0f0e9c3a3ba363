// The scale benchmark's one judge (bench/scale.ts runs it once per corpus size): every method's H is
// mapped by term string onto ONE X — latent's tf-idf matrix of the corpus with its default token
// settings — and scored there by the same code:
//   explained variance 1 − ‖X − WH‖²/‖X‖², W re-solved with H fixed by latent's transform (HALS sweeps);
//   NPMI of each topic's top 10 words over latent's token streams (gensim's c_npmi, latent's coherence);
//   recovery: mean cosine of Hungarian-matched pairs of H's rows and the planted topics' word distributions.
// X is never held whole, so that a corpus of any size can be judged: a first pass counts the vocabulary
// (unpruned, the batch loader's), a second reads blocks of documents, and every measure is a sum over
// rows (‖X‖², tr(WᵀXHᵀ), WᵀW; window counts), added up block by block. Each row's W given H is its own
// problem, so blocks change nothing but W's random start.
//
//   node scale-score.js CORPUS TRUTH.json < [{ "id", "kind": "latent" | "peer", "dir" }, …]
//
// prints { id: { explained, npmi, recovery, mapped, terms } | { error } } on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Csr, Dense } from '../core/index.js';
import { dense, releaseBackends, transform } from '../core/index.js';
import type { WindowCounts } from '../evaluate/index.js';
import { windowCounts } from '../evaluate/index.js';
import { npmiOfTopic, readModel, topColumns } from '../exporters/index.js';
import type { TextModel, TokenStreams } from '../loaders/index.js';
import { countVocabulary, forEachDocument, textSourceFor, tokenStreamsWith, vectorizeWith } from '../loaders/index.js';
import { matchedMean } from './hungarian.js';

/** Sweeps of W with H fixed: enough for W alone to settle, the same work for every method. */
const SWEEPS = 50;
const TOP = 10;
/** Documents per block: their X, token streams and every method's W are what the judge holds. */
const BLOCK = 100_000;
/** latent's defaults of `topics` (cli/options.ts): min-df 2, max-df 0.95, tf-idf. */
const DEFAULTS = { minDf: 2, maxDf: 0.95 };

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

/** The k × k Gram matrix MᵀM of an n × k row-major M, added into G in float64. */
function addGram(G: Float64Array, M: Float32Array | Float64Array, n: number, k: number): void {
  for (let r = 0; r < n; r++)
    for (let a = 0; a < k; a++) {
      const va = M[r * k + a];
      if (va !== 0) for (let b = 0; b < k; b++) G[a * k + b] += va * M[r * k + b];
    }
}

/** One method's H over X's columns and its sums over the blocks read so far: tr(WᵀXHᵀ), WᵀW, windows. */
class Judge {
  readonly Ht: Float64Array;
  readonly WtW: Float64Array;
  cross = 0;
  /** why this method could not be judged, once a block failed */
  error: string | null = null;
  /** the top words' columns, their indices among the u distinct ones, and their window counts */
  readonly tops: number[][];
  readonly relevant: Int32Array;
  readonly u: number;
  readonly windows: WindowCounts;

  constructor(readonly H: Dense) {
    const k = H.rows,
      V = H.cols;
    this.Ht = new Float64Array(V * k);
    for (let t = 0; t < k; t++) for (let j = 0; j < V; j++) this.Ht[j * k + t] = H.data[t * V + j];
    this.WtW = new Float64Array(k * k);
    this.tops = topColumns(H, TOP);
    this.relevant = new Int32Array(V).fill(-1);
    let u = 0;
    for (const cols of this.tops) for (const c of cols) if (this.relevant[c] < 0) this.relevant[c] = u++;
    this.u = u;
    this.windows = { single: new Float64Array(u), pair: new Float64Array(u * u), windows: 0 };
  }

  /** Adds a block: its rows' W solved with H fixed, and the windows of its token streams. */
  async add(X: Csr, streams: TokenStreams): Promise<void> {
    const { W } = await transform(X, this.H, { maxIter: SWEEPS, tol: 0 });
    const k = this.H.rows;
    for (let i = 0; i < X.rows; i++)
      for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
        const j = X.indices[q];
        let wh = 0;
        for (let t = 0; t < k; t++) wh += W.data[i * k + t] * this.Ht[j * k + t];
        this.cross += X.data[q] * wh;
      }
    addGram(this.WtW, W.data, X.rows, k);
    const w = windowCounts(streams, this.relevant, this.u, 10);
    for (let r = 0; r < this.u; r++) this.windows.single[r] += w.single[r];
    for (let q = 0; q < this.u * this.u; q++) this.windows.pair[q] += w.pair[q];
    this.windows.windows += w.windows;
  }

  /** 1 − ‖X − WH‖²/‖X‖² in float64, from ‖X‖², tr(WᵀXHᵀ) and tr(WᵀW · HHᵀ): WH is never formed. */
  explained(xx: number): number {
    const k = this.H.rows;
    const HHt = new Float64Array(k * k);
    addGram(HHt, this.Ht, this.H.cols, k);
    let whwh = 0;
    for (let q = 0; q < k * k; q++) whwh += this.WtW[q] * HHt[q];
    return 1 - (xx - 2 * this.cross + whwh) / xx;
  }

  /** Mean NPMI of the topics' top words over every block's windows. */
  npmi(): number | null {
    const scores = this.tops.flatMap((cols) => {
      const s = npmiOfTopic(
        this.windows,
        this.u,
        cols.map((c) => this.relevant[c]),
      );
      return s === null ? [] : [s];
    });
    return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  }
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

/** Every judge's sums over the corpus's documents, BLOCK at a time; returns ‖X‖² and the rows read. */
async function readBlocks(corpus: string, model: TextModel, judges: Judge[]): Promise<{ xx: number; rows: number }> {
  let texts: string[] = [],
    xx = 0,
    rows = 0;
  const block = async () => {
    const X = vectorizeWith(model, texts),
      streams = tokenStreamsWith(model, texts);
    for (let q = 0; q < X.data.length; q++) xx += X.data[q] * X.data[q];
    for (const judge of judges)
      if (judge.error === null)
        await judge.add(X, streams).catch((e: Error) => (judge.error = e.message.split('\n')[0]));
    rows += texts.length;
    texts = [];
    process.stderr.write(`score: ${rows} documents judged\n`);
  };
  await forEachDocument(await textSourceFor(corpus), (doc) => {
    texts.push(doc.text);
    if (texts.length === BLOCK) return block();
  });
  if (texts.length) await block();
  return { xx, rows };
}

const [corpus, truthFile] = process.argv.slice(2);
const rows = JSON.parse(readFileSync(0, 'utf8')) as Row[];
const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { word: string; p: number }[][];
const began = performance.now();
const { model, documents } = await countVocabulary(await textSourceFor(corpus), DEFAULTS, {}, Number.MAX_SAFE_INTEGER);
const cols = model.keys.length;
const column = new Map(model.keys.map((key, j) => [key, j]));
process.stderr.write(
  `score: ${documents} documents, ${cols} terms, counted in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
);
const out: Record<string, unknown> = {};
const judged: { row: Row; judge: Judge; H: Dense; mapped: number; terms: number }[] = [];
for (const row of rows) {
  try {
    const f = await factorOf(row);
    const { H, mapped: hits } = mapped(f, column, cols);
    judged.push({ row, judge: new Judge(H), H, mapped: hits, terms: f.terms.length });
  } catch (e) {
    out[row.id] = { error: (e as Error).message.split('\n')[0] };
  }
}
const { xx } = await readBlocks(
  corpus,
  model,
  judged.map((j) => j.judge),
);
for (const { row, judge, H, mapped: hits, terms } of judged) {
  out[row.id] =
    judge.error !== null
      ? { error: judge.error }
      : {
          explained: judge.explained(xx),
          npmi: judge.npmi(),
          recovery: recovery(H, truth, column),
          mapped: hits,
          terms,
        };
  process.stderr.write(`score: ${row.id} ${JSON.stringify(out[row.id])}\n`);
}
await releaseBackends();
process.stdout.write(JSON.stringify(out) + '\n');
