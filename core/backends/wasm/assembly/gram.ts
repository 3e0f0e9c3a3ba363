// The Gram matrix of a factor, BᵀB, summed in float64.
import { maddExact64 } from './simd';

/** out (kp × kp, f64) += Σ_{i in rows} B[i,:]ᵀ B[i,:] on and above the diagonal (the host mirrors it),
 *  four rows at a time: their values are widened to float64 once into `wide` (4 × kp), and each f64x2 of
 *  out is read and written once per four rows instead of once per row. */
export function gram(b: usize, kp: i32, out: usize, wide: usize, r0: i32, r1: i32): void {
  const rowBytes = <usize>kp << 3;
  for (let i = r0; i < r1; i += 4) {
    const n = min(4, r1 - i);
    memory.fill(wide, 0, rowBytes << 2);
    for (let r = 0; r < n; r++) {
      const bi = b + ((<usize>(i + r) * kp) << 2);
      const wr = wide + <usize>r * rowBytes;
      for (let u = 0; u < kp; u++) store<f64>(wr + (<usize>u << 3), <f64>load<f32>(bi + (<usize>u << 2)));
    }
    const w0 = wide, w1 = wide + rowBytes, w2 = wide + 2 * rowBytes, w3 = wide + 3 * rowBytes;
    for (let t = 0; t < kp; t++) {
      const tt = <usize>t << 3;
      const s0 = f64x2.splat(load<f64>(w0 + tt)), s1 = f64x2.splat(load<f64>(w1 + tt));
      const s2 = f64x2.splat(load<f64>(w2 + tt)), s3 = f64x2.splat(load<f64>(w3 + tt));
      const ot = out + <usize>t * rowBytes;
      for (let u = t & ~1; u < kp; u += 2) {
        const uu = <usize>u << 3;
        let acc = v128.load(ot + uu);
        acc = maddExact64(s0, v128.load(w0 + uu), acc);
        acc = maddExact64(s1, v128.load(w1 + uu), acc);
        acc = maddExact64(s2, v128.load(w2 + uu), acc);
        acc = maddExact64(s3, v128.load(w3 + uu), acc);
        v128.store(ot + uu, acc);
      }
    }
  }
}

/** The Gram matrix in `parts` fixed slices of the rows, each into its own kp × kp block of out, for the
 *  parts [p0, p1): the host adds the blocks in order, so the sum does not depend on the thread count.
 *  `wide` is 4 × kp float64 of scratch per part. */
export function gramParts(b: usize, kp: i32, rows: i32, parts: i32, out: usize, wide: usize, p0: i32, p1: i32): void {
  const block = (<usize>kp * kp) << 3;
  for (let p = p0; p < p1; p++) {
    const o = out + <usize>p * block;
    memory.fill(o, 0, block);
    gram(b, kp, o, wide + ((<usize>p * kp) << 5), <i32>((<i64>rows * p) / parts), <i32>((<i64>rows * (p + 1)) / parts));
  }
}
