// A seeded generator of topical corpora with planted topics, for the scale benchmark: documents are
// drawn from an LDA-like model (each document a mixture of 1–3 of T topics plus a Zipfian background),
// so that a factorization's topics can be scored against the planted ones. Words are pronounceable
// made-up words, none an English stop word, so tokenizers keep them all.
//
//   node dist/bench/corpus.js DOCS [--seed S] [--topics T] [--vocab V] [--words N] [--jsonl] [--truth FILE]
//
// writes DOCS documents to stdout, one per line (or JSONL objects {"id","text"}); --truth writes the
// planted topics (each topic's words and probabilities) as JSON. Same arguments, same bytes.
import { writeFileSync } from 'node:fs';
import { Random } from '../core/index.js';

export interface CorpusSpec {
  docs: number;
  seed: number;
  topics: number;
  vocab: number;
  words: number;
}

const SYLLABLES = [
  'ba',
  'ko',
  'ri',
  'tu',
  'me',
  'sa',
  'di',
  'lo',
  'ne',
  'pu',
  'ga',
  'fi',
  'zo',
  've',
  'hu',
  'ja',
  'ky',
  'wo',
  'xe',
  'qi',
];

/** Word w's spelling: three or four syllables from w's digits in base 20, so every word is distinct. */
export function wordOf(w: number): string {
  let s = '',
    x = w + 20; // ≥ 20: at least two syllables; the commonest words are the shortest
  while (x > 0) {
    s += SYLLABLES[x % 20];
    x = Math.floor(x / 20);
  }
  return s;
}

/** Cumulative weights ∝ 1/(rank+2.7)^a for sampling by binary search. */
function zipf(n: number, a: number): Float64Array {
  const c = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += 1 / (i + 2.7) ** a;
    c[i] = s;
  }
  for (let i = 0; i < n; i++) c[i] /= s;
  return c;
}

const draw = (cum: Float64Array, u: number): number => {
  let lo = 0,
    hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Words each planted topic draws from, and the share of a document's words drawn from its topics. */
const TOPIC_WORDS = 300,
  TOPICAL = 0.75;

export interface PlantedTopics {
  words: Int32Array[];
  cum: Float64Array;
}

export function plantTopics(spec: CorpusSpec): PlantedTopics {
  const r = new Random(spec.seed ^ 0x5eed);
  // each topic: TOPIC_WORDS distinct words taken from the vocabulary, in a Zipfian order of weight
  const words = Array.from({ length: spec.topics }, () => {
    const picked = new Set<number>();
    while (picked.size < Math.min(TOPIC_WORDS, spec.vocab)) picked.add(r.nextUint32() % spec.vocab);
    return Int32Array.from(picked);
  });
  return { words, cum: zipf(TOPIC_WORDS, 1.1) };
}

/** Every document's text, in order. */
export function* generate(spec: CorpusSpec): Generator<string> {
  const planted = plantTopics(spec);
  const background = zipf(spec.vocab, 1.05);
  const r = new Random(spec.seed);
  const spelled = Array.from({ length: spec.vocab }, (_, w) => wordOf(w));
  const mix = new Float64Array(3),
    which = new Int32Array(3);
  const parts: string[] = [];
  for (let i = 0; i < spec.docs; i++) {
    const m = 1 + (r.nextUint32() % 3);
    let total = 0;
    for (let q = 0; q < m; q++) {
      which[q] = r.nextUint32() % spec.topics;
      mix[q] = 0.2 + r.uniform();
      total += mix[q];
    }
    const length = Math.max(5, Math.round(spec.words * (0.5 + r.uniform())));
    parts.length = 0;
    for (let n = 0; n < length; n++) {
      let w: number;
      if (r.uniform() < TOPICAL) {
        let u = r.uniform() * total,
          q = 0;
        while (q < m - 1 && u >= mix[q]) {
          u -= mix[q];
          q++;
        }
        w = planted.words[which[q]][draw(planted.cum, r.uniform())];
      } else w = draw(background, r.uniform());
      parts.push(spelled[w]);
    }
    yield parts.join(' ');
  }
}

/** The planted topics as term → probability, for scoring recovery. */
export function truthOf(spec: CorpusSpec): { word: string; p: number }[][] {
  const { words, cum } = plantTopics(spec);
  return words.map((ws) => Array.from(ws, (w, q) => ({ word: wordOf(w), p: cum[q] - (q ? cum[q - 1] : 0) })));
}

if (process.argv[1]?.endsWith('corpus.js')) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const spec: CorpusSpec = {
    docs: Number(args[0]),
    seed: flag('seed', 1),
    topics: flag('topics', 50),
    vocab: flag('vocab', 50000),
    words: flag('words', 80),
  };
  if (!(Number.isInteger(spec.docs) && spec.docs > 0)) {
    process.stderr.write('corpus: give the number of documents\n');
    process.exit(2);
  }
  const jsonl = args.includes('--jsonl');
  const truth = args.indexOf('--truth');
  if (truth >= 0) writeFileSync(args[truth + 1], JSON.stringify(truthOf(spec)));
  // chunks of 4096 documents, waiting on the pipe (a FIFO to a slower reader): memory stays flat
  let chunk: string[] = [],
    i = 0;
  for (const text of generate(spec)) {
    chunk.push(jsonl ? `${JSON.stringify({ id: `d${i}`, text })}\n` : `${text}\n`);
    i++;
    if (chunk.length === 4096 || i === spec.docs) {
      if (!process.stdout.write(chunk.join(''))) await new Promise((resolve) => process.stdout.once('drain', resolve));
      chunk = [];
    }
  }
}
