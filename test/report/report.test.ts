// Reports opened in a real browser (chromium): nothing leaves the file, no error, one card per factor,
// bars in the order of their weights, text from the input shown as text and never run.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../cli/run.js';
import { closeBrowser, openPages, report, screenshot } from './browser.js';
import type { Visit } from './browser.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('report');
// one page at a time, each closed after its test
test.afterEach.always(async () => {
  for (const v of openPages.splice(0)) await v.page.close();
});
test.after.always(closeBrowser);

/** Nothing but the file itself and its data URLs was requested, and nothing failed or complained. */
function selfContained(t: import('ava').ExecutionContext, v: Visit) {
  t.deepEqual(v.errors, []);
  t.deepEqual(v.failed, []);
  t.deepEqual(
    v.requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')),
    [],
  );
  t.is(v.requests.filter((u) => u.startsWith('file://')).length, 1, 'the page asks for no other file');
}

/** In every card, the bars' widths fall as the weights do. */
async function barsFollowWeights(t: import('ava').ExecutionContext, v: Visit) {
  const cards = await v.page.$$eval('.card', (cs) =>
    cs.map((c) =>
      [...c.querySelectorAll('.bar')].map((b) => ({
        width: b.getBoundingClientRect().width,
        weight: Number((b as HTMLElement).dataset.weight),
      })),
    ),
  );
  for (const bars of cards) {
    t.true(bars.length > 0);
    for (let i = 1; i < bars.length; i++) {
      t.true(bars[i - 1].weight >= bars[i].weight);
      t.true(bars[i - 1].width >= bars[i].width - 0.01, `bar ${i} is wider than the heavier one before it`);
    }
    t.true(bars[0].width > 0);
  }
}

test.serial(
  'a topics report: 8 topic cards with bars by weight, coherence and documents, nothing fetched',
  async (t) => {
    const file = join(dir, 'topics.html');
    const v = await report(
      t,
      ['topics', join(FIXTURES, 'emails'), '-k', '8', '--top-docs', '2', '--report', file],
      file,
    );
    if (!v) return;
    selfContained(t, v);
    t.is(await v.page.$$eval('.card', (c) => c.length), 8);
    await barsFollowWeights(t, v);
    t.is(await v.page.$$eval('.card .docs li', (l) => l.length), 16);
    t.regex(await v.page.$eval('#overview', (e) => e.textContent ?? ''), /Mean NPMI/);
    // the page's own script: sorting by share puts the largest topic first
    await v.page.select('#order', 'share');
    const shares = await v.page.$$eval('.card', (cs) => cs.map((c) => Number((c as HTMLElement).dataset.share)));
    t.deepEqual(
      shares,
      [...shares].sort((a, b) => b - a),
    );
    t.log(await screenshot(v.page, 'topics-report.png'));
  },
);

test.serial('an images report: the montage and 16 basis images with their strips, all drawn', async (t) => {
  const out = join(dir, 'bases');
  const file = join(out, 'index.html');
  const v = await report(
    t,
    ['images', join(FIXTURES, 'digits'), '-k', '16', '--out-dir', out, '--reconstructions', '3', '--report', file],
    file,
  );
  if (!v) return;
  selfContained(t, v);
  t.is(await v.page.$$eval('.card.basis', (c) => c.length), 16);
  t.is(await v.page.$$eval('.card.basis .strip img', (c) => c.length), 16 * 8);
  t.is(await v.page.$$eval('#reconstructions img', (c) => c.length), 3);
  // every picture decoded and drawn at a visible size
  const images = await v.page.$$eval('img', (is) =>
    is.map((i) => ({ natural: i.naturalWidth, shown: i.getBoundingClientRect().width })),
  );
  t.true(
    images.every((i) => i.natural > 0 && i.shown >= 28),
    JSON.stringify(images.slice(0, 3)),
  );
  t.log(await screenshot(v.page, 'images-report.png'));
});

test.serial('words and document ids that hold <script> show as text and never run', async (t) => {
  const csv = join(dir, 'hostile.csv');
  const rows = Array.from(
    { length: 12 },
    (_, i) =>
      `"<script>alert(${i})</script>","<script>alert(1)</script> <img src=x onerror=alert(2)> ` +
      `apples pears ${i % 2 ? 'plums' : 'figs'}"`,
  );
  writeFileSync(csv, `id,text\n${rows.join('\n')}\n`);
  const file = join(dir, 'hostile.html');
  const v = await report(
    t,
    [
      'topics',
      csv,
      '--text-column',
      'text',
      '--id-column',
      'id',
      '--no-strip-html',
      '--token-pattern',
      '\\S+',
      '--min-df',
      '1',
      '-k',
      '2',
      '--top-docs',
      '2',
      '--report',
      file,
    ],
    file,
  );
  if (!v) return;
  t.deepEqual(v.dialogs, []);
  selfContained(t, v);
  t.is(await v.page.$$eval('script', (s) => s.length), 1, "only the page's own script");
  t.is(await v.page.$$eval('.card img', (s) => s.length), 0);
  const text = await v.page.$eval('body', (b) => b.textContent ?? '');
  t.true(text.includes('<script>alert(1)</script>'), 'the word is shown as it is');
  t.true(text.includes('<img src=x onerror=alert(2)>'));
});

test.serial('factorize and show reports: one card per component, the run recorded', async (t) => {
  const model = join(dir, 'm.json'),
    file = join(dir, 'factors.html'),
    shown = join(dir, 'show.html');
  const v = await report(
    t,
    ['factorize', join(FIXTURES, 'matrix', 'small.mtx'), '-k', '3', '--model', model, '--report', file],
    file,
  );
  if (!v) return;
  selfContained(t, v);
  t.is(await v.page.$$eval('.card', (c) => c.length), 3);
  t.regex(await v.page.$eval('#run', (e) => e.textContent ?? ''), /latent factorize .*small\.mtx -k 3/);
  const s = await report(t, ['show', '--model', model, '--report', shown], shown);
  selfContained(t, s!);
  t.is(await s!.page.$$eval('.card', (c) => c.length), 3);
});
