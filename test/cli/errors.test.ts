// Every bad input: one line on stderr naming the thing, the right exit code, and no output file.
import test from 'ava';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, latent, shell } from './run.js';
import { scratchDir } from '../scratch.js';

const emails = join(FIXTURES, 'emails');

function check(t: import('ava').ExecutionContext, args: (out: string) => string[], code: number, message: RegExp) {
  const out = scratchDir('err');
  const argv = args(out);
  const r = latent(argv);
  t.is(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
  t.regex(r.stderr, message);
  t.is(
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('restart ')).length,
    1,
    r.stderr,
  );
  t.false(r.stderr.includes('    at '), 'no stack trace');
  t.deepEqual(readdirSync(out, { recursive: true }), [], 'no output file');
}

test('unknown flag', (t) =>
  check(
    t,
    (o) => ['topics', emails, '--doc-topics', join(o, 'dt.csv'), '--colour'],
    2,
    /^latent: Unknown argument: colour/,
  ));
test('a mistyped flag gets the nearest one, in the command help it points to', (t) =>
  check(
    t,
    (o) => ['topics', emails, '--doc-topics', join(o, 'dt.csv'), '--stemm'],
    2,
    /^latent: unknown flag --stemm: did you mean --stem\? \(see latent topics --help\)$/m,
  ));
test('k = 0', (t) =>
  check(
    t,
    (o) => ['topics', emails, '-k', '0', '--doc-topics', join(o, 'dt.csv')],
    2,
    /k is 0: it must be a whole number ≥ 1 \(see latent topics --help\)/,
  ));
test('k larger than the data', (t) =>
  check(
    t,
    (o) => ['factorize', join(FIXTURES, 'matrix', 'small.csv'), '-k', '11', '-o', join(o, 'f')],
    2,
    /k is 11: .*= 10/,
  ));
test('missing path', (t) =>
  check(t, (o) => ['images', join(o, 'nowhere'), '--out-dir', o], 1, /nowhere: no such file or folder/));
test('empty folder', (t) =>
  check(t, (o) => ['images', scratchDir('empty'), '--out-dir', o], 1, /no readable image in it/));
test('corrupt image with --strict', (t) =>
  check(
    t,
    (o) => {
      const dir = scratchDir('corrupt');
      writeFileSync(join(dir, 'a.png'), 'not really a png');
      return ['images', dir, '--out-dir', o, '--strict'];
    },
    1,
    /a\.png: not a readable image/,
  ));
test('CSV without the named column', (t) =>
  check(
    t,
    (o) => {
      const dir = scratchDir('csv');
      writeFileSync(join(dir, 'd.csv'), 'id,body\n1,hello\n');
      return ['topics', join(dir, 'd.csv'), '--text-column', 'text', '--doc-topics', join(o, 'dt.csv')];
    },
    1,
    /d\.csv: no column "text" for --text-column; its columns are "id", "body"/,
  ));
test('unwritable -o', (t) =>
  check(
    t,
    (o) => {
      // root writes anywhere, so a path through a regular file is what is unwritable for everyone
      const dir = scratchDir('unwritable');
      writeFileSync(join(dir, 'file'), '');
      return ['factorize', join(FIXTURES, 'matrix', 'small.csv'), '-k', '2', '-o', join(dir, 'file', 'x')];
    },
    1,
    /cannot (create folder|write) .*file/,
  ));
test('negative values with an NMF method', (t) =>
  check(
    t,
    (o) => {
      const dir = scratchDir('neg');
      writeFileSync(join(dir, 'm.csv'), '1,2,3\n4,-5,6\n7,8,9\n');
      return ['factorize', join(dir, 'm.csv'), '-k', '2', '-o', join(o, 'm')];
    },
    1,
    /negative value -5 at row 2, column 2: method hals needs X ≥ 0/,
  ));
test('an unavailable --device', (t) =>
  check(
    t,
    (o) => [
      'factorize',
      join(FIXTURES, 'matrix', 'small.csv'),
      '-k',
      '2',
      '--device',
      'headlessgl',
      '-o',
      join(o, 'm'),
    ],
    2,
    /device headlessgl is not available: .*available here: .*webasm, cpu/,
  ));
test('a bad --device value', (t) =>
  check(
    t,
    (o) => ['factorize', join(FIXTURES, 'matrix', 'small.csv'), '--device', 'tpu', '-o', join(o, 'm')],
    2,
    /Invalid values: Argument: device, Given: "tpu"/,
  ));

// checked before loading: the source named does not exist, and the flag's line comes first
const nowhere = '/nonexistent/latent-corpus';
test('-k abc names the text typed, before the source is looked at', (t) =>
  check(
    t,
    () => ['topics', nowhere, '-k', 'abc'],
    2,
    /^latent: k is 'abc': it must be a whole number ≥ 1 \(see latent topics --help\)\n$/,
  ));
test('--components=x and --max-iter x name their text too', (t) => {
  check(
    t,
    () => ['factorize', nowhere, '--components=x'],
    2,
    /^latent: k is 'x': it must be a whole number ≥ 1 \(see latent factorize --help\)\n$/,
  );
  check(t, () => ['images', nowhere, '--max-iter', 'x'], 2, /^latent: max-iter is 'x': it must be a whole number ≥ 1/);
});
test('-k 0 and --tol 2 are refused before loading', (t) => {
  check(t, () => ['topics', nowhere, '-k', '0'], 2, /^latent: k is 0: it must be a whole number ≥ 1/);
  check(t, () => ['topics', nowhere, '--tol', '2'], 2, /^latent: tol is 2: it must be in \[0, 1\)/);
});
test('rank -k with a billion ranks, or a 20-digit bound, is refused with the count, not a heap abort', (t) => {
  check(
    t,
    () => ['rank', nowhere, '-k', '1..1000000000'],
    2,
    /^latent: -k "1\.\.1000000000" asks for 1,000,000,000 ranks: a sweep tries at most 500/,
  );
  check(
    t,
    () => ['rank', nowhere, '-k', '2..99999999999999999999'],
    2,
    /asks for 99,999,999,999,999,999,999 ranks|asks for 100,000,000,000,000,000,000 ranks/,
  );
  check(
    t,
    () => ['rank', nowhere, '-k', '4,99999999999999999999'],
    2,
    /-k "4,99999999999999999999": 100000000000000000000 is past any matrix latent can load/,
  );
});

test('an extension latent does not write is refused before loading: out.xlsx, r.pdf, --completed x.xlsx', (t) => {
  check(
    t,
    (o) => ['topics', nowhere, '--doc-topics', join(o, 'out.xlsx')],
    2,
    /^latent: --doc-topics .*out\.xlsx: latent writes \.csv, \.tsv, \.json, \.txt here, not \.xlsx/,
  );
  check(
    t,
    (o) => ['topics', nowhere, '--report', join(o, 'r.pdf')],
    2,
    /--report .*r\.pdf: latent writes \.html, \.htm here, not \.pdf/,
  );
  check(
    t,
    (o) => ['factorize', nowhere, '--missing', '--completed', join(o, 'x.xlsx')],
    2,
    /--completed .*x\.xlsx: latent writes \.csv, \.tsv, \.mtx, \.mm here/,
  );
});

test('a file-name flag given without its name is refused, not ignored', (t) => {
  for (const flag of ['--model', '--doc-topics', '--report', '--stop-words-file'])
    check(t, () => ['topics', nowhere, flag], 2, new RegExp(`^latent: ${flag} needs a file name after it\n$`));
  check(t, () => ['factorize', nowhere, '-o'], 2, /^latent: --output needs a file name after it/);
  check(t, () => ['factorize', nowhere, '--labels'], 2, /^latent: --labels needs a file name after it/);
});

test('a number flag given without its number is refused, not run with the default', (t) => {
  // last on the line, and followed by another flag
  for (const flag of ['ngrams', 'min-df', 'max-df', 'top', 'top-docs', 'max-terms']) {
    const line = new RegExp(`^latent: Not enough arguments following: ${flag} \\(see latent topics --help\\)\n$`);
    check(t, () => ['topics', nowhere, `--${flag}`], 2, line);
    check(t, () => ['topics', nowhere, `--${flag}`, '-q'], 2, line);
  }
  check(
    t,
    (o) => ['images', nowhere, '--out-dir', o, '--reconstructions'],
    2,
    /^latent: Not enough arguments following: reconstructions \(see latent images --help\)\n$/,
  );
});

test("--out-dir '' is refused in one line, nothing is written in the current folder", (t) => {
  const cwd = scratchDir('empty-out-dir');
  for (const args of [
    ['images', join(FIXTURES, 'digits'), '-k', '2', '--out-dir', ''],
    ['images', join(FIXTURES, 'digits'), '-k', '2', '--out-dir'],
  ]) {
    const r = latent(args, { cwd });
    t.is(r.code, 2, r.stderr);
    t.is(r.stderr, 'latent: --out-dir needs a folder name after it\n');
    t.is(r.stdout, '');
    t.deepEqual(readdirSync(cwd), [], 'nothing written where it ran');
  }
});

test('a value past float32 (1e39) is named with its file, line and value in every format, not "Infinity"', (t) => {
  const dir = scratchDir('float32');
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const beyond = "is beyond float32's range \\(±3\\.4e38\\), in which latent holds a matrix; scale the values down\n$";
  const mtx = file('b.mtx', '%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 2\n2 2 1e39\n');
  check(
    t,
    (o) => ['factorize', file('b.csv', '1,2,3\n4,1e39,6\n'), '-k', '1', '-o', join(o, 'f')],
    1,
    new RegExp(`^latent: .*b\\.csv: row 2: column 2: 1e39 ${beyond}`),
  );
  check(
    t,
    (o) => ['factorize', file('q.csv', '"1",2\n3,-3.5e38\n'), '-k', '1', '-o', join(o, 'f')],
    1,
    new RegExp(`q\\.csv: row 2: column 2: -3\\.5e38 ${beyond}`),
  );
  check(
    t,
    (o) => ['factorize', file('b.txt', '1 2\n3 1e39\n'), '-k', '1', '-o', join(o, 'f')],
    1,
    new RegExp(`b\\.txt:2: column 2: 1e39 ${beyond}`),
  );
  check(t, (o) => ['factorize', mtx, '-k', '1', '-o', join(o, 'f')], 1, new RegExp(`b\\.mtx:4: 1e39 ${beyond}`));
  check(
    t,
    (o) => ['factorize', mtx, '-k', '1', '--stream', '-o', join(o, 'f')],
    1,
    new RegExp(`b\\.mtx:4: 1e39 ${beyond}`),
  );
  check(
    t,
    (o) => ['factorize', file('docword.b.txt', `3\n3\n1\n1 1 1${'0'.repeat(40)}\n`), '-k', '1', '-o', join(o, 'f')],
    1,
    new RegExp(`docword\\.b\\.txt:4: count 10{40} ${beyond}`),
  );
  check(
    t,
    (o) => [
      'factorize',
      file('a.mtx', '%%MatrixMarket matrix array real general\n2 1\n1\n1e39\n'),
      '-k',
      '1',
      '-o',
      join(o, 'f'),
    ],
    1,
    new RegExp(`a\\.mtx:4: 1e39 ${beyond}`),
  );
});

test('a MatrixMarket index 1.0, -1 or 1e0 is refused as not a whole number, with and without --stream', (t) => {
  const dir = scratchDir('index');
  for (const [entry, named] of [
    ['1.0 1 2', 'row 1\\.0'],
    ['1 -1 2', 'column -1'],
    ['1 1e0 2', 'column 1e0'],
  ]) {
    const mtx = join(dir, 'i.mtx');
    writeFileSync(mtx, `%%MatrixMarket matrix coordinate real general\n3 3 2\n${entry}\n2 2 3\n`);
    const line = new RegExp(
      `^latent: .*i\\.mtx:3: ${named} is not an index: a (row|column) index is a whole number from ` +
        `1 to 3, written without a sign, point or exponent\n$`,
    );
    for (const stream of [[], ['--stream']])
      check(t, (o) => ['factorize', mtx, '-k', '1', ...stream, '-o', join(o, 'f')], 1, line);
  }
});

test('a path that is not UTF-8 is refused naming its flag, not "no such file" or written as U+FFFD', (t) => {
  const dir = scratchDir('not-utf8');
  // the shell hands over the byte é is in Latin-1 (0xE9), as a name made on an old system holds it
  const run = (args: string) => shell(`'${process.execPath}' '${BIN}' ${args}`, dir);
  const line = (what: string, name: string) =>
    `latent: ${what} ${name}: the name has bytes that are not UTF-8 (shown as \uFFFD), which latent cannot pass on; ` +
    'rename the file, or give a UTF-8 name\n';
  writeFileSync(join(dir, 'docs.txt'), 'apple banana\ncherry date\n');
  t.is(shell(`cp docs.txt "$(printf 'caf\\xe9.txt')"`, dir).code, 0);
  const input = run(`topics "$(printf 'caf\\xe9.txt')" -k 2 -q`);
  t.is(input.code, 2);
  t.is(input.stderr, line('SOURCE', 'caf\uFFFD.txt'));
  const output = run(`topics docs.txt -k 2 -q --doc-topics "$(printf 'out-\\xe9.csv')"`);
  t.is(output.code, 2);
  t.is(output.stderr, line('--doc-topics', 'out-\uFFFD.csv'));
  // nothing written: the two files there before
  t.is(readdirSync(dir).length, 2);
});
