// What the gpu.js devices can index and dispatch, apart from gpu.js itself: `auto` asks before any GPU
// is opened, and loading gpu.js (15 MB of memory) is left to the runs that use it.
import type { Matrix } from '../matrix.js';

/** gpu.js dispatches a 2-D output in 8 × 8 workgroups, at most 65535 in a dimension. */
export const MAX_ROWS = 65535 * 8;
/** Float32 holds integers exactly up to 2²⁴: CSR offsets and column indices live in float32 arrays. */
export const EXACT = 1 << 24;

/** Whether X with padded rank kp is within what the webgpu device can index exactly and dispatch. */
export function gpuFits(X: Matrix, kp: number): boolean {
  const longest = Math.max(X.rows, X.cols);
  return longest <= MAX_ROWS && (X.kind === 'dense' || (X.data.length < EXACT && longest * kp < EXACT));
}
