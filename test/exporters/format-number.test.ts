// formatNumber cuts toPrecision(6)'s trailing zeros itself instead of parsing the text back: it must
// write exactly what the parse and shortest round trip wrote, where a point is present and where not.
import test from 'ava';
import { formatNumber } from '../../exporters/index.js';
import { DelimitedBytes } from '../../exporters/delimited-bytes.js';

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

test("CSV's bytes of a number are formatNumber's text, near ties and powers of ten included", (t) => {
  const out = new DelimitedBytes();
  const written = (v: number) => {
    out.number(v, formatNumber);
    return out.take();
  };
  const differ: string[] = [];
  const check = (v: number) => {
    const text = written(v);
    if (text !== formatNumber(v)) differ.push(`${v}: ${text} against ${formatNumber(v)}`);
  };
  // powers of ten from either side, roundings up to the next power, ties of the sixth digit
  for (let e = -8; e <= 7; e++)
    for (const f of [1, 1 - 1e-16, 1 + 1e-15, 0.9999995, 0.99999949, 0.99999951, 1.000005, 1.0000049, 1.234565])
      for (const s of [1, -1]) check(s * f * 10 ** e);
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 200_000; i++) {
    const v = (random() - 0.2) * 10 ** Math.floor(random() * 16 - 8);
    check(v);
    check(Math.fround(v));
    check(Math.fround(random())); // proportions: float32 in [0, 1)
  }
  t.deepEqual(differ, []);
});
