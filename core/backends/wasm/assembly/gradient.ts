// The size of hals' projected gradient (core/convergence.ts), the stopping rule's measure: the checks of
// a 1M-row fit spent 3 s each summing it on the host, as long as an iteration's sparse product.
import { HalsRowsSlot as H } from '../headers';
import { csrTimes, denseTimes } from './product';
import { madd } from './simd';

/** Σ|PG| over the row at pi (kp f32) against its row of XB at xi: for t < k, g = l2·P[t] − XB[t] +
 *  l1half + P·G[:, t], counted as |g| where P[t] > 0, else max(0, −g). G (kp × kp, f32) is symmetric,
 *  so P·G is a sum of G's rows weighted by P's entries, skipping P's zeros (most of a sparse factor's).
 *  `row` is kp f32 of scratch. */
@inline function rowSize(
  pi: usize, xi: usize, g: usize, k: i32, kp: i32, ridge: v128, shift: v128, row: usize,
): f64 {
  const rowBytes: usize = <usize>kp << 2;
  for (let c: usize = 0; c < rowBytes; c += 16)
    v128.store(row + c, f32x4.add(f32x4.sub(f32x4.mul(ridge, v128.load(pi + c)), v128.load(xi + c)), shift));
  for (let u = 0; u < k; u++) {
    const pu = load<f32>(pi + (<usize>u << 2));
    if (pu == 0) continue;
    const s = f32x4.splat(pu), gu = g + <usize>u * rowBytes;
    for (let c: usize = 0; c < rowBytes; c += 16) v128.store(row + c, madd(s, v128.load(gu + c), v128.load(row + c)));
  }
  let size: f64 = 0;
  for (let t = 0; t < k; t++) {
    const gt = <f64>load<f32>(row + (<usize>t << 2));
    size += load<f32>(pi + (<usize>t << 2)) > 0 ? abs<f64>(gt) : max<f64>(0, -gt);
  }
  return size;
}

/** Σ|PG| of P (rows × kp) against XB over each part [p0, p1) of `parts` fixed slices of [0, rows), into
 *  sizes[part] (f64); `scratch` is kp f32 per part. The host adds the parts in order: the sum does not
 *  depend on the thread count. */
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
    for (let i = start; i < end; i++)
      size += rowSize(p + <usize>i * rowBytes, xb + <usize>i * rowBytes, g, k, kp, ridge, shift, row);
    store<f64>(sizes + (<usize>part << 3), size);
  }
}

/** gradientSizeParts with XB = X·Q made a block of `blockRows` rows at a time into the part's scratch
 *  (never stored whole: a rows × kp buffer is 200 MB at a million rows), as halsRows makes it; the
 *  header is halsRows' (its sweep's slots unused), each part's scratch `scratchStride` bytes holding the
 *  block and then the row of rowSize. Threads take parts [p0, p1). */
export function gradientSizeRows(args: usize, p0: i32, p1: i32): void {
  const x = <usize>load<f64>(args, H.x << 3), indices = <usize>load<f64>(args, H.indices << 3);
  const data = <usize>load<f64>(args, H.data << 3), lda = <i32>load<f64>(args, H.lda << 3);
  const n = <i32>load<f64>(args, H.cols << 3), q = <usize>load<f64>(args, H.q << 3);
  const kp = <i32>load<f64>(args, H.kp << 3), k = <i32>load<f64>(args, H.k << 3);
  const p = <usize>load<f64>(args, H.p << 3), g = <usize>load<f64>(args, H.g << 3);
  const shift = f32x4.splat(<f32>load<f64>(args, H.l1half << 3));
  const ridge = f32x4.splat(<f32>load<f64>(args, H.l2 << 3));
  const rows = <i32>load<f64>(args, H.rows << 3), parts = <i32>load<f64>(args, H.parts << 3);
  const sizes = <usize>load<f64>(args, H.sizes << 3), scratches = <usize>load<f64>(args, H.scratch << 3);
  const blockRows = <i32>load<f64>(args, H.blockRows << 3);
  const scratchStride = <usize>load<f64>(args, H.scratchStride << 3);
  const rowBytes: usize = <usize>kp << 2;
  for (let part = p0; part < p1; part++) {
    const xb = scratches + <usize>part * scratchStride, row = xb + <usize>blockRows * rowBytes;
    const start = <i32>((<i64>rows * part) / parts), end = <i32>((<i64>rows * (part + 1)) / parts);
    let size: f64 = 0;
    for (let i = start; i < end; i += blockRows) {
      const count = min(blockRows, end - i), xi = x + ((<usize>i * lda) << 2);
      if (lda > 0) denseTimes(xi, lda, n, q, kp, xb, 0, count);
      else csrTimes(x + (<usize>i << 2), indices, data, q, kp, xb, 0, count);
      for (let r = 0; r < count; r++)
        size += rowSize(p + <usize>(i + r) * rowBytes, xb + <usize>r * rowBytes, g, k, kp, ridge, shift, row);
    }
    store<f64>(sizes + (<usize>part << 3), size);
  }
}
