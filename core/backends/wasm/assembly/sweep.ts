// The HALS sweep over a factor's rows (Cichocki & Phan 2009; scikit-learn's cd solver): each entry in
// turn set to the exact minimizer of F along it, projected on P ≥ 0.
import { HalsRowsSlot as H } from '../headers';
import { gram } from './gram';
import { csrTimes, denseTimes, denseTimesT } from './product';
import { madd } from './simd';

/** Rows swept together, column by column: a row's last store has long left the store buffer when its
 *  next dot product loads the row again, and the block's rows of P and XB stay in L1. */
const BLOCK_ROWS = 32;

/** The sum of a vector's four lanes, in pairs. */
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** The new value of entry t of the row at pi, from its gradient's P·G part `pg`. */
@inline function step(pi: usize, xi: usize, at: usize, pg: f32, hess: f32, l1half: f32): void {
  const old = load<f32>(pi + at);
  store<f32>(pi + at, max<f32>(old - (pg - load<f32>(xi + at) + l1half) / hess, 0));
}

/** step for four rows at once (at p, p + rowBytes, …; their XB entries at xb, …) from the four rows'
 *  partial sums v0…v3: the sums reduced as hsum does, in the same order, by two rounds of shuffles,
 *  then one division and one max for the four (the same bits as four scalar steps, at a third of the
 *  cost: the scalar division and max were most of the sweep's time at k = 50). */
@inline function step4(
  p: usize, xb: usize, rowBytes: usize, v0: v128, v1: v128, v2: v128, v3: v128, hess: f32, l1half: f32,
): void {
  const u01 = f32x4.add(i32x4.shuffle(v0, v1, 0, 2, 4, 6), i32x4.shuffle(v0, v1, 1, 3, 5, 7));
  const u23 = f32x4.add(i32x4.shuffle(v2, v3, 0, 2, 4, 6), i32x4.shuffle(v2, v3, 1, 3, 5, 7));
  const pg = f32x4.add(i32x4.shuffle(u01, u23, 0, 2, 4, 6), i32x4.shuffle(u01, u23, 1, 3, 5, 7));
  let old = v128.load32_splat(p);
  old = v128.load32_lane(p + rowBytes, old, 1);
  old = v128.load32_lane(p + 2 * rowBytes, old, 2);
  old = v128.load32_lane(p + 3 * rowBytes, old, 3);
  let x = v128.load32_splat(xb);
  x = v128.load32_lane(xb + rowBytes, x, 1);
  x = v128.load32_lane(xb + 2 * rowBytes, x, 2);
  x = v128.load32_lane(xb + 3 * rowBytes, x, 3);
  const delta = f32x4.div(f32x4.add(f32x4.sub(pg, x), f32x4.splat(l1half)), f32x4.splat(hess));
  const r = f32x4.max(f32x4.sub(old, delta), f32x4.splat(0));
  v128.store32_lane(p, r, 0);
  v128.store32_lane(p + rowBytes, r, 1);
  v128.store32_lane(p + 2 * rowBytes, r, 2);
  v128.store32_lane(p + 3 * rowBytes, r, 3);
}

/** `sweeps` HALS sweeps over the k columns of P for rows [r0, r1): for t < k in turn,
 *    P[i, t] ← max(0, P[i, t] − (P[i, :]·G[:, t] − XB[i, t] + l1half) / G[t, t]).
 *  g holds the other factor's Gram matrix plus l2 on its diagonal (kp × kp, symmetric), xb the product
 *  of X (or Xᵀ) with the other factor; l1half is l1 / 2 (F counts the squared error without the usual
 *  ½). Rows are independent, so a block of rows goes column by column: each step is a dot product of
 *  the row as it now stands with a row of G, loads and multiply–adds only. A block makes all its sweeps
 *  before the next block starts: the same numbers as whole sweeps one after another, with the block's
 *  rows of P and XB in L1 throughout. */
export function hals(
  p: usize, xb: usize, g: usize, k: i32, kp: i32, l1half: f32, sweeps: i32, r0: i32, r1: i32,
): void {
  const rowBytes: usize = <usize>kp << 2;
  const pairs: usize = <usize>(kp & ~7) << 2; // bytes walked two vectors at a time
  for (let b0 = r0; b0 < r1; b0 += BLOCK_ROWS) {
    const b1 = min(r1, b0 + BLOCK_ROWS);
    for (let sweep = 0; sweep < sweeps; sweep++) {
      for (let t = 0; t < k; t++) {
        const gt = g + <usize>t * rowBytes, at = <usize>t << 2;
        const hess = load<f32>(gt + at);
        if (!(hess > 0)) continue;
        let i = b0;
        for (; i + 4 <= b1; i += 4) {
          const p0 = p + <usize>i * rowBytes, p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
          let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, e0 = a0, e1 = a0, e2 = a0, e3 = a0;
          let c: usize = 0;
          for (; c < pairs; c += 32) {
            const y0 = v128.load(gt + c), y1 = v128.load(gt + c, 16);
            a0 = madd(v128.load(p0 + c), y0, a0); e0 = madd(v128.load(p0 + c, 16), y1, e0);
            a1 = madd(v128.load(p1 + c), y0, a1); e1 = madd(v128.load(p1 + c, 16), y1, e1);
            a2 = madd(v128.load(p2 + c), y0, a2); e2 = madd(v128.load(p2 + c, 16), y1, e2);
            a3 = madd(v128.load(p3 + c), y0, a3); e3 = madd(v128.load(p3 + c, 16), y1, e3);
          }
          if (c < rowBytes) {
            const y0 = v128.load(gt + c);
            a0 = madd(v128.load(p0 + c), y0, a0); a1 = madd(v128.load(p1 + c), y0, a1);
            a2 = madd(v128.load(p2 + c), y0, a2); a3 = madd(v128.load(p3 + c), y0, a3);
          }
          step4(
            p0 + at, xb + <usize>i * rowBytes + at, rowBytes,
            f32x4.add(a0, e0), f32x4.add(a1, e1), f32x4.add(a2, e2), f32x4.add(a3, e3), hess, l1half,
          );
        }
        for (; i < b1; i++) {
          const pi = p + <usize>i * rowBytes;
          let a0 = f32x4.splat(0), e0 = a0;
          let c: usize = 0;
          for (; c < pairs; c += 32) {
            a0 = madd(v128.load(pi + c), v128.load(gt + c), a0);
            e0 = madd(v128.load(pi + c, 16), v128.load(gt + c, 16), e0);
          }
          if (c < rowBytes) a0 = madd(v128.load(pi + c), v128.load(gt + c), a0);
          step(pi, xb + <usize>i * rowBytes, at, hsum(f32x4.add(a0, e0)), hess, l1half);
        }
      }
    }
  }
}

/** hals on the rows' side with its product and P's Gram matrix fused, for the groups [g0, g1) of parts
 *  of the rows: a block of rows at a time, XB = X·Q into a block of scratch, the sweep, then PᵀP summed into
 *  the part's own kp × kp float64 block. X·Q is never stored whole (a rows × kp array less at the
 *  peak) and the block's rows of P pass through the cache once instead of three times. The parts are
 *  gramParts', each summed row after row, so PᵀP has the same bits on any number of threads and as the
 *  three kernels run apart.
 *  The arguments sit in the float64 slots of the header at `args`, named in ../headers.ts. */
export function halsRows(args: usize, g0: i32, g1: i32): void {
  const x = <usize>load<f64>(args, H.x << 3), indices = <usize>load<f64>(args, H.indices << 3);
  const data = <usize>load<f64>(args, H.data << 3), lda = <i32>load<f64>(args, H.lda << 3);
  const n = <i32>load<f64>(args, H.cols << 3), q = <usize>load<f64>(args, H.q << 3);
  const kp = <i32>load<f64>(args, H.kp << 3), k = <i32>load<f64>(args, H.k << 3);
  const p = <usize>load<f64>(args, H.p << 3), g = <usize>load<f64>(args, H.g << 3);
  const l1half = <f32>load<f64>(args, H.l1half << 3), rows = <i32>load<f64>(args, H.rows << 3);
  const parts = <i32>load<f64>(args, H.parts << 3), grams = <usize>load<f64>(args, H.grams << 3);
  const wides = <usize>load<f64>(args, H.wides << 3), scratches = <usize>load<f64>(args, H.scratch << 3);
  const blockRows = <i32>load<f64>(args, H.blockRows << 3);
  const scratchStride = <usize>load<f64>(args, H.scratchStride << 3);
  const xtp = <usize>load<f64>(args, H.xtp << 3), partStride = <usize>load<f64>(args, H.partStride << 3);
  const groups = <i32>load<f64>(args, H.groups << 3), partials = <usize>load<f64>(args, H.partials << 3);
  const add = <usize>load<f64>(args, H.add << 3), sweeps = <i32>load<f64>(args, H.sweeps << 3);
  const rowBytes: usize = <usize>kp << 2, gramBytes: usize = (<usize>kp * kp) << 3;
  for (let group = g0; group < g1; group++) {
    const first = firstPart(group, parts, groups), last = firstPart(group + 1, parts, groups);
    const xtpGroup = group == 0 ? xtp : partials + <usize>(group - 1) * partStride;
    for (let part = first; part < last; part++) {
      const out = grams + <usize>part * gramBytes, wide = wides + ((<usize>part * kp) << 5);
      const xb = scratches + <usize>part * scratchStride;
      memory.fill(out, 0, gramBytes);
      const start = <i32>((<i64>rows * part) / parts), end = <i32>((<i64>rows * (part + 1)) / parts);
      for (let i = start; i < end; i += blockRows) {
        const count = min(blockRows, end - i), pi = p + <usize>i * rowBytes, xi = x + ((<usize>i * lda) << 2);
        if (lda > 0) denseTimes(xi, lda, n, q, kp, xb, 0, count);
        else csrTimes(x + (<usize>i << 2), indices, data, q, kp, xb, 0, count);
        if (add) {
          const from = add + <usize>i * rowBytes, bytes = <usize>count * rowBytes;
          for (let c: usize = 0; c < bytes; c += 16)
            v128.store(xb + c, f32x4.add(v128.load(xb + c), v128.load(from + c)));
        }
        hals(pi, xb, g, k, kp, l1half, sweeps, 0, count);
        gram(pi, kp, out, wide, 0, count);
        if (xtp) denseTimesT(xi, lda, count, pi, kp, xtpGroup, part > first || i > start ? 1 : 0, 0, n);
      }
    }
  }
}

/** The first part of a group. With groups ≤ parts ≤ 2 × groups (as halsRows is called: 16 parts and 9
 *  groups at most) that is groups of two parts, then groups of one; with more parts, even groups. Threads
 *  take the groups in order, so the last ones, which a thread may run while the others have finished,
 *  are the shortest; the bounds depend on parts and groups alone, never on the threads. */
@inline function firstPart(group: i32, parts: i32, groups: i32): i32 {
  const singles = max(0, min(groups, 2 * groups - parts)), pairs = groups - singles;
  if (group <= pairs) return pairs > 0 ? <i32>((<i64>(parts - singles) * group) / pairs) : 0;
  return parts - singles + group - pairs;
}

/** out[j, :] += Σ_part parts[part][j, :], the parts added in order after out's own value, for rows
 *  [r0, r1) (each part is rows × kp f32, `stride` bytes after the one before). */
export function addParts(parts: usize, count: i32, stride: usize, kp: i32, out: usize, r0: i32, r1: i32): void {
  const start: usize = (<usize>r0 * kp) << 2, end: usize = (<usize>r1 * kp) << 2;
  for (let c = start; c < end; c += 16) {
    let sum = v128.load(out + c);
    for (let part = 0; part < count; part++) sum = f32x4.add(sum, v128.load(parts + <usize>part * stride + c));
    v128.store(out + c, sum);
  }
}
