// A factor times a small matrix in float64: the orthonormalization and the singular vectors of the
// randomized SVD (core/svd.ts).

/** out[i, :] = P[i, :]·M for the rows [r0, r1): P's rows of stride kp (f32), M kp × mp (f64, row-major),
 *  out's rows of stride mp (f32). Each entry is summed in float64 over P's columns in order, a multiply
 *  then an add (no fused form: the host's loop gives the same bits), and rounded once. `upper`: M is
 *  upper triangular, the sums stop at the diagonal's chunk, and out may be P itself (kp = mp): a row's
 *  chunks of eight columns are made from the last to the first, each from P's entries before its end,
 *  which no later chunk has overwritten. Columns past mp in a chunk read M's next row (or its slack) and
 *  are never stored. */
export function timesSmall(p: usize, kp: i32, m: usize, mp: i32, out: usize, upper: i32, r0: i32, r1: i32): void {
  const last = (mp - 1) & ~7;
  for (let i = r0; i < r1; i++) {
    const pi = p + ((<usize>i * kp) << 2), oi = out + ((<usize>i * mp) << 2);
    for (let c = last; c >= 0; c -= 8) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      const end = upper ? min(kp, c + 8) : kp;
      for (let a = 0; a < end; a++) {
        const s = f64x2.splat(<f64>load<f32>(pi + (<usize>a << 2)));
        const ma = m + ((<usize>a * mp + c) << 3);
        a0 = f64x2.add(a0, f64x2.mul(s, v128.load(ma)));
        a1 = f64x2.add(a1, f64x2.mul(s, v128.load(ma, 16)));
        a2 = f64x2.add(a2, f64x2.mul(s, v128.load(ma, 32)));
        a3 = f64x2.add(a3, f64x2.mul(s, v128.load(ma, 48)));
      }
      const o = oi + (<usize>c << 2);
      v128.store(o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a0), f32x4.demote_f64x2_zero(a1), 0, 1, 4, 5));
      if (c + 4 < mp)
        v128.store(o, v128.shuffle<f32>(f32x4.demote_f64x2_zero(a2), f32x4.demote_f64x2_zero(a3), 0, 1, 4, 5), 16);
    }
  }
}
