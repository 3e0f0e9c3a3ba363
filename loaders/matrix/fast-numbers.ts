// Numbers of numbers.ts read straight from bytes, for the loaders' hot loops: no string per line or per
// token. Each parser accepts exactly what its regular expression in numbers.ts accepts and gives exactly
// what Number() gives (a decimal with at most 15 significant digits and a power of ten up to 10²² is
// one correctly rounded operation, Clinger's fast path; anything longer goes to Number() itself), or
// answers NaN so that the caller takes its slow path, which says what is wrong.

/** Powers of ten exact in float64. */
const POW10 = Array.from({ length: 23 }, (_, e) => 10 ** e);

const SPACE = 32,
  TAB = 9,
  CR = 13,
  DOT = 46,
  PLUS = 43,
  MINUS = 45,
  ZERO = 48,
  NINE = 57,
  E = 101,
  BIG_E = 69;

/** A cursor over one line's bytes [at, end). */
export interface Cursor {
  buf: Uint8Array;
  at: number;
  end: number;
}

export const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === CR;

/** Skip spaces and tabs (and a final \r); true when something else follows. */
export function skipBlanks(p: Cursor): boolean {
  while (p.at < p.end && isBlank(p.buf[p.at])) p.at++;
  return p.at < p.end;
}

/** INDEX: digits only, up to 2³¹ − 1; NaN otherwise. The token must end at a blank or the line's end. */
export function readIndex(p: Cursor): number {
  const { buf, end } = p;
  let at = p.at,
    v = 0;
  const start = at;
  while (at < end && buf[at] >= ZERO && buf[at] <= NINE && at - start < 10) v = v * 10 + (buf[at++] - ZERO);
  if (at === start || (at < end && !isBlank(buf[at])) || v > 0x7fffffff) return Number.NaN;
  p.at = at;
  return v;
}

/** REAL (or INTEGER when `integer`): [+-]digits[.digits][e[+-]digits]; NaN when it is not one. The
 *  token ends at a blank, the line's end or the byte `stop` (a CSV delimiter). */
export function readReal(p: Cursor, integer = false, stop = -1): number {
  const { buf, end } = p;
  const start = p.at;
  let at = start,
    negative = false;
  if (at < end && (buf[at] === PLUS || buf[at] === MINUS)) negative = buf[at++] === MINUS;
  let mantissa = 0,
    digits = 0,
    intDigits = 0,
    fracDigits = 0,
    scale = 0;
  while (at < end && buf[at] >= ZERO && buf[at] <= NINE) {
    if (digits > 0 || buf[at] !== ZERO) {
      if (digits < 15) mantissa = mantissa * 10 + (buf[at] - ZERO);
      else scale++;
      digits++;
    }
    at++;
    intDigits++;
  }
  if (!integer && at < end && buf[at] === DOT) {
    at++;
    while (at < end && buf[at] >= ZERO && buf[at] <= NINE) {
      if (digits > 0 || buf[at] !== ZERO) {
        if (digits < 15) {
          mantissa = mantissa * 10 + (buf[at] - ZERO);
          scale--;
        }
        digits++;
      } else scale--;
      at++;
      fracDigits++;
    }
  }
  if (intDigits + fracDigits === 0) return Number.NaN;
  let exponent = 0;
  if (!integer && at < end && (buf[at] === E || buf[at] === BIG_E)) {
    at++;
    let sign = 1;
    if (at < end && (buf[at] === PLUS || buf[at] === MINUS)) sign = buf[at++] === MINUS ? -1 : 1;
    const first = at;
    while (at < end && buf[at] >= ZERO && buf[at] <= NINE && at - first < 6)
      exponent = exponent * 10 + (buf[at++] - ZERO);
    if (at === first || (at < end && buf[at] >= ZERO && buf[at] <= NINE)) return Number.NaN;
    exponent *= sign;
  }
  if (at < end && !isBlank(buf[at]) && buf[at] !== stop) return Number.NaN;
  p.at = at;
  const e10 = scale + exponent;
  let v: number;
  if (digits <= 15 && e10 >= -22 && e10 <= 22) v = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
  else v = Math.abs(Number(Buffer.from(buf.buffer, buf.byteOffset + start, at - start).toString('latin1')));
  return negative ? -v : v;
}
