// The report's topics (or a matrix's components): an overview (the topics' sizes, how alike they are)
// and one card per topic with its share, its top words as bars by weight, its coherence and its
// representative documents when the run has them.
import type { Dense } from '../../core/index.js';
import type { CoherenceSummary } from '../coherence.js';
import type { Topic } from '../topics.js';
import { jensenShannon, principalCoordinates, topicHierarchy } from '../../evaluate/index.js';
import { cosineSimilarity, sharesChart, similarityChart } from './charts.js';
import { dendrogramChart, distanceMapChart } from './maps.js';
import { relevanceCandidates } from './relevance.js';
import type { Html } from './html.js';
import { html, num, percent, trusted } from './html.js';

/** What a factor and its items are called: topics of words, components of columns. */
export interface FactorWords {
  factor: string;
  item: string;
}
export const TOPIC_WORDS: FactorWords = { factor: 'topic', item: 'word' };
export const COMPONENT_COLUMNS: FactorWords = { factor: 'component', item: 'column' };

// Fixed markup of the page, kept out of its templates.
const DISTANCE_MAP_TITLE = trusted('<h3>Intertopic distance map (Jensen–Shannon, classical MDS; area: share)</h3>');
const HIERARCHY_TITLE = trusted('<h3>Hierarchy (the joins <code>merge --reduce-to</code> makes, bottom up)</h3>');
const LAMBDA_INPUT = trusted(
  '<input id="lambda" type="range" min="0" max="1" step="0.1" value="1"> <output id="lambda-value">1.0</output>',
);
const SORT_OPTIONS = trusted('<option value="number">number</option><option value="share">share</option>');
const SCORE_OPTIONS = trusted(
  '<option value="npmi">NPMI</option><option value="umass">UMass</option><option value="cv">c_v</option>',
);

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

function card(t: Topic, names: FactorWords, candidates?: unknown): Html {
  const max = Math.max(...t.words.map((w) => w.weight), 1e-30);
  const words = t.words.map(
    (w) =>
      html`<li><span class="word" title="${w.word}">${
        w.word
      }</span><span class="track"><span class="bar" style="width: ${((100 * w.weight) / max).toFixed(
        2,
      )}%" data-weight="${w.weight}"></span></span><span class="weight">${num(w.weight)}</span></li>`,
  );
  const scored = t.npmi !== undefined ? html` · NPMI ${num(t.npmi)} · UMass ${num(t.umass)} · c_v ${num(t.cv)}` : '';
  const docs = t.documents?.length
    ? html`<ol class="docs">${t.documents.map(
        (d) => html`<li><b>${d.document}</b> <span class="muted">${percent(d.share)}</span> ${d.text}</li>`,
      )}</ol>`
    : '';
  return html`<article class="card" data-number="${t.topic}" data-share="${t.share}" data-npmi="${
    t.npmi ?? ''
  }" data-umass="${t.umass ?? ''}" data-cv="${t.cv ?? ''}"${
    candidates ? html` data-top="${t.words.length}" data-relevance="${JSON.stringify(candidates)}"` : ''
  }>
<h3>${capital(names.factor)} ${t.topic} <span class="muted">· ${percent(t.share)}${scored}</span></h3>
<ul class="words">${words}</ul>${docs}</article>`;
}

/** How the factors relate: the distance map, the hierarchy, and the heat map in the hierarchy's order. */
export function relations(H: Dense, shares: readonly number[], labels: readonly string[], names: FactorWords): Html {
  const { joins, order } = topicHierarchy(H);
  const map =
    H.rows > 1
      ? html`<figure id="distance-map">${DISTANCE_MAP_TITLE}${distanceMapChart(
          principalCoordinates(jensenShannon(H)),
          shares,
          labels,
          capital(names.factor),
        )}</figure>`
      : '';
  const tree =
    H.rows > 1
      ? html`<figure id="hierarchy">${HIERARCHY_TITLE}${dendrogramChart(
          joins,
          order,
          labels,
          capital(names.factor),
        )}</figure>`
      : '';
  return html`<figure id="similarity"><h3>How alike the ${
    names.factor
  }s are (cosine of H's rows, in the hierarchy's order)</h3>${similarityChart(
    cosineSimilarity(H),
    names.factor,
    order,
  )}</figure>${map}${tree}`;
}

/** The overview and the cards of every topic. `H` gives the similarity of the topics; `terms` (H's
 *  columns) the relevance slider's words, when given. */
export function topicsBody(
  topics: Topic[],
  H: Dense,
  names: FactorWords = TOPIC_WORDS,
  summary?: CoherenceSummary,
  terms?: readonly string[],
): Html {
  const candidates = terms
    ? relevanceCandidates(
        H,
        topics.map((t) => t.share),
        terms,
        Math.max(1, ...topics.map((t) => t.words.length)),
      )
    : null;
  const slider = candidates
    ? html`<label title="pyLDAvis' relevance: λ·log p(${names.item} | ${
        names.factor
      }) + (1 − λ)·log lift">Relevance λ ${LAMBDA_INPUT}</label>`
    : '';
  const scored = topics.some((t) => t.npmi !== undefined);
  const coherence = summary
    ? html`<p>Mean NPMI ${num(summary.npmi)}, mean UMass ${num(summary.umass)}, mean c_v ${num(
        summary.cv,
      )}, diversity ${num(summary.diversity)} (top ${summary.top} ${names.item}s; NPMI over windows of ${
        summary.window
      } tokens).</p>`
    : '';
  const labels = topics.map((t) =>
    t.words
      .slice(0, 3)
      .map((w) => w.word)
      .join(' '),
  );
  return html`<section id="overview"><h2>Overview</h2>${coherence}
<div class="overview"><figure><h3>Share of each ${names.factor}</h3>${sharesChart(
    topics.map((t) => t.share),
    capital(names.factor),
    labels,
  )}</figure>
${relations(
  H,
  topics.map((t) => t.share),
  labels,
  names,
)}</div>
</section>
<section id="${names.factor}s"><h2>${capital(names.factor)}s</h2>
<div class="controls"><label>Filter <input id="filter" type="search" placeholder="a ${names.item}…"></label>
${slider}<label>Sort by <select id="order">${SORT_OPTIONS}${scored ? SCORE_OPTIONS : ''}</select></label></div>
<div class="cards">${topics.map((t, i) => card(t, names, candidates?.[i]))}</div></section>`;
}
