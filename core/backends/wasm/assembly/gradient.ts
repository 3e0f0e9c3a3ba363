// The size of hals' projected gradient (core/convergence.ts), the stopping rule's measure: the checks of
// a 1M-row fit spent 3 s each summing it on the host, as long as an iteration's sparse product.
import { madd } from './simd';

/** Σ|PG| over the rows of each part [p0, p1) of `parts` fixed slices of [0, rows), into sizes[part]
 *  (f64): for each row i and t < k, g = l2·P[i, t] − XB[i, t] + l1half + P[i, :]·G[:, t], counted as |g|
 *  where P[i, t] > 0, else max(0, −g). G (kp × kp, f32) is symmetric, so P[i, :]·G is a sum of G's rows
 *  weighted by P's entries, skipping P's zeros (most of a sparse factor's). `row` is kp f32 of scratch
 *  per part. The host adds the parts in order: the sum does not depend on the thread count. */
export function gradientSizeParts(
  p: usize, xb: usize, g: usize, k: i32, kp: i32, l1half: f32, l2: f32,
  rows: i32, parts: i32, sizes: usize, scratch: usize, p0: i32, p1: i32,
): void {
  const rowBytes: usize = <usize>kp << 2;
  const ridge = f32x4.splat(l2), shift = f32x4.splat(l1half);
  for (let part = p0; part < p1; part++) {
    const row = scratch + <usize>part * rowBytes;
    const start = <i32>((<i64>rows * part) / parts), end = <i32>((<i64>rows * (part + 1)) / parts);
    let size: f64 = 0;
    for (let i = start; i < end; i++) {
      const pi = p + <usize>i * rowBytes, xi = xb + <usize>i * rowBytes;
      for (let c: usize = 0; c < rowBytes; c += 16)
        v128.store(row + c, f32x4.add(f32x4.sub(f32x4.mul(ridge, v128.load(pi + c)), v128.load(xi + c)), shift));
      for (let u = 0; u < k; u++) {
        const pu = load<f32>(pi + (<usize>u << 2));
        if (pu == 0) continue;
        const s = f32x4.splat(pu), gu = g + <usize>u * rowBytes;
        for (let c: usize = 0; c < rowBytes; c += 16) v128.store(row + c, madd(s, v128.load(gu + c), v128.load(row + c)));
      }
      for (let t = 0; t < k; t++) {
        const gt = <f64>load<f32>(row + (<usize>t << 2));
        size += load<f32>(pi + (<usize>t << 2)) > 0 ? abs<f64>(gt) : max<f64>(0, -gt);
      }
    }
    store<f64>(sizes + (<usize>part << 3), size);
  }
}
