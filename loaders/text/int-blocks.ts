// A sequence of int32 grown in fixed blocks outside V8's heap: a corpus's per-token and per-entry
// numbers (tens of millions) without one object per document, and without the copy a doubling array
// makes at each growth (which briefly holds three times the contents).

const SHIFT = 20, BLOCK = 1 << SHIFT, MASK = BLOCK - 1;

export class Int32Blocks {
  private readonly blocks: Int32Array[] = [];
  private last = new Int32Array(0);
  private used = 0;
  length = 0;

  push(v: number): void {
    if (this.used === this.last.length) {
      this.last = new Int32Array(BLOCK);
      this.blocks.push(this.last);
      this.used = 0;
    }
    this.last[this.used++] = v;
    this.length++;
  }

  at(q: number): number { return this.blocks[q >>> SHIFT][q & MASK]; }

  /** The values in one array; the blocks are let go as they are copied. */
  take(): Int32Array {
    const out = new Int32Array(this.length);
    for (let b = 0; b < this.blocks.length; b++) {
      const from = b * BLOCK;
      out.set(this.blocks[b].subarray(0, Math.min(BLOCK, this.length - from)), from);
      this.blocks[b] = new Int32Array(0);
    }
    this.blocks.length = 0; this.last = new Int32Array(0); this.used = 0; this.length = 0;
    return out;
  }
}
