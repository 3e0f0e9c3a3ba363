import test from 'ava';
import { Readable } from 'node:stream';
import { LatentError, toDense } from '../../core/index.js';
import type { Dataset } from '../../loaders/dataset.js';
import {
  CorpusBuilder,
  ENGLISH_STOP_WORDS,
  loadText,
  looksLikeMarkup,
  makeTokenizer,
  resolveTokenOptions,
  streamSource,
  stripMarkup,
} from '../../loaders/index.js';

const tokens = (text: string, o = {}) => makeTokenizer(resolveTokenOptions(o))(text).keys;
/** Each document's terms with their counts, from the loaded matrix and vocabulary. */
const termsOf = (d: Dataset): Record<string, number>[] => {
  const D = toDense(d.X),
    terms = d.columns.kind === 'text' ? d.columns.terms : [];
  return Array.from({ length: D.rows }, (_, i) =>
    Object.fromEntries(terms.flatMap((w, j) => (D.data[i * D.cols + j] > 0 ? [[w, D.data[i * D.cols + j]]] : []))),
  );
};

test("the stop list holds scikit-learn's words that natural lacks, and more", (t) => {
  for (const w of ['not', 'no', 'will', 'one', 'just', 'the', 'whereafter', 'don'])
    t.true(ENGLISH_STOP_WORDS.includes(w), w);
  t.true(ENGLISH_STOP_WORDS.length >= 318);
  t.deepEqual(tokens('I will not just say no to one good idea'), ['say', 'good', 'idea']);
});

test('stemming labels each stem with its most frequent surface word (cat, not cats)', (t) => {
  const b = new CorpusBuilder({ stem: true, weighting: 'count' });
  ['the cat runs', 'the cats run fast', 'cat running cat', 'cats and dogs', 'dog runs'].forEach((d, i) =>
    b.add(String(i), d),
  );
  const { model } = b.finish();
  const label = (key: string) => model.terms[model.keys.indexOf(key)];
  t.is(label('cat'), 'cat'); // cat 3, cats 2
  t.is(label('run'), 'runs'); // runs 2, run 1, running 1
  t.is(label('dog'), 'dog'); // dog 1, dogs 1: ties go to the alphabetically first
});

test('markup: tags, script and style bodies, comments and entities go; words stay apart', (t) => {
  const html =
    '<html><head><style>td { font-size: 2px }</style><script>var span = 1;</script></head>' +
    '<body><font size="2">Cheap&nbsp;flights</font><br>to&#32;Paris<!-- hidden note ' +
    '--><td>caf&eacute;</td></body></html>';
  t.true(looksLikeMarkup(html));
  t.deepEqual(stripMarkup(html).split(/\s+/).filter(Boolean), ['Cheap', 'flights', 'to', 'Paris', 'café']);
  t.deepEqual(tokens(html), ['cheap', 'flights', 'paris', 'café']);
  t.deepEqual(tokens(html, { stripHtml: false }).slice(0, 4), ['html', 'head', 'style', 'td']);
  // plain text that uses angle brackets is no markup: auto leaves it as it is
  t.false(looksLikeMarkup('if x < y and y > z then x < z'));
  t.deepEqual(tokens('hold <tag> text'), ['hold', 'tag', 'text']);
  t.deepEqual(tokens('hold <tag> text', { stripHtml: true }), ['hold', 'text']);
  // an unclosed script runs to the end; quoted-printable soft breaks join the word again
  t.deepEqual(tokens('<p>morning<script>if (a) { lost'), ['morning']);
  t.deepEqual(tokens('<div>informa=\ntion about size=3D"big"</div>'), ['information', 'size', 'big']);
  // a MIME part's headers and boundary inside a mail body
  t.deepEqual(
    tokens(
      '------=_NextPart_000_00C5\nContent-Type: ' +
        'text/plain;\n\tcharset="iso-8859-1"\nContent-Transfer-Encoding: 7bit\n\nGreat offer',
    ),
    ['great', 'offer'],
  );
});

test('web and mail addresses are dropped unless kept', (t) => {
  const text = 'see http://www.example.com/page?id=3 or www.linux.ie, mail ilug@linux.ie today';
  t.deepEqual(tokens(text), ['mail', 'today']);
  // a long run of word characters (a base64 line) before an address is read once, not once per character
  const run = 'q'.repeat(100000);
  t.deepEqual(tokens(`${run} mail me@host.org`), [run, 'mail']);
  t.deepEqual(tokens(text, { stripUrls: false }), [
    'http',
    'www',
    'example',
    'com',
    'page',
    'id',
    'www',
    'linux',
    'mail',
    'ilug',
    'linux',
    'today',
  ]);
});

test('token pattern: matches (or the one group) are the tokens; a bad pattern names the flag', (t) => {
  t.deepEqual(tokens('C3PO and R2D2 fly x', { tokenPattern: '(?u)\\b\\w\\w+\\b' }), ['c3po', 'r2d2', 'fly']);
  t.deepEqual(tokens('#cats love #dogs', { tokenPattern: '#(\\w+)' }), ['cats', 'dogs']);
  const bad = t.throws(() => tokens('x', { tokenPattern: '(' }), { instanceOf: LatentError });
  t.regex(bad!.message, /--token-pattern "\(" is not a regular expression/);
  t.regex(t.throws(() => tokens('x', { tokenPattern: '(a)(b)' }))!.message, /2 capture groups/);
});

test('catastrophically backtracking token patterns run in linear time; backreferences refused', (t) => {
  // under a backtracking engine each of these takes time exponential (or quadratic) in the run of a's:
  // 2^30 steps for the first; here they finish, and with the tokens a hand reading of the pattern gives
  const run = 'a'.repeat(30) + '!';
  t.deepEqual(tokens(run, { tokenPattern: '(a+)+$' }), []);
  t.deepEqual(tokens(`${'ab '.repeat(20000)}!`, { tokenPattern: '(?:\\w+\\s?)*$' }), []);
  t.deepEqual(tokens(`${'a'.repeat(200000)}! word`, { tokenPattern: '[a-z]+$' }), ['word']);
  t.deepEqual(
    tokens('été wörld', { tokenPattern: '\\p{L}{3,}' }),
    ['été', 'wörld'],
    "Unicode classes as in JavaScript's u mode",
  );
  for (const [pattern, why] of [
    ['(a)\\1', /invalid escape sequence/],
    ['(?<=#)\\w+', /unsupported Perl syntax|invalid named capture/],
  ] as const) {
    const e = t.throws(() => tokens('x', { tokenPattern: pattern }), { instanceOf: LatentError });
    t.regex(e!.message, /^--token-pattern ".*" cannot be matched in linear time \(/);
    t.regex(e!.message, why);
    t.false(e!.message.includes('\n'));
  }
});

test('accents fold on request', (t) => {
  t.deepEqual(tokens('Café naïve Ångström'), ['café', 'naïve', 'ångström']);
  t.deepEqual(tokens('Café naïve Ångström', { stripAccents: true }), ['cafe', 'naive', 'angstrom']);
});

test('CSV on a stream: quoted newlines stay inside their document, one per row', async (t) => {
  const csv = 'id,body\n1,"apple banana\ncherry, pie"\n2,"apple ""quoted"" cherry"\n3,banana pie\n';
  const d = await loadText(streamSource(Readable.from([csv]), 'stdin', { textColumn: 'body', idColumn: 'id' }), {
    weighting: 'count',
  });
  t.deepEqual(d.rows, ['1', '2', '3']);
  // each row's terms with their counts: the quoted newline and comma stayed in document 1, the doubled
  // quotes in document 2
  const expected = [
    { apple: 1, banana: 1, cherry: 1, pie: 1 },
    { apple: 1, cherry: 1, quoted: 1 },
    { banana: 1, pie: 1 },
  ];
  t.deepEqual(termsOf(d), expected);
  const tsv = await loadText(
    streamSource(Readable.from([csv.replace(/,(?=[^\s])/g, '\t')]), 'stdin', {
      textColumn: 'body',
      inputFormat: 'tsv',
    }),
    { weighting: 'count' },
  );
  t.deepEqual(termsOf(tsv), expected);
  t.throws(() => streamSource(Readable.from([csv]), 'stdin', { inputFormat: 'csv' }), {
    message: /name its text column with --text-column/,
  });
  t.throws(() => streamSource(Readable.from([csv]), 'stdin', { textColumn: 'body', inputFormat: 'lines' }), {
    message: /--input-format csv or tsv/,
  });
});

test('a word in NFC and in NFD (a letter and a combining accent) is one term', (t) => {
  const tokenize = makeTokenizer(resolveTokenOptions({}));
  const nfc = 'caf\u00e9 na\u00efve',
    nfd = nfc.normalize('NFD');
  t.not(nfc, nfd);
  t.deepEqual(tokenize(nfd).keys, tokenize(nfc).keys);
  t.deepEqual(tokenize(nfd).keys, ['caf\u00e9', 'na\u00efve']);
  // a stop word given in NFD stops the word in either form
  const stopping = makeTokenizer(resolveTokenOptions({ extraStopWords: ['caf\u00e9'.normalize('NFD')] }));
  t.deepEqual(stopping(nfc).keys, ['na\u00efve']);
});

test('words with digits of any script are dropped unless numbers are kept', (t) => {
  // ASCII digits, Arabic-Indic ٣, fullwidth ３, and a digit after a letter past ASCII
  const text = 'route66 alpha ٣٣ beta ３ab café9 gamma';
  t.deepEqual(tokens(text), ['alpha', 'beta', 'gamma']);
  t.deepEqual(tokens(text, { keepNumbers: true }), ['route66', 'alpha', '٣٣', 'beta', '３ab', 'café9', 'gamma']);
});
