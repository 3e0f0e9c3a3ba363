// Hand-tuned CPU kernels (AssemblyScript → WebAssembly SIMD), run on a pool of threads over one shared
// memory. gpu.js's webasm mode computes one output per thread and re-reads its operands for every
// output; these kernels keep a tile of the result in SIMD registers (the products in product.ts) or
// stream a factor through the cache once (the HALS sweep in sweep.ts), which is what the CPU targets
// need. This module holds the KL kernels and names every kernel the threads run.
//
// Conventions: every pointer is a byte offset into the shared memory; factor matrices are row-major f32
// with a row stride `kp` (the rank rounded up to a multiple of 4, padding lanes are zero); each call
// handles the rows [r0, r1) so threads can split it. Buffers carry 64 bytes of slack, so a kernel may
// read a 16-lane chunk past the end of a row.
import { KL_FLOOR } from '../../../floors';
import { madd } from './simd';

@inline function dot(x: usize, y: usize, kp: i32): f32 {
  let acc = f32x4.splat(0);
  for (let c = 0; c < kp; c += 4) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(x + (<usize>c << 2)), v128.load(y + (<usize>c << 2))));
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) +
    f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

@inline function axpy(alpha: f32, x: usize, y: usize, kp: i32): void {
  const av = f32x4.splat(alpha);
  for (let c = 0; c < kp; c += 4) {
    const o = y + (<usize>c << 2);
    v128.store(o, madd(av, v128.load(x + (<usize>c << 2)), v128.load(o)));
  }
}

const FLOOR: f32 = <f32>KL_FLOOR;

/** Generalized KL, one pass over the nonzeros of CSR rows: with y = A[i,:]·B[j,:],
 *  out[i, :] = Σ_j (x/y) · B[j, :] and, when wantLoss, loss[i] = Σ_j x·log(x/y) (f64; the logarithms
 *  are most of the cost, so a pass that does not need F skips them). */
export function csrKl(
  indptr: usize, indices: usize, data: usize, a: usize, b: usize, kp: i32,
  out: usize, loss: usize, wantLoss: i32, r0: i32, r1: i32,
): void {
  for (let i = r0; i < r1; i++) {
    const s = load<i32>(indptr + (<usize>i << 2));
    const e = load<i32>(indptr + (<usize>(i + 1) << 2));
    const ai = a + ((<usize>i * kp) << 2);
    const oi = out + ((<usize>i * kp) << 2);
    memory.fill(oi, 0, <usize>kp << 2);
    let l: f64 = 0;
    for (let q = s; q < e; q++) {
      const x = load<f32>(data + (<usize>q << 2));
      if (x == 0) continue;
      const bj = b + ((<usize>load<i32>(indices + (<usize>q << 2)) * kp) << 2);
      const y = max(dot(ai, bj, kp), FLOOR);
      if (wantLoss) l += <f64>x * Math.log(<f64>x / <f64>y);
      axpy(x / y, bj, oi, kp);
    }
    store<f64>(loss + (<usize>i << 3), l);
  }
}

/** Natural logarithm of four positive normal floats (Cephes' logf: about 1e-7 relative error). */
@inline function log4(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000)); // mantissa in [1, 2)
  const high = f32x4.gt(m, f32x4.splat(1.41421356)); // fold to [√½, √2): m/2, e + 1
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, high);
  e = i32x4.sub(e, high);
  const f = f32x4.sub(m, f32x4.splat(1));
  const z = f32x4.mul(f, f);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, f), z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(-2.12194440e-4)));
  y = f32x4.add(y, f32x4.mul(z, f32x4.splat(-0.5)));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(fe, f32x4.splat(0.693359375)));
}

/** For dense X, after y = A·Bᵀ was formed by denseTimes (rows of stride ldy): y ← x/y in place (0 where
 *  x = 0), and loss[i] = Σ_j x·log(x/y) when wantLoss, four entries at a time (the logarithm in SIMD,
 *  the sum in float64). R·B by denseTimes then finishes the KL product. */
export function klRatio(x: usize, n: i32, y: usize, ldy: i32, loss: usize, wantLoss: i32, r0: i32, r1: i32): void {
  const floor = f32x4.splat(FLOOR), zero = f32x4.splat(0), one = f32x4.splat(1);
  for (let i = r0; i < r1; i++) {
    const xi = x + ((<usize>i * n) << 2);
    const yi = y + ((<usize>i * ldy) << 2);
    let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const xv = v128.load(xi + (<usize>j << 2));
      const at = yi + (<usize>j << 2);
      const r = f32x4.div(xv, f32x4.max(v128.load(at), floor));
      const nonzero = f32x4.ne(xv, zero);
      v128.store(at, v128.and(r, nonzero));
      if (wantLoss) {
        const c = f32x4.mul(xv, log4(v128.bitselect(r, one, nonzero)));
        acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(c));
        acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(i32x4.shuffle(c, c, 2, 3, 0, 1)));
      }
    }
    let l: f64 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) +
      f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
    for (; j < n; j++) {
      const v = load<f32>(xi + (<usize>j << 2));
      const at = yi + (<usize>j << 2);
      if (v == 0) { store<f32>(at, 0); continue; }
      const m = max(load<f32>(at), FLOOR);
      if (wantLoss) l += <f64>v * Math.log(<f64>v / <f64>m);
      store<f32>(at, v / m);
    }
    store<f64>(loss + (<usize>i << 3), l);
  }
}

export { gramParts } from './gram';
export { addParts, hals, halsRows } from './sweep';
export { gatherRows, windowPass } from './window';
export { csrTimes, csrTimesPanels, denseTimes, denseTimesT } from './product';
export { timesSmall } from './small';
export { gradientSizeParts, gradientSizeRows } from './gradient';
