// The byte parsers of the matrix loaders against the regular expressions and Number(): the same
// numbers accepted, the same values, bit for bit.
import test from 'ava';
import { Random } from '../../core/index.js';
import { readIndex, readReal } from '../../loaders/matrix/fast-numbers.js';
import { INDEX, INTEGER, REAL } from '../../loaders/matrix/numbers.js';

const cursor = (text: string) => {
  const buf = Buffer.from(text, 'latin1');
  return { buf, at: 0, end: buf.length };
};

/** Random number-like strings: signs, digits (leading zeros, long runs), points, exponents, junk. */
function samples(count: number): string[] {
  const r = new Random(12),
    pick = <T>(xs: T[]) => xs[Math.floor(r.uniform() * xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => pick('0123456789'.split(''))).join('');
  const out = [
    '0',
    '-0',
    '1.',
    '.5',
    '.',
    '',
    '+',
    '1e',
    '1e+',
    'e5',
    '1.5e-7',
    '00012',
    '1e22',
    '1e23',
    '123456789012345678',
    '0.000000000000000000001234',
    '9007199254740993',
    '1.7976931348623157e308',
    '4.9e-324',
    '1x',
    '1 ',
    '1\r',
    'nan',
  ];
  for (let q = 0; q < count; q++) {
    let s = pick(['', '', '-', '+']) + digits(Math.floor(r.uniform() * 20));
    if (r.uniform() < 0.6) s += '.' + digits(Math.floor(r.uniform() * 20));
    if (r.uniform() < 0.4) s += pick(['e', 'E']) + pick(['', '-', '+']) + digits(Math.floor(r.uniform() * 4));
    if (r.uniform() < 0.05) s += pick(['x', '.', 'e', '-']);
    out.push(s);
  }
  return out;
}

test('readReal accepts what REAL (or INTEGER) accepts and gives what Number() gives, bit for bit', (t) => {
  let fast = 0;
  for (const integer of [false, true]) {
    for (const s of samples(20000)) {
      const v = readReal(cursor(s), integer);
      const trimmed = s.replace(/[ \r]+$/, '');
      const valid = (integer ? INTEGER : REAL).test(trimmed);
      if (!valid) {
        t.true(Number.isNaN(v), `"${s}" is not a number, got ${v}`);
        continue;
      }
      if (Object.is(v, Number(trimmed))) fast++;
      else t.fail(`"${s}": ${v} against Number's ${Number(trimmed)}`);
    }
  }
  t.true(fast > 20000);
});

test('readIndex takes whole numbers up to 2³¹ − 1 and nothing else', (t) => {
  for (const s of ['0', '1', '42', '2147483647', '2147483648', '99999999999', '-1', '1.0', '1e3', '', 'a', '12a']) {
    const v = readIndex(cursor(s));
    if (INDEX.test(s) && Number(s) <= 2147483647) t.is(v, Number(s), s);
    else t.true(Number.isNaN(v), `${s}: ${v}`);
  }
});
