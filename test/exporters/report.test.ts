// The report's escaping and numbers, without a browser.
import test from 'ava';
import { dense } from '../../core/index.js';
import { cosineSimilarity, escapeHtml, html, reportPage, topicsBody, trusted } from '../../exporters/index.js';
import type { Topic } from '../../exporters/index.js';

test('every interpolated value is escaped once; markup made by html or trusted is kept', (t) => {
  t.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const word = '<script>alert(1)</script>';
  t.is(
    html`<b title="${word}">${word}</b>`.text,
    '<b title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</b>',
  );
  // nested html is not escaped twice, arrays are joined, null/undefined/false vanish
  t.is(
    html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>${null}${undefined}${false}${0}`.text,
    '<ul><li>a&lt;</li><li>b</li></ul>0',
  );
  t.is(html`${trusted('<svg/>')}`.text, '<svg/>');
});

test('a page built from hostile topics holds no markup of theirs', (t) => {
  const H = dense(2, 3, new Float32Array([1, 0, 0, 0, 1, 0]));
  const topics: Topic[] = [
    {
      topic: 1,
      share: 0.5,
      words: [{ word: '<script>alert(1)</script>', weight: 1 }],
      documents: [{ document: '"><img src=x onerror=alert(2)>', share: 1, text: '</li><script>x()</script>' }],
    },
    { topic: 2, share: 0.5, words: [{ word: 'plain', weight: 1 }] },
  ];
  const run = {
    command: 'latent topics <x>',
    options: { k: 2 },
    objective: 1,
    iterations: 1,
    converged: true,
    device: 'cpu',
    restarts: [],
    best: 0,
    data: { rows: 2, cols: 3, rowsAre: 'documents', colsAre: 'terms' },
    latent: '0',
    created: 'now',
  };
  const page = reportPage('<title>', html`x`, topicsBody(topics, H), run);
  // the page's own script is its only script, and no element came from the data
  t.is(page.match(/<script/g)?.length, 1);
  t.false(page.includes('<img'));
  t.true(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.true(page.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
});

test("the similarity of the topics is the cosine of H's rows, 0 for an empty row", (t) => {
  const H = dense(3, 2, new Float32Array([3, 4, 4, 3, 0, 0]));
  const s = cosineSimilarity(H);
  t.true(Math.abs(s[0][1] - 24 / 25) < 1e-12);
  t.is(s[0][0], 1);
  t.deepEqual(s[2], [0, 0, 0]);
});
