import test from 'ava';
import { csr, dense } from '../../core/index.js';
import { CV_WINDOW, cvOfTopic, windowCounts } from '../../evaluate/index.js';
import { coherence } from '../../exporters/index.js';

// A made-up corpus with documents shorter and longer than the window of 110, and words outside the
// vocabulary holding their place ('zz', column −1). The reference values are gensim 4.2.0's, from
// Debian's /usr/bin/python3:
//   from gensim.corpora import Dictionary
//   from gensim.models.coherencemodel import CoherenceModel
//   words = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'honey']
//   lengths = [5, 12, 130, 40, 3, 200, 1, 60]
//   texts = [['zz' if (i + d) % 7 == 0 else words[(i * i + 3 * d * i + d) % 8] for i in range(n)]
//            for d, n in enumerate(lengths)]
//   topics = [['apple', 'banana', 'cherry', 'date'], ['elder', 'fig', 'grape'],
//             ['honey', 'apple', 'fig', 'cherry', 'banana']]
//   cm = CoherenceModel(topics=topics, texts=texts, dictionary=Dictionary(texts), coherence='c_v',
//                       window_size=110, topn=5, processes=1)
//   print([repr(float(x)) for x in cm.get_coherence_per_topic()])
const GENSIM = [0.310779667013673, 0.21882317515816138, 0.2838708127764382];
const lengths = [5, 12, 130, 40, 3, 200, 1, 60];
const ids: number[] = [],
  offsets = [0];
lengths.forEach((n, d) => {
  for (let i = 0; i < n; i++) ids.push((i + d) % 7 === 0 ? -1 : (i * i + 3 * d * i + d) % 8);
  offsets.push(ids.length);
});
const streams = { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets) };
const topics = [
  [0, 1, 2, 3],
  [4, 5, 6],
  [7, 0, 5, 2, 1],
];

test("c_v equals gensim's to 1e-12 per topic", (t) => {
  const counts = windowCounts(streams, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), 8, CV_WINDOW);
  topics.forEach((r, i) => {
    const got = cvOfTopic(counts, 8, r)!;
    t.true(Math.abs(got - GENSIM[i]) < 1e-12, `topic ${i + 1}: ${got} vs gensim ${GENSIM[i]}`);
  });
});

test("coherence() reports c_v beside NPMI and UMass, from H's top words", (t) => {
  // H whose rows rank the topics' words in the order above
  const H = dense(3, 8);
  topics.forEach((r, i) =>
    r.forEach((c, rank) => {
      H.data[i * 8 + c] = 10 - rank;
    }),
  );
  const X = csr(
    lengths.length,
    8,
    Int32Array.from({ length: lengths.length + 1 }, () => 0),
    new Int32Array(0),
    new Float32Array(0),
  );
  const { topics: scored, summary } = coherence(H, X, streams, 5);
  scored.forEach((s, i) => t.true(Math.abs(s.cv! - GENSIM[i]) < 1e-12));
  t.true(Math.abs(summary.cv! - GENSIM.reduce((a, b) => a + b, 0) / 3) < 1e-12);
});

test('c_v of a topic with fewer than two words seen in any window is null, never NaN', (t) => {
  const counts = windowCounts(streams, Int32Array.from([0, -1, -1, -1, -1, -1, -1, -1]), 1, CV_WINDOW);
  t.is(cvOfTopic(counts, 1, [0]), null);
});
