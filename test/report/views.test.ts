// The report's views of how topics relate and of classes and periods, opened in chromium.
import test from 'ava';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FIXTURES, latent } from '../cli/run.js';
import { closeBrowser, openPages, report } from './browser.js';
import type { Visit } from './browser.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('views');
test.afterEach.always(async () => {
  for (const v of openPages.splice(0)) await v.page.close();
});
test.after.always(closeBrowser);

/** The report of `args`, opened; nothing failed or complained on the page. */
async function opened(t: import('ava').ExecutionContext, args: string[], file: string): Promise<Visit | null> {
  const v = await report(t, args, file);
  if (v) {
    t.deepEqual(v.errors, []);
    t.deepEqual(v.failed, []);
  }
  return v;
}

test.serial(
  'topics report: distance map, hierarchy, ordered heat map with its scale, per-class and per-month views',
  async (t) => {
    const rows = readdirSync(join(FIXTURES, 'emails'))
      .sort()
      .flatMap((folder) =>
        readdirSync(join(FIXTURES, 'emails', folder)).map((f) => {
          const text = readFileSync(join(FIXTURES, 'emails', folder, f), 'utf8');
          const date = Date.parse(/^\s*Date:\s*(.*)$/m.exec(text)?.[1] ?? '');
          return {
            class: folder.replace(/-\d$/, ''),
            date: Number.isNaN(date) ? '' : new Date(date).toISOString().slice(0, 10),
            text,
          };
        }),
      );
    const csv = join(dir, 'emails.csv'),
      file = join(dir, 'topics.html');
    writeFileSync(csv, Papa.unparse(rows));
    const v = await opened(
      t,
      [
        'topics',
        csv,
        '--text-column',
        'text',
        '--class-column',
        'class',
        '--time-column',
        'date',
        '-k',
        '6',
        '--seed',
        '1',
        '--report',
        file,
      ],
      file,
    );
    if (!v) return;
    t.is(await v.page.$$eval('#distance-map circle', (c) => c.length), 6);
    // circle areas follow the shares
    const dots = await v.page.$$eval('#distance-map circle', (cs) => cs.map((c) => c.getBoundingClientRect().width));
    const shares = await v.page.$$eval('.card', (cs) => cs.map((c) => Number((c as HTMLElement).dataset.share)));
    const biggest = shares.indexOf(Math.max(...shares));
    t.is(dots.indexOf(Math.max(...dots)), biggest);
    t.is(await v.page.$$eval('#hierarchy path', (p) => p.length), 5);
    t.is(
      await v.page.$$eval('#similarity rect:not(.scale rect)', (c) => c.filter((r) => !r.closest('.scale')).length),
      36,
    );
    t.true((await v.page.$$eval('#similarity .scale rect', (c) => c.length)) > 0, 'the heat map has its colour scale');
    // the heat map's row ticks are the hierarchy's leaf order
    const ticks = await v.page.$$eval('#similarity text[text-anchor="end"]', (ts) =>
      ts.map((x) => Number(x.textContent)),
    );
    const leaves = await v.page.$$eval('#hierarchy text.label', (ts) =>
      ts.map((x) => Number(/\d+/.exec(x.textContent ?? '')![0])),
    );
    t.deepEqual(ticks, leaves);
    t.is(await v.page.$$eval('#by-class .group-bar', (g) => g.length), 3);
    // each class's stacked bar is its whole mix: the segments fill the same width in every bar
    const widths = await v.page.$$eval('#by-class .group-bar', (gs) =>
      gs.map((g) => [...g.querySelectorAll('rect')].reduce((s, r) => s + r.getBoundingClientRect().width, 0)),
    );
    for (const w of widths) t.true(Math.abs(w - widths[0]) < 1, `${w} vs ${widths[0]}`);
    t.is(await v.page.$$eval('#by-period .multiple', (m) => m.length), 6);
  },
);

test.serial('show --model --report of an image model draws its basis images, not pixel names', async (t) => {
  const model = join(dir, 'digits.model'),
    file = join(dir, 'show.html');
  t.is(
    latent(['images', join(FIXTURES, 'digits'), '-k', '9', '--out-dir', join(dir, 'bases'), '--model', model, '-q'])
      .code,
    0,
  );
  const v = await opened(t, ['show', '--model', model, '--report', file], file);
  if (!v) return;
  t.is(await v.page.$$eval('.card.basis img', (c) => c.length), 9);
  const images = await v.page.$$eval('img', (is) =>
    is.map((i) => ({ natural: i.naturalWidth, shown: i.getBoundingClientRect().width })),
  );
  t.true(images.every((i) => i.natural > 0 && i.shown >= 28));
  t.false((await v.page.content()).includes('x15 y20'));
});

test.serial(
  "the relevance slider re-ranks each card's words by pyLDAvis' relevance, lift alone at λ = 0",
  async (t) => {
    const model = join(dir, 'emails.model'),
      file = join(dir, 'relevance.html');
    const v = await opened(
      t,
      ['topics', join(FIXTURES, 'emails'), '-k', '5', '--seed', '1', '--model', model, '--report', file],
      file,
    );
    if (!v) return;
    const m = JSON.parse(readFileSync(model, 'utf8'));
    const decode = (x: { base64: string }) => new Float32Array(new Uint8Array(Buffer.from(x.base64, 'base64')).buffer);
    const H = decode(m.H),
      W = decode(m.W),
      k = m.H.rows,
      V = m.H.cols,
      n = m.W.rows,
      terms: string[] = m.loader.terms;
    // shares of Σ WH, each row of H as a distribution, and the words' weight over all topics
    const size = Array.from({ length: k }, (_, s) => H.subarray(s * V, (s + 1) * V).reduce((a, b) => a + b, 0));
    const mass = Array.from({ length: k }, (_, s) => {
      let w = 0;
      for (let i = 0; i < n; i++) w += W[i * k + s];
      return w * size[s];
    });
    const shares = mass.map((x) => x / mass.reduce((a, b) => a + b, 0));
    const phi = (s: number, j: number) => H[s * V + j] / size[s];
    const p = Array.from({ length: V }, (_, j) => shares.reduce((acc, sh, s) => acc + sh * phi(s, j), 0));
    const shown = () =>
      v.page.$$eval('.card', (cs) => cs.map((c) => [...c.querySelectorAll('.word')].map((w) => w.textContent)));
    const before = await shown();
    await v.page.$eval('#lambda', (el) => {
      (el as HTMLInputElement).value = '0';
      el.dispatchEvent(new Event('input'));
    });
    const after = await shown();
    for (let s = 0; s < k; s++) {
      const lift = Array.from({ length: V }, (_, j) => j)
        .filter((j) => H[s * V + j] > 0)
        .sort((a, b) => Math.log(phi(s, b) / p[b]) - Math.log(phi(s, a) / p[a]) || a - b);
      const expected = lift.slice(0, 10).map((j) => terms[j]);
      // equal lifts may come in either order: compare the words by their lift
      t.deepEqual(
        after[s].map((w) => Math.log(phi(s, terms.indexOf(w!)) / p[terms.indexOf(w!)]).toFixed(9)),
        expected.map((w) => Math.log(phi(s, terms.indexOf(w)) / p[terms.indexOf(w)]).toFixed(9)),
      );
    }
    t.notDeepEqual(after, before);
    await v.page.$eval('#lambda', (el) => {
      (el as HTMLInputElement).value = '1';
      el.dispatchEvent(new Event('input'));
    });
    t.deepEqual(await shown(), before, 'λ = 1 is the weight order again');
  },
);
