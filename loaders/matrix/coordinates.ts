// (row, col, value) triplets as a file lists them → CSR, in time linear in the entries: a counting sort
// by row, then each row's columns put in order (already so in most files) and duplicates summed.
import type { Csr } from '../../core/index.js';
import { csr, dataError } from '../../core/index.js';

export class Coordinates {
  // float32 values, as X keeps them: 12 bytes an entry while the file is read, 20 while sorting a file
  // that is not in order
  private r: Int32Array;
  private c: Int32Array;
  private v: Float32Array;
  private n = 0;
  /** Whether every entry so far came in row order and, within a row, in increasing column order. */
  private ordered = true;

  /** `capacity`: the entries the file's header promises, checked against the file (see budget.ts);
   *  `initial`: room made at first where only some of them are kept (a rank's block of rows), grown as
   *  they come. */
  constructor(
    readonly capacity: number,
    private readonly where: string,
    initial = capacity,
  ) {
    this.r = new Int32Array(initial);
    this.c = new Int32Array(initial);
    this.v = new Float32Array(initial);
  }

  private grow(): void {
    const size = Math.min(this.capacity, Math.ceil(this.r.length * 1.5) + 1024);
    const more = <T extends Int32Array | Float32Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(size);
      b.set(a);
      return b;
    };
    this.r = more(this.r);
    this.c = more(this.c);
    this.v = more(this.v);
  }

  get count(): number {
    return this.n;
  }

  /** A 0-based entry; `line` names it in the error when the header promised fewer. */
  push(row: number, col: number, value: number, line: number): void {
    if (this.n === this.capacity)
      throw dataError(`${this.where}:${line}: more entries than the ${this.capacity} the size line promises`);
    if (this.n === this.r.length) this.grow();
    const n = this.n;
    if (n > 0 && (row < this.r[n - 1] || (row === this.r[n - 1] && col <= this.c[n - 1]))) this.ordered = false;
    this.r[n] = row;
    this.c[n] = col;
    this.v[n] = value + 0; // + 0 turns -0 into 0
    this.n = n + 1;
  }

  /** The entries as CSR; the coordinates are given up (this object is empty afterwards). */
  toCsr(rows: number, cols: number): Csr {
    const { r, c, v, n } = this;
    this.r = this.c = new Int32Array(0);
    this.v = new Float32Array(0);
    this.n = 0;
    const start = new Int32Array(rows + 1);
    for (let q = 0; q < n; q++) start[r[q] + 1]++;
    for (let i = 0; i < rows; i++) start[i + 1] += start[i];
    // a file in row and column order without repeats (what scipy's mmwrite writes) is its CSR already:
    // the columns and values as read, with no second copy (12 bytes an entry at the peak, not 20)
    if (this.ordered && n === c.length) return csr(rows, cols, start, c, v);
    // entries by row, in file order within a row
    const col = new Int32Array(n),
      val = new Float32Array(n),
      next = start.slice(0, rows);
    for (let q = 0; q < n; q++) {
      const at = next[r[q]]++;
      col[at] = c[q];
      val[at] = v[q];
    }
    const indptr = new Int32Array(rows + 1);
    // rows in column order without repeats, as most files are: the sorted arrays are the CSR already
    let clean = true;
    for (let i = 0; i < rows && clean; i++)
      for (let q = start[i] + 1; q < start[i + 1] && clean; q++) clean = col[q - 1] < col[q];
    if (clean) return csr(rows, cols, start, col, val);
    const indices = new Int32Array(n),
      data = new Float32Array(n);
    let out = 0;
    for (let i = 0; i < rows; i++) {
      const a = start[i],
        b = start[i + 1];
      let sorted = true;
      for (let q = a + 1; q < b && sorted; q++) sorted = col[q - 1] <= col[q];
      const order = sorted ? null : Int32Array.from({ length: b - a }, (_, q) => a + q).sort((x, y) => col[x] - col[y]);
      let last = -1,
        sum = 0;
      for (let q = 0; q < b - a; q++) {
        const at = order ? order[q] : a + q;
        if (col[at] === last) {
          sum += val[at];
          continue;
        }
        if (last >= 0) {
          indices[out] = last;
          data[out++] = sum;
        }
        last = col[at];
        sum = val[at];
      }
      if (last >= 0) {
        indices[out] = last;
        data[out++] = sum;
      }
      indptr[i + 1] = out;
    }
    return csr(rows, cols, indptr, indices.slice(0, out), data.slice(0, out));
  }
}
