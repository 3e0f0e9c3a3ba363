import test from 'ava';
import { csr, dense } from '../../core/index.js';
import { coherence } from '../../exporters/index.js';

// words a b c d are columns 0 1 2 3; documents: a b c | a b | c d | (empty)
const streams = { ids: Int32Array.from([0, 1, 2, 0, 1, 2, 3]), offsets: Int32Array.from([0, 3, 5, 7, 7]) };
const X = csr(
  4,
  4,
  Int32Array.from([0, 3, 5, 7, 7]),
  Int32Array.from([0, 1, 2, 0, 1, 2, 3]),
  new Float32Array(7).fill(1),
);
// topics: a > b; c > d; a > d
const H = dense(3, 4, Float32Array.from([2, 1, 0, 0, 0, 0, 2, 1, 2, 0, 0, 1]));
const EPS = 1e-12;
const npmi = (pab: number, pa: number, pb: number) => Math.log((pab + EPS) / (pa * pb)) / -Math.log(pab + EPS);

test('NPMI, UMass and diversity equal a hand computation', (t) => {
  const { topics, summary } = coherence(H, X, streams, 2);
  // three windows (each document is shorter than 10 tokens; the empty one is none)
  t.true(Math.abs(topics[0].npmi! - 1) < 1e-9); // a and b: always together
  t.true(Math.abs(topics[1].npmi! - npmi(1 / 3, 2 / 3, 1 / 3)) < 1e-12); // = ln 1.5 / ln 3
  t.true(Math.abs(topics[1].npmi! - Math.log(1.5) / Math.log(3)) < 1e-9);
  t.true(Math.abs(topics[2].npmi! - npmi(0, 2 / 3, 1 / 3)) < 1e-12); // never together: about −0.95
  // UMass: log((D(b,a)/n + ε) / (D(a)/n)) over n = 4 documents
  t.true(Math.abs(topics[0].umass! - Math.log(2 / 4 / (2 / 4))) < 1e-9);
  t.true(Math.abs(topics[1].umass! - Math.log((1 / 4 + EPS) / (2 / 4))) < 1e-12);
  t.true(Math.abs(summary.npmi! - (topics[0].npmi! + topics[1].npmi! + topics[2].npmi!) / 3) < 1e-12);
  t.is(summary.diversity, 4 / 6);
});

test("NPMI windows slide over long documents as gensim's do", (t) => {
  // a a b, window 2: windows [a a] and [a b]; gensim marks the a leaving on the left absent although
  // another a stays, so the second window counts b alone: P(a) = 1/2, P(b) = 1/2, P(a,b) = 0
  const s = { ids: Int32Array.from([0, 0, 1]), offsets: Int32Array.from([0, 3]) };
  const x = csr(1, 2, Int32Array.from([0, 2]), Int32Array.from([0, 1]), Float32Array.from([2, 1]));
  const { topics } = coherence(dense(1, 2, Float32Array.from([2, 1])), x, s, 2, 2);
  t.true(Math.abs(topics[0].npmi! - npmi(0, 1 / 2, 1 / 2)) < 1e-12);
  // a b a b c c, window 2: [a b] [b a] [a b] [b c] [c c]: P(a) = 3/5, P(b) = 4/5, P(a,b) = 3/5
  const s2 = { ids: Int32Array.from([0, 1, 0, 1, 2, 2]), offsets: Int32Array.from([0, 6]) };
  const x2 = csr(1, 3, Int32Array.from([0, 3]), Int32Array.from([0, 1, 2]), Float32Array.from([2, 2, 2]));
  const got = coherence(dense(1, 3, Float32Array.from([2, 1, 0])), x2, s2, 2, 2).topics[0].npmi!;
  t.true(Math.abs(got - npmi(3 / 5, 3 / 5, 4 / 5)) < 1e-12);
});

test('a topic with fewer than two scorable words has no score, never NaN', (t) => {
  const { topics, summary } = coherence(dense(1, 4, Float32Array.from([0, 0, 0, 1])), X, streams, 5);
  t.is(topics[0].npmi, null);
  t.is(topics[0].umass, null);
  t.is(summary.npmi, null);
});
