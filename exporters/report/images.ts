// The report's basis images: the montage, then each basis image large with its share and a strip of the
// images that use it most, and originals beside their reconstructions when asked. Every picture is a PNG
// in a data URL, drawn at a visible scale with pixelated scaling (28 × 28 digits would be specks).
import type { Dense } from '../../core/index.js';
import type { ImageShape } from '../images.js';
import { basisPng, clipToBytes, comparisonPng, montagePng, png, reconstruction } from '../images.js';
import type { Topic } from '../topics.js';
import { withTopDocuments } from '../topics.js';
import { topicHierarchy } from '../../evaluate/index.js';
import { cosineSimilarity, similarityChart } from './charts.js';
import type { Html } from './html.js';
import { html, percent, trusted } from './html.js';

const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
/** Displayed width for an image `width` pixels wide: at least `min` CSS pixels, in whole multiples. */
/** The basis images' sort control (the page's script reorders the cards). */
const SORT_CONTROLS = trusted(
  '<div class="controls"><label>Sort by <select id="order">' +
    '<option value="number">number</option><option value="share">share</option></select></label></div>',
);

const shown = (width: number, min: number) => width * Math.max(1, Math.ceil(min / width));

export interface ImagesReport {
  W: Dense;
  H: Dense;
  X: Dense;
  rows: string[];
  shape: ImageShape;
  shares: number[];
  reconstructions: number;
  strip?: number;
}

export async function imagesBody(r: ImagesReport): Promise<Html> {
  const { W, H, X, rows, shape, shares } = r;
  const k = H.rows,
    strip = r.strip ?? 8;
  const picture = async (values: ArrayLike<number>) =>
    dataUrl(await png(clipToBytes(values), shape.width, shape.height, shape.channels));
  // the images that use each component most: its `strip` rows of highest proportion
  const users = withTopDocuments(
    Array.from({ length: k }, (_, t): Topic => ({ topic: t + 1, share: shares[t], words: [] })),
    W,
    H,
    rows,
    [],
    strip,
  );
  const rowOf = new Map(rows.map((id, i) => [id, i]));
  const strips: Html[] = [];
  for (let t = 0; t < k; t++) {
    const thumbs: Html[] = [];
    for (const d of users[t].documents ?? []) {
      const i = rowOf.get(d.document)!;
      thumbs.push(
        html`<img class="pixels" src="${await picture(X.data.subarray(i * X.cols, (i + 1) * X.cols))}" width="${shown(
          shape.width,
          48,
        )}" alt="${d.document}" title="${d.document}: ${percent(d.share)}">`,
      );
    }
    strips.push(html`<div class="strip">${thumbs}</div>`);
  }
  const pairs: Html[] = [];
  for (let i = 0; i < Math.min(r.reconstructions, X.rows); i++) {
    const original = X.data.subarray(i * X.cols, (i + 1) * X.cols);
    pairs.push(
      html`<figure><img class="pixels" src="${dataUrl(
        await comparisonPng(original, reconstruction(W, H, i), shape),
      )}" width="${shown(2 * shape.width, 192)}" alt="${rows[i]}"><figcaption class="mono">${
        rows[i]
      }</figcaption></figure>`,
    );
  }
  return html`${await basisSections(H, shape, shares, strips)}
${
  pairs.length
    ? html`<section id="reconstructions"><h2>Originals and reconstructions</h2><div class="strip">${
        pairs
      }</div></section>`
    : ''
}`;
}

/** The montage, the components' similarity, and each basis image large with its share, and below it
 *  `below[t]` when given (the images that use it most). */
async function basisSections(
  H: Dense,
  shape: ImageShape,
  shares: readonly number[],
  below: readonly Html[] = [],
): Promise<Html> {
  const k = H.rows,
    cards: Html[] = [];
  for (let t = 0; t < k; t++) {
    cards.push(html`<article class="card basis" data-number="${t + 1}" data-share="${shares[t]}">
<h3>Component ${t + 1} <span class="muted">· ${percent(shares[t])}</span></h3>
<img class="pixels" src="${dataUrl(await basisPng(H, t, shape))}" width="${shown(
      shape.width,
      192,
    )}" alt="basis image ${t + 1}">
${below[t] ?? ''}</article>`);
  }
  return html`<section id="overview"><h2>Overview</h2><div class="overview">
<figure><h3>All ${k} basis images</h3><img class="pixels" src="${dataUrl(
    await montagePng(H, shape),
  )}" width="${Math.min(
    640,
    shown(Math.ceil(Math.sqrt(k)) * shape.width, 400),
  )}" alt="montage of the ${k} basis images"></figure>
<figure><h3>How alike the components are (cosine of H's rows, in the hierarchy's order)</h3>${similarityChart(
    cosineSimilarity(H),
    'component',
    topicHierarchy(H).order,
  )}</figure>
</div></section>
<section id="components"><h2>Basis images</h2>
${SORT_CONTROLS}
<div class="cards">${cards}</div></section>`;
}

/** A saved image model's basis images, without its training images (`show --model --report`). */
export const basisBody = (H: Dense, shape: ImageShape, shares: readonly number[]): Promise<Html> =>
  basisSections(H, shape, shares);
