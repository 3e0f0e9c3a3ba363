// formatNumber cuts toPrecision(6)'s trailing zeros itself instead of parsing the text back: it must
// write exactly what the parse and shortest round trip wrote, where a point is present and where not.
import test from 'ava';
import { formatNumber } from '../../exporters/index.js';

const byParsing = (v: number) =>
  !Number.isFinite(v) ? '0' : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));

test('six significant digits, trailing zeros cut, the zeros of a whole rounding kept', (t) => {
  t.is(formatNumber(100000.4), '100000');
  t.is(formatNumber(99999.99), '100000');
  t.is(formatNumber(0.5), '0.5');
  t.is(formatNumber(10.00001), '10');
  t.is(formatNumber(1234567.8), '1234570');
  t.is(formatNumber(0.0000012345678), '0.00000123457');
  t.is(formatNumber(1.5e-7), '1.5e-7');
  t.is(formatNumber(-0.000012345678), '-0.0000123457');
  t.is(formatNumber(Number.NaN), '0');
  t.is(formatNumber(-Infinity), '0');
});

test('the same text as parsing toPrecision back, over magnitudes from 1e-20 to 1e20', (t) => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const differ: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const v = (random() - 0.3) * 10 ** Math.floor(random() * 40 - 20);
    for (const x of [v, Math.fround(v)]) if (formatNumber(x) !== byParsing(x)) differ.push(x);
  }
  t.deepEqual(differ, []);
});
