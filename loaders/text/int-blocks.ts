// A sequence of int32 grown in blocks outside V8's heap: a corpus's per-token and per-entry numbers
// (tens of millions) without one object per document, and without the copy a doubling array makes at
// each growth (which briefly holds three times the contents). Blocks double from 4 Ki values to 1 Mi,
// then stay at 1 Mi: a small corpus takes little, a large one grows 4 MB at a time.

const FIRST = 12,
  LAST = 20,
  BIG = 1 << LAST;
/** Values held by the doubling blocks before the first 1 Mi one. */
const SMALL_TOTAL = (1 << (LAST + 1)) - (1 << FIRST);

/** Block b's size. */
const sizeOf = (b: number) => 1 << Math.min(FIRST + b, LAST);

export class Int32Blocks {
  private readonly blocks: Int32Array[] = [];
  private last = new Int32Array(0);
  private used = 0;
  length = 0;

  push(v: number): void {
    if (this.used === this.last.length) {
      this.last = new Int32Array(sizeOf(this.blocks.length));
      this.blocks.push(this.last);
      this.used = 0;
    }
    this.last[this.used++] = v;
    this.length++;
  }

  at(q: number): number {
    if (q >= SMALL_TOTAL) {
      const r = q - SMALL_TOTAL;
      return this.blocks[LAST - FIRST + 1 + Math.floor(r / BIG)][r % BIG];
    }
    // block b starts at 2^(FIRST+b) − 2^FIRST
    const b = 31 - Math.clz32(q + (1 << FIRST)) - FIRST;
    return this.blocks[b][q + (1 << FIRST) - (1 << (FIRST + b))];
  }

  /** Values [from, to) copied into `out` from its start, a block's piece at a time (reading a range
   *  by `at` costs a block lookup per value). */
  copyTo(from: number, to: number, out: Int32Array): void {
    for (let w = 0; from < to;) {
      let b: number, off: number;
      if (from >= SMALL_TOTAL) {
        const r = from - SMALL_TOTAL;
        b = LAST - FIRST + 1 + Math.floor(r / BIG);
        off = r % BIG;
      } else {
        b = 31 - Math.clz32(from + (1 << FIRST)) - FIRST;
        off = from + (1 << FIRST) - (1 << (FIRST + b));
      }
      const n = Math.min(to - from, this.blocks[b].length - off);
      out.set(this.blocks[b].subarray(off, off + n), w);
      w += n;
      from += n;
    }
  }

  /** The values in one array; the blocks are let go as they are copied. */
  take(): Int32Array {
    const out = new Int32Array(this.length);
    let from = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const n = Math.min(this.blocks[b].length, this.length - from);
      out.set(this.blocks[b].subarray(0, n), from);
      from += n;
      this.blocks[b] = new Int32Array(0);
    }
    this.blocks.length = 0;
    this.last = new Int32Array(0);
    this.used = 0;
    this.length = 0;
    return out;
  }
}
