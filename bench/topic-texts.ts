// The token sequences latent's own topic coherence runs over (stop words gone, markup stripped, pruned
// words as a placeholder that is no word), written as JSON for gensim to score: the bench checks that
// its NPMI agrees with latent's.
import { loadText, textSourceFor } from '../loaders/index.js';

const [root] = process.argv.slice(2);
const data = await loadText(await textSourceFor(root), { minDf: 2, maxDf: 0.95 }, {}, { tokens: true });
if (data.columns.kind !== 'text' || !data.columns.tokens) throw new Error('no token streams');
const { terms, tokens } = data.columns;
const texts = Array.from({ length: tokens.offsets.length - 1 }, (_, d) =>
  Array.from(tokens.ids.subarray(tokens.offsets[d], tokens.offsets[d + 1]), (c) => (c >= 0 ? terms[c] : '\u0001')),
);
process.stdout.write(JSON.stringify({ texts }));
