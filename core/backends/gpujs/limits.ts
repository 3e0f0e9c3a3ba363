// What the webgpu device can index and dispatch, apart from gpu.js itself: `auto` asks before any GPU
// is opened, and loading gpu.js (15 MB of memory) is left to the runs that use it.
//
// The products with X and the Gram matrices run as WGSL kernels indexed in u32 (wgsl-kernels.ts): no
// limit on nonzeros or rows × k but one storage buffer per array (the device refuses past it when X is
// bound, wgsl-storage.ts). What still runs as gpu.js kernels keeps gpu.js's limits: the element-wise
// updates dispatch rows in 2-D workgroups, and the KL pass on a sparse X reads its offsets and indices
// as float32.
import type { Matrix } from '../../matrix.js';

/** gpu.js dispatches a 2-D output in 8 × 8 workgroups, at most 65535 in a dimension. */
export const MAX_ROWS = 65535 * 8;
/** Float32 holds integers exactly up to 2²⁴: the limit of gpu.js's KL pass on CSR offsets and indices. */
export const EXACT = 1 << 24;

/** Whether X with padded rank kp is within what the webgpu device can index exactly and dispatch, for
 *  a fit of the given loss (without it, for any loss: the KL pass's float32 limits included). */
export function gpuFits(X: Matrix, kp: number, loss: 'frobenius' | 'kl' = 'kl'): boolean {
  const longest = Math.max(X.rows, X.cols);
  return (
    longest <= MAX_ROWS &&
    (X.kind === 'dense' || loss === 'frobenius' || (X.data.length < EXACT && longest * kp < EXACT))
  );
}
