import type { Csr } from '../../core/index.js';
import { csr } from '../../core/index.js';

/** (row, col, value) triplets, 0-based, in any order → CSR with duplicates summed. */
export class Coordinates {
  private r: number[] = [];
  private c: number[] = [];
  private v: number[] = [];
  push(row: number, col: number, value: number): void { this.r.push(row); this.c.push(col); this.v.push(value + 0); } // + 0 turns -0 into 0

  toCsr(rows: number, cols: number): Csr {
    const n = this.v.length;
    const order = Int32Array.from({ length: n }, (_, q) => q).sort((a, b) => this.r[a] - this.r[b] || this.c[a] - this.c[b]);
    const indptr = new Int32Array(rows + 1);
    const indices: number[] = [], data: number[] = [];
    let lastR = -1, lastC = -1;
    for (const q of order) {
      if (this.r[q] === lastR && this.c[q] === lastC) { data[data.length - 1] += this.v[q]; continue; }
      lastR = this.r[q]; lastC = this.c[q];
      indices.push(lastC); data.push(this.v[q]);
      indptr[lastR + 1]++;
    }
    for (let i = 0; i < rows; i++) indptr[i + 1] += indptr[i];
    return csr(rows, cols, indptr, Int32Array.from(indices), Float32Array.from(data));
  }
}
