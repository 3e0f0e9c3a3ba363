// The two matrix types every part of latent shares. Values are float32: the kernels compute in
// float32, and a float64 copy of a large corpus would double its memory for no gain in the factors.

/** A dense row-major matrix. */
export interface Dense {
  readonly kind: 'dense';
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** A sparse matrix in compressed sparse row form: row i's entries are indices/data[indptr[i]..indptr[i+1]). */
export interface Csr {
  readonly kind: 'csr';
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
}

export type Matrix = Dense | Csr;

/** Where a dense matrix's values are kept. `denseStorage()` (registry.ts) gives one in the CPU device's
 *  memory, which a fit then reads in place: without it the device copies X, and for a moment the
 *  process holds it twice. A loader that is given one allocates its dense X there. */
export interface DenseStorage {
  /** `length` zeroed values; pages never written may take no memory. */
  alloc(length: number): Float32Array;
  /** `length` zeroed indices (a sparse X's row offsets and columns), where the storage has them. */
  allocIndices?(length: number): Int32Array;
  /** Give back an array from `alloc` or `allocIndices` (or the start of one) that nothing reads any more. */
  free(values: Float32Array): void;
}

/** Ordinary arrays, left to the garbage collector. */
export const plainStorage: DenseStorage = {
  alloc: (length) => new Float32Array(length),
  allocIndices: (length) => new Int32Array(length),
  free: () => undefined,
};

export function dense(rows: number, cols: number, data: Float32Array = new Float32Array(rows * cols)): Dense {
  if (data.length !== rows * cols)
    throw new RangeError(`dense ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { kind: 'dense', rows, cols, data };
}

export function csr(rows: number, cols: number, indptr: Int32Array, indices: Int32Array, data: Float32Array): Csr {
  if (indptr.length !== rows + 1 || indices.length !== data.length || indptr[rows] !== data.length) {
    throw new RangeError(
      `csr ${rows}×${cols}: indptr has ${indptr.length} entries and ends at ${indptr[rows]}, data has ${data.length}`,
    );
  }
  return { kind: 'csr', rows, cols, indptr, indices, data };
}

export function nnz(X: Matrix): number {
  if (X.kind === 'csr') return X.data.length;
  // a plain loop without a branch: reduce with a callback took 0.42 s over 47 million values, a branch
  // that the data decides at random 0.18 s
  let n = 0;
  const d = X.data;
  for (let q = 0; q < d.length; q++) n += +(d[q] !== 0);
  return n;
}

/** The transpose of a CSR matrix, still CSR (that is, the CSC form of X): a counting sort, O(nnz).
 *  Its arrays come from `storage` when given (a device's memory: no copy made to bind it). */
export function transposeCsr(X: Csr, storage?: DenseStorage): Csr {
  const counts = new Int32Array(X.cols + 1);
  for (let q = 0; q < X.indices.length; q++) counts[X.indices[q] + 1]++;
  for (let j = 0; j < X.cols; j++) counts[j + 1] += counts[j];
  const ints = (n: number) => storage?.allocIndices?.(n) ?? new Int32Array(n);
  const indptr = ints(X.cols + 1);
  indptr.set(counts);
  const indices = ints(X.data.length);
  const data = storage ? storage.alloc(X.data.length) : new Float32Array(X.data.length);
  for (let i = 0; i < X.rows; i++) {
    for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
      const at = counts[X.indices[q]]++;
      indices[at] = i;
      data[at] = X.data[q];
    }
  }
  return csr(X.cols, X.rows, indptr, indices, data);
}

/** Xᵀ as a new dense matrix. */
export function transposeDense(X: Dense): Dense {
  const { rows, cols, data } = X;
  const out = new Float32Array(data.length);
  const B = 64; // blocks keep both sides in cache
  for (let i0 = 0; i0 < rows; i0 += B) {
    for (let j0 = 0; j0 < cols; j0 += B) {
      const i1 = Math.min(rows, i0 + B),
        j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = data[i * cols + j];
    }
  }
  return dense(cols, rows, out);
}

export function transpose(X: Matrix): Matrix {
  return X.kind === 'csr' ? transposeCsr(X) : transposeDense(X);
}

/** A dense X with at most this share of nonzeros is bound as CSR by the CPU kernels: their sparse
 *  products then do less work than their dense ones. Measured on 10,000 × 784 at k = 10, 20, 50 (a CSR
 *  fit's iteration over a dense one's): MNIST, 19 % nonzero, 0.52–0.70; uniform zeros at 10 %, 0.31–0.38;
 *  at 30 %, 0.81–0.98; at 45 %, 1.13–1.39. */
export const SPARSE_BINDING_SHARE = 0.25;

/** Whether a dense X of this shape with `nonzeros` nonzeros (some) is bound as CSR (SPARSE_BINDING_SHARE). */
export const bindsAsCsr = (rows: number, cols: number, nonzeros: number): boolean =>
  nonzeros > 0 && nonzeros <= SPARSE_BINDING_SHARE * rows * cols;

/** X's nonzeros as CSR, `count` of them (nnz(X) when not given), in `storage`'s memory when given. */
export function toCsr(X: Dense, storage?: DenseStorage, count = nnz(X)): Csr {
  const indptr = storage?.allocIndices?.(X.rows + 1) ?? new Int32Array(X.rows + 1);
  const indices = storage?.allocIndices?.(count) ?? new Int32Array(count);
  const data = storage ? storage.alloc(count) : new Float32Array(count);
  indptr[0] = 0; // a storage's memory may come unzeroed
  let q = 0;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[i * X.cols + j];
      if (v !== 0) {
        indices[q] = j;
        data[q++] = v;
      }
    }
    indptr[i + 1] = q;
  }
  return csr(X.rows, X.cols, indptr, indices, data);
}

export function toDense(X: Matrix, storage: DenseStorage = plainStorage): Dense {
  if (X.kind === 'dense') return X;
  const out = storage.alloc(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) out[i * X.cols + X.indices[q]] = X.data[q];
  }
  return dense(X.rows, X.cols, out);
}

/** The row stride of factor buffers: the rank rounded up to whole SIMD vectors. */
export const padRank = (k: number): number => Math.ceil(k / 4) * 4;

/** Rows [from, to) of X as a matrix of their own (a CSR's indices and values are views, not copies). */
export function rowSlice(X: Matrix, from: number, to: number): Matrix {
  if (X.kind === 'dense') return dense(to - from, X.cols, X.data.subarray(from * X.cols, to * X.cols));
  const base = X.indptr[from];
  const indptr = X.indptr.slice(from, to + 1).map((p) => p - base);
  return csr(to - from, X.cols, indptr, X.indices.subarray(base, X.indptr[to]), X.data.subarray(base, X.indptr[to]));
}

/** The rows rank `rank` of `size` holds of `rows`: consecutive blocks in rank order, sizes differing by
 *  at most one. */
export function rankBlock(rows: number, rank: number, size: number): [number, number] {
  const base = Math.floor(rows / size),
    extra = rows % size;
  const start = rank * base + Math.min(rank, extra);
  return [start, start + base + (rank < extra ? 1 : 0)];
}

/** CSR blocks of rows with the same columns, one under the other, as one CSR. */
export function stackRows(blocks: readonly Csr[], cols: number): Csr {
  let rows = 0,
    entries = 0;
  for (const b of blocks) {
    rows += b.rows;
    entries += b.data.length;
  }
  const indptr = new Int32Array(rows + 1),
    indices = new Int32Array(entries),
    data = new Float32Array(entries);
  let r = 0,
    e = 0;
  for (const b of blocks) {
    for (let i = 1; i <= b.rows; i++) indptr[r + i] = e + b.indptr[i];
    indices.set(b.indices, e);
    data.set(b.data, e);
    r += b.rows;
    e += b.data.length;
  }
  return csr(rows, cols, indptr, indices, data);
}
