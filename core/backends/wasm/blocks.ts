// The memory a bound matrix holds in the kernels' shared memory: blocks from the pool, X stored in it
// once (or read where it already is), released all together with the matrix or back to a checkpoint
// (a kernel call's scratch).
import type { DenseStorage, Matrix } from '../../matrix.js';
import type { Buf } from '../backend.js';
import { viewOf } from '../host.js';
import type { Block, KernelPool } from './pool.js';

/** One orientation of X: CSR, or dense row-major; `transposed` marks the columns' side of a dense X,
 *  which is X's own block read by columns (a transposed copy would double a fit's memory). */
export interface Stored {
  rows: number;
  cols: number;
  dense?: Block;
  transposed?: boolean;
  indptr?: Block<Int32Array>;
  indices?: Block<Int32Array>;
  data?: Block;
}

/** The blocks one bound matrix holds, in allocation order. */
export class BoundBlocks {
  private readonly held: number[] = [];

  constructor(private readonly pool: KernelPool) {}

  /** n zeroed elements until the bound matrix or the checkpoint around it is released; `zeroed` false
   *  for scratch the kernel writes whole before it reads it (zeroing halsRows' 2 MB at k = 50 took
   *  0.7 ms of a 22 ms iteration). */
  block(n: number, type?: 'f32', zeroed?: boolean): Block;
  block(n: number, type: 'i32', zeroed?: boolean): Block<Int32Array>;
  block(n: number, type: 'f64', zeroed?: boolean): Block<Float64Array>;
  block(
    n: number,
    type: 'f32' | 'i32' | 'f64' = 'f32',
    zeroed = true,
  ): Block | Block<Int32Array> | Block<Float64Array> {
    const b =
      type === 'i32'
        ? this.pool.alloc(n, 'i32', zeroed)
        : type === 'f64'
          ? this.pool.alloc(n, 'f64', zeroed)
          : this.pool.alloc(n, 'f32', zeroed);
    this.held.push(b.ptr);
    return b;
  }

  /** A kernel's float64 header (headers.ts) as a block: each value at its named slot. */
  header<Slots extends Record<string, string | number>>(
    slots: Slots,
    values: Record<keyof Slots, number>,
  ): Block<Float64Array> {
    const names = Object.keys(values) as (keyof Slots)[];
    const b = this.block(names.length, 'f64');
    for (const name of names) b.view[slots[name] as number] = values[name];
    return b;
  }

  /** Blocks as a storage: they are held, and released, with the others. */
  storage(): DenseStorage {
    return {
      alloc: (n) => this.block(n, 'f32', false).view,
      allocIndices: (n) => this.block(n, 'i32', false).view,
      free: () => undefined,
    };
  }

  store(X: Matrix): Stored {
    // values already in this memory (DenseStorage) are read where they are, and stay their owner's
    if (X.kind === 'dense' && this.pool.holds(X.data))
      return { rows: X.rows, cols: X.cols, dense: { ptr: X.data.byteOffset, view: X.data } };
    if (X.kind === 'dense') {
      const dense = this.block(X.data.length);
      dense.view.set(X.data);
      return { rows: X.rows, cols: X.cols, dense };
    }
    if (this.pool.holds(X.indptr) && this.pool.holds(X.indices) && this.pool.holds(X.data)) {
      const at = <T extends Float32Array | Int32Array>(view: T) => ({ ptr: view.byteOffset, view });
      return { rows: X.rows, cols: X.cols, indptr: at(X.indptr), indices: at(X.indices), data: at(X.data) };
    }
    const indptr = this.block(X.indptr.length, 'i32');
    const indices = this.block(X.indices.length, 'i32');
    const data = this.block(X.data.length);
    indptr.view.set(X.indptr);
    indices.view.set(X.indices);
    data.view.set(X.data);
    return { rows: X.rows, cols: X.cols, indptr, indices, data };
  }

  /** Undoes every allocation made after this call. */
  checkpoint(): () => void {
    const mark = this.held.length;
    return () => this.release(mark);
  }

  /** Frees every block allocated after the first `mark`. */
  release(mark: number): void {
    for (const ptr of this.held.splice(mark)) this.pool.free(ptr);
  }
}

/** Kernels take byte offsets: buffers from `alloc` are views into the shared memory. */
export function ptr(P: Buf): number {
  const a = viewOf(P);
  if (!(a.buffer instanceof SharedArrayBuffer)) throw new TypeError('webasm: buffer was not allocated by this device');
  return a.byteOffset;
}
