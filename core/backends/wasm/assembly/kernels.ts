// Hand-tuned CPU kernels (AssemblyScript → WebAssembly SIMD), run on a pool of threads over one shared
// memory. gpu.js's webasm mode computes one output per thread and re-reads its operands for every
// output; these kernels (the products in product.ts) keep a 2×16 tile of the result in SIMD registers, which is what the CPU
// targets need.
//
// Conventions: every pointer is a byte offset into the shared memory; factor matrices are row-major f32
// with a row stride `kp` (the rank rounded up to a multiple of 4, padding lanes are zero); each call
// handles the rows [r0, r1) so threads can split it. Buffers carry 64 bytes of slack, so a kernel may
// read a 16-lane chunk past the end of a row.
import { KL_FLOOR } from '../../../floors';
import { madd, storeChunk } from './simd';



/** out[i, :] = Σ_q data[q] · B[indices[q], :] over the nonzeros q of CSR row i. */
export function csrTimes(indptr: usize, indices: usize, data: usize, b: usize, kp: i32, out: usize, r0: i32, r1: i32): void {
  for (let i = r0; i < r1; i++) {
    const s = load<i32>(indptr + (<usize>i << 2));
    const e = load<i32>(indptr + (<usize>(i + 1) << 2));
    for (let c = 0; c < kp; c += 16) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let q = s; q < e; q++) {
        const j = <usize>load<i32>(indices + (<usize>q << 2));
        const x = f32x4.splat(load<f32>(data + (<usize>q << 2)));
        const bp = b + ((j * kp + c) << 2);
        c0 = madd(x, v128.load(bp), c0); c1 = madd(x, v128.load(bp, 16), c1);
        c2 = madd(x, v128.load(bp, 32), c2); c3 = madd(x, v128.load(bp, 48), c3);
      }
      storeChunk(out + ((<usize>i * kp + c) << 2), min(4, (kp - c) >> 2), c0, c1, c2, c3);
    }
  }
}

@inline function dot(x: usize, y: usize, kp: i32): f32 {
  let acc = f32x4.splat(0);
  for (let c = 0; c < kp; c += 4) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(x + (<usize>c << 2)), v128.load(y + (<usize>c << 2))));
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
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
export function csrKl(indptr: usize, indices: usize, data: usize, a: usize, b: usize, kp: i32, out: usize, loss: usize, wantLoss: i32, r0: i32, r1: i32): void {
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
    let l: f64 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
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

/** out (kp × kp, f64) += Σ_{i in rows} B[i,:]ᵀ B[i,:] on and above the diagonal (the host mirrors it),
 *  four rows at a time: their values are widened to float64 once into `wide` (4 × kp), and each f64x2 of
 *  out is read and written once per four rows instead of once per row. */
function gram(b: usize, kp: i32, out: usize, wide: usize, r0: i32, r1: i32): void {
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
        acc = f64x2.add(acc, f64x2.mul(s0, v128.load(w0 + uu)));
        acc = f64x2.add(acc, f64x2.mul(s1, v128.load(w1 + uu)));
        acc = f64x2.add(acc, f64x2.mul(s2, v128.load(w2 + uu)));
        acc = f64x2.add(acc, f64x2.mul(s3, v128.load(w3 + uu)));
        v128.store(ot + uu, acc);
      }
    }
  }
}

/** One HALS sweep over the k columns of P for rows [r0, r1): the exact minimizer of F in each entry,
 *  projected on P ≥ 0. g holds the Gram matrix of the other factor plus l2 on its diagonal (kp × kp),
 *  xb the product of X (or Xᵀ) with the other factor; l1half is l1 / 2 (F counts the squared error
 *  without the usual ½). Rows are independent, so row-by-row order equals column-by-column order.
 *  pg (kp floats of scratch per thread) carries P[i,:]·G, updated by each change instead of recomputed:
 *  a vector load right after a scalar store to the same row would stall store forwarding. */
export function hals(p: usize, xb: usize, g: usize, k: i32, kp: i32, l1half: f32, pg: usize, r0: i32, r1: i32): void {
  let i = r0;
  for (; i + 4 <= r1; i += 4) hals4(p, xb, g, k, kp, l1half, pg, i);
  for (; i < r1; i++) halsRow(p, xb, g, k, kp, l1half, pg, i);
}

/** One row's sweep (the rows left after the groups of four). */
function halsRow(p: usize, xb: usize, g: usize, k: i32, kp: i32, l1half: f32, pg: usize, i: i32): void {
  const pi = p + ((<usize>i * kp) << 2);
  const xi = xb + ((<usize>i * kp) << 2);
  memory.fill(pg, 0, <usize>kp << 2);
  for (let u = 0; u < k; u++) {
    const v = load<f32>(pi + (<usize>u << 2));
    if (v != 0) axpy(v, g + ((<usize>u * kp) << 2), pg, kp);
  }
  for (let t = 0; t < k; t++) {
    const gt = g + ((<usize>t * kp) << 2);
    const hess = load<f32>(gt + (<usize>t << 2));
    if (!(hess > 0)) continue;
    const old = load<f32>(pi + (<usize>t << 2));
    const grad = load<f32>(pg + (<usize>t << 2)) - load<f32>(xi + (<usize>t << 2)) + l1half;
    const v = max<f32>(old - grad / hess, 0);
    if (v == old) continue;
    store<f32>(pi + (<usize>t << 2), v);
    axpy(v - old, gt, pg, kp);
  }
}

/** The new value of entry t of a row and its change (0: unchanged), as halsRow computes it. */
@inline function halsStep(pi: usize, xi: usize, pgi: usize, t: i32, hess: f32, l1half: f32): f32 {
  const at = <usize>t << 2;
  const old = load<f32>(pi + at);
  const v = max<f32>(old - (load<f32>(pgi + at) - load<f32>(xi + at) + l1half) / hess, 0);
  store<f32>(pi + at, v);
  return v - old;
}

/** qr += sr · g for four rows at once, g (one row of G) loaded once for them. */
@inline function axpy4(s0: v128, s1: v128, s2: v128, s3: v128, g: usize, q0: usize, q1: usize, q2: usize, q3: usize, bytes: usize): void {
  for (let c: usize = 0; c < bytes; c += 16) {
    const gc = v128.load(g + c);
    v128.store(q0 + c, madd(s0, gc, v128.load(q0 + c)));
    v128.store(q1 + c, madd(s1, gc, v128.load(q1 + c)));
    v128.store(q2 + c, madd(s2, gc, v128.load(q2 + c)));
    v128.store(q3 + c, madd(s3, gc, v128.load(q3 + c)));
  }
}

/** Four rows' sweeps side by side: each row of G is loaded once for the four, and their four
 *  independent chains of scalar updates overlap instead of waiting on each other's latency. pg holds
 *  four rows of scratch, `stride` floats apart (a whole number of cache lines). */
function hals4(p: usize, xb: usize, g: usize, k: i32, kp: i32, l1half: f32, pg: usize, i: i32): void {
  const rowBytes: usize = <usize>kp << 2;
  const stride: usize = <usize>((kp + 15) & ~15) << 2;
  const p0 = p + <usize>i * rowBytes, p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
  const x0 = xb + <usize>i * rowBytes, x1 = x0 + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes;
  const q0 = pg, q1 = pg + stride, q2 = q1 + stride, q3 = q2 + stride;
  memory.fill(pg, 0, stride << 2);
  for (let u = 0; u < k; u++) {
    const uu = <usize>u << 2;
    const v0 = f32x4.splat(load<f32>(p0 + uu)), v1 = f32x4.splat(load<f32>(p1 + uu));
    const v2 = f32x4.splat(load<f32>(p2 + uu)), v3 = f32x4.splat(load<f32>(p3 + uu));
    axpy4(v0, v1, v2, v3, g + <usize>u * rowBytes, q0, q1, q2, q3, rowBytes);
  }
  for (let t = 0; t < k; t++) {
    const gt = g + <usize>t * rowBytes;
    const hess = load<f32>(gt + (<usize>t << 2));
    if (!(hess > 0)) continue;
    const d0 = halsStep(p0, x0, q0, t, hess, l1half), d1 = halsStep(p1, x1, q1, t, hess, l1half);
    const d2 = halsStep(p2, x2, q2, t, hess, l1half), d3 = halsStep(p3, x3, q3, t, hess, l1half);
    if (d0 == 0 && d1 == 0 && d2 == 0 && d3 == 0) continue;
    axpy4(f32x4.splat(d0), f32x4.splat(d1), f32x4.splat(d2), f32x4.splat(d3), gt, q0, q1, q2, q3, rowBytes);
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

export { windowPass } from './window';
export { denseTimes, denseTimesT } from './product';
