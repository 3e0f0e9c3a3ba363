// A tampered or damaged model file is data: each damage is one line naming the field, exit 1, at once.
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, latent } from './run.js';
import { scratchDir } from '../scratch.js';

const dir = scratchDir('tampered');
const emails = join(FIXTURES, 'emails');
const model = join(dir, 'emails.model');

test.before(() => {
  const r = latent(['topics', emails, '-k', '3', '--model', model, '-q', '--no-coherence']);
  if (r.code !== 0) throw new Error(r.stderr);
});

type File = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const negate = (m: { base64: string }) => {
  const values = new Float32Array(new Uint8Array(Buffer.from(m.base64, 'base64')).buffer);
  values[1] = -values[1] - 1;
  m.base64 = Buffer.from(values.buffer).toString('base64');
};

const damages: [string, (f: File) => void, RegExp][] = [
  [
    'ngrams = 1000',
    (f) => {
      f.loader.tokens.ngrams = 1000;
    },
    /loader\.tokens\.ngrams must be a whole number from 1 to 5/,
  ],
  [
    'no tokens',
    (f) => {
      delete f.loader.tokens;
    },
    /loader\.tokens must be an object/,
  ],
  [
    'a bad token pattern',
    (f) => {
      f.loader.tokens.tokenPattern = '(a';
    },
    /loader\.tokens\.tokenPattern is not usable/,
  ],
  [
    'a token pattern needing backtracking',
    (f) => {
      f.loader.tokens.tokenPattern = '(\\w)\\1';
    },
    /loader\.tokens\.tokenPattern is not usable: .*cannot be matched in linear time/,
  ],
  [
    'weighting "magic"',
    (f) => {
      f.loader.weighting = 'magic';
    },
    /loader\.weighting must be one of tfidf, count, binary/,
  ],
  [
    'idf 1e300',
    (f) => {
      f.loader.idf[0] = 1e300;
    },
    /loader\.idf must be null or \d+ numbers from 1 to 23/,
  ],
  [
    'a term missing',
    (f) => {
      f.loader.terms.pop();
    },
    /loader\.terms must be \d+ terms/,
  ],
  [
    'a negative H',
    (f) => negate(f.H),
    /H has a negative value -[\d.e-]+ at row 1, column 2, but the model is nonnegative/,
  ],
  [
    'W claiming 3·10¹¹ values',
    (f) => {
      f.W.rows = 300000000000;
    },
    /W is damaged: a 300000000000×3 float32 matrix needs \d+ bytes, found \d+/,
  ],
  [
    'max-iter 0',
    (f) => {
      f.options.maxIter = 0;
    },
    /options\.maxIter is 0: it must be a whole number ≥ 1/,
  ],
  [
    'method "bogus"',
    (f) => {
      f.options.method = 'bogus';
    },
    /options\.method is "bogus": it must be one of hals, mu, gd/,
  ],
  [
    'k against H',
    (f) => {
      f.options.k = 7;
    },
    /options\.k is 7 but H has 3 rows/,
  ],
  [
    'row ids missing',
    (f) => {
      f.rows = 'x';
    },
    /rows must be \d+ row ids/,
  ],
  [
    'hals with loss kl',
    (f) => {
      f.options.method = 'hals';
      f.options.loss = 'kl';
    },
    /options\.method is hals with loss kl, which hals does not minimize \(a fit writes mu or gd\)/,
  ],
  [
    'restarts a number',
    (f) => {
      f.restarts = 5;
    },
    /restarts must be a list of runs, each \{ seed, objective, iterations, converged, seconds \}/,
  ],
  [
    'a restart a number',
    (f) => {
      f.restarts = [5];
    },
    /restarts\[0\] must be \{ seed, objective, iterations, converged, seconds \}/,
  ],
  [
    'objective a string',
    (f) => {
      f.objective = 'low';
    },
    /objective must be a number/,
  ],
  [
    'coherence a number',
    (f) => {
      f.coherence = 5;
    },
    /coherence\.topics must be 3 topics' \{ npmi, umass, cv \} \(numbers or null\)/,
  ],
  [
    'coherence without its summary',
    (f) => {
      f.coherence = { topics: [0, 1, 2].map(() => ({ npmi: 0.1, umass: -1, cv: 0.5 })) };
    },
    /coherence\.summary must be \{ npmi, umass, cv, diversity, top, window \}/,
  ],
  [
    'a key twice',
    (f) => {
      f.loader.keys[1] = f.loader.keys[0];
    },
    /loader\.keys must be distinct: ".+" is column 1 and 2/,
  ],
  [
    'minLength 1e12',
    (f) => {
      f.loader.tokens.minLength = 1e12;
    },
    /loader\.tokens\.minLength must be a whole number of characters from 1 to 1000/,
  ],
  [
    'base64 of the right length with invalid characters',
    (f) => {
      f.H.base64 = `${f.H.base64.slice(0, 8)}!!!!${f.H.base64.slice(12)}`;
    },
    /H is damaged: its base64 has "!" at character 9/,
  ],
];

/** `file` written as `name`: transform and show each exit 1 with one line matching every pattern, no stdout. */
function refusedByBoth(t: import('ava').ExecutionContext, file: File, name: string, patterns: RegExp[]): void {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(file));
  for (const args of [
    ['transform', '--model', path, emails],
    ['show', '--model', path],
  ]) {
    const r = latent(args);
    t.is(r.code, 1, `${args[0]}: ${r.stderr}`);
    t.is(r.stdout, '');
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    for (const p of patterns) t.regex(r.stderr, p);
  }
}

for (const [name, damage, message] of damages) {
  test(`a model with ${name} is refused in one line naming the field, by transform and show`, (t) => {
    const file = JSON.parse(readFileSync(model, 'utf8')) as File;
    damage(file);
    refusedByBoth(t, file, `${name.replace(/\W+/g, '-')}.model`, [/a damaged model file: /, message]);
  });
}

test('a "version" that is not the number 1 is named with its type, by transform and show', (t) => {
  for (const [version, message] of [
    ['1', /\("version": "1" is a string; this latent reads "version": 1, the number\)/],
    [2, /\(version 2, this latent reads version 1\)/],
    [null, /\("version": null is null;/],
    [undefined, /\(no "version"; this latent reads "version": 1\)/],
  ] as const) {
    const file = JSON.parse(readFileSync(model, 'utf8')) as File;
    file.version = version;
    refusedByBoth(t, file, `version-${String(version)}.model`, [/not a latent model file \(/, message]);
  }
});

test('the untouched model still transforms', (t) => {
  const r = latent(['transform', '--model', model, emails, '--format', 'csv']);
  t.is(r.code, 0, r.stderr);
  t.true(r.stdout.split('\n').length > 10);
});
