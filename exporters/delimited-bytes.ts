// CSV and TSV lines written as bytes into one growing buffer, a chunk of rows at a time, and handed on
// as one string per chunk. A document-topic table of a million rows is fifty million cells: made as a
// string per cell and joined, its garbage and its number formatting were 40 s of a 4-minute job.

/** 10⁰ … 10¹¹, exact in float64. */
const POWERS = Array.from({ length: 12 }, (_, i) => 10 ** i);

/** A chunk's bytes, the buffer grown as lines need it. */
export class DelimitedBytes {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private at = 0;
  private readonly digits = new Uint8Array(6);

  /** Room for `bytes` more. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.at++] = b;
  }

  text(s: string): void {
    this.room(3 * s.length); // UTF-8 takes at most three bytes for each UTF-16 unit
    this.at += this.buffer.write(s, this.at, 'utf8');
  }

  /** `v` as `fallback` (formatNumber) writes it: six significant digits, trailing zeros cut. Made here
   *  from v·10^(5−e) rounded (e the decimal exponent) where that product is not within 10⁻⁶ of a tie
   *  between two roundings (its own error is below 10⁻¹⁰, so the rounding is toPrecision's); outside
   *  [10⁻⁶, 10⁶), at whole numbers and near ties, `fallback` writes it. */
  number(v: number, fallback: (v: number) => string): void {
    this.room(24);
    const b = this.buffer;
    if (v === 0) {
      b[this.at++] = 48;
      return;
    }
    const a = Math.abs(v);
    if (!(a >= 1e-6 && a < 1e6) || Number.isInteger(v)) {
      this.at += b.write(fallback(v), this.at, 'latin1');
      return;
    }
    let e = Math.floor(Math.log10(a));
    let scaled = a * POWERS[5 - e];
    // log10 may land one off beside a power of ten
    if (scaled < 1e5) scaled = a * POWERS[5 - --e];
    else if (scaled >= 1e6) scaled = a * POWERS[5 - ++e];
    let m = Math.floor(scaled);
    const fraction = scaled - m;
    if (Math.abs(fraction - 0.5) < 1e-6 || e < -6 || e > 5) {
      this.at += b.write(fallback(v), this.at, 'latin1');
      return;
    }
    if (fraction > 0.5) m++;
    if (m === 1e6) {
      m = 1e5;
      if (++e > 5) {
        this.at += b.write(fallback(v), this.at, 'latin1');
        return;
      }
    }
    let n = 6;
    while (m % 10 === 0) {
      m /= 10;
      n--;
    }
    const d = this.digits;
    for (let i = n - 1; i >= 0; i--) {
      const q = Math.floor(m / 10);
      d[i] = 48 + m - 10 * q;
      m = q;
    }
    let at = this.at;
    if (v < 0) b[at++] = 45; // '-'
    if (e >= 0) {
      for (let i = 0; i <= e; i++) b[at++] = i < n ? d[i] : 48;
      if (n > e + 1) {
        b[at++] = 46; // '.'
        for (let i = e + 1; i < n; i++) b[at++] = d[i];
      }
    } else {
      b[at++] = 48;
      b[at++] = 46;
      for (let z = -1; z > e; z--) b[at++] = 48;
      for (let i = 0; i < n; i++) b[at++] = d[i];
    }
    this.at = at;
  }

  /** The chunk's text, and the buffer emptied for the next. */
  take(): string {
    const text = this.buffer.toString('utf8', 0, this.at);
    this.at = 0;
    return text;
  }
}
