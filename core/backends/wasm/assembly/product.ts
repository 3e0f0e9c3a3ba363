// The products of X with a factor. Dense: A·B and Aᵀ·B for a row-major A, one register-tiled loop for
// both; a 2 × 16 tile of the result (or 3 × 12, where rows split into 12-lane chunks better) stays in
// SIMD registers while the inner dimension passes, in blocks whose rows of B stay in cache, and the two
// differ only in how A is walked. On one thread the 2 × 16 tile runs at 53 GFLOP/s where a row is whole
// 16-lane chunks (k = 32, 64): the two 128-bit FMA pipes' peak at 3.3 GHz, so the tiles are not where
// time is lost. CSR: a row's nonzeros gather rows of B.
import { madd, startChunk, storeChunk } from './simd';

/** Bytes of B a block of the inner dimension may take: what stays in a core's L1 data cache while the
 *  rows of A in a block pass over it. Without blocks, Xᵀ·W with W taller than the caches streamed all
 *  of W from memory once per pair of rows (12 GFLOP/s at k = 100 on 60000 × 784, against 58 for X·Hᵀ);
 *  with 256 KiB blocks (L2) X·Hᵀ at k = 50 took 12.3 ms on 10000 × 784, with 24 KiB 10.9 ms. */
const B_BLOCK_BYTES = 24576;
/** Rows of A that pass over one block of B before the next block: their results stay in L1 too. */
const A_BLOCK_ROWS = 64;

/** out[i, :] (+)= Σ_{p<n} A(i, p) · B[p, :] for the output rows i in [r0, r1), where A(i, p) is at
 *  a + i·stepI + p·stepP bytes and B is n × kp. With `accumulate` the sums go on from what out holds. */
@inline function tiles(
  a: usize, stepI: usize, stepP: usize, n: i32, b: usize, kp: i32, out: usize, accumulate: bool,
  block: i32, r0: i32, r1: i32,
): void {
  const ldb: usize = <usize>kp << 2;
  // a last lone vector of a row (k = 50: lanes 48–51 of 52) goes four rows at a time, after the rest
  const wide = (kp & 15) == 4 ? kp - 4 : kp;
  // a row that 16-lane chunks would end in a short one (k = 21–24: 16 + 8 lanes, whose tile keeps only
  // four sums in flight) but 12-lane chunks fill goes in those, three rows at a time (k = 24: 42 → 53
  // GFLOP/s on one thread; k = 60: 50 → 54), the one or two rows left over in the tiles below; the same
  // sums in the same order either way
  const twelves = wide % 16 != 0 && wide % 12 == 0;
  for (let q0 = 0; q0 < n; q0 += block) {
    const q1 = min(n, q0 + block), first = q0 == 0 && !accumulate;
    let i = r0;
    if (twelves) for (; i + 3 <= r1; i += 3) {
      for (let c = 0; c < wide; c += 12)
        triple12(a + <usize>i * stepI + <usize>q0 * stepP, stepI, stepP, b + <usize>q0 * ldb + (<usize>c << 2), ldb,
          out + ((<usize>i * kp + c) << 2), first, q1 - q0);
    }
    for (; i + 2 <= r1; i += 2) {
      for (let c = 0; c < wide; c += 16) {
        const nv = min(4, (wide - c) >> 2);
        const o = out + ((<usize>i * kp + c) << 2);
        let ap = a + <usize>i * stepI + <usize>q0 * stepP;
        let bp = b + <usize>q0 * ldb + (<usize>c << 2);
        if (nv == 2) { // a row's last 8 lanes: half the loads and multiplies
          let d00 = startChunk(o, first, 0), d01 = startChunk(o, first, 1);
          let d10 = startChunk(o + ldb, first, 0), d11 = startChunk(o + ldb, first, 1);
          for (let p = q0; p < q1; p++) {
            const b0 = v128.load(bp), b1 = v128.load(bp, 16);
            const x0 = v128.load32_splat(ap), x1 = v128.load32_splat(ap + stepI);
            d00 = madd(x0, b0, d00); d01 = madd(x0, b1, d01);
            d10 = madd(x1, b0, d10); d11 = madd(x1, b1, d11);
            bp += ldb; ap += stepP;
          }
          storeChunk(o, nv, d00, d01, d01, d01);
          storeChunk(o + ldb, nv, d10, d11, d11, d11);
          continue;
        }
        let c00 = startChunk(o, first, 0), c01 = startChunk(o, first, 1),
            c02 = startChunk(o, first, 2), c03 = startChunk(o, first, 3);
        let c10 = startChunk(o + ldb, first, 0), c11 = startChunk(o + ldb, first, 1),
            c12 = startChunk(o + ldb, first, 2), c13 = startChunk(o + ldb, first, 3);
        for (let p = q0; p < q1; p++) {
          const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32), b3 = v128.load(bp, 48);
          const x0 = v128.load32_splat(ap);
          const x1 = v128.load32_splat(ap + stepI);
          c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01);
          c02 = madd(x0, b2, c02); c03 = madd(x0, b3, c03);
          c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11);
          c12 = madd(x1, b2, c12); c13 = madd(x1, b3, c13);
          bp += ldb; ap += stepP;
        }
        storeChunk(o, nv, c00, c01, c02, c03);
        storeChunk(o + ldb, nv, c10, c11, c12, c13);
      }
    }
    for (; i < r1; i++) {
      for (let c = 0; c < wide; c += 16) {
        const o = out + ((<usize>i * kp + c) << 2);
        let ap = a + <usize>i * stepI + <usize>q0 * stepP;
        let bp = b + <usize>q0 * ldb + (<usize>c << 2);
        let c00 = startChunk(o, first, 0), c01 = startChunk(o, first, 1),
            c02 = startChunk(o, first, 2), c03 = startChunk(o, first, 3);
        for (let p = q0; p < q1; p++) {
          const x0 = v128.load32_splat(ap);
          c00 = madd(x0, v128.load(bp), c00); c01 = madd(x0, v128.load(bp, 16), c01);
          c02 = madd(x0, v128.load(bp, 32), c02); c03 = madd(x0, v128.load(bp, 48), c03);
          bp += ldb; ap += stepP;
        }
        storeChunk(o, min(4, (wide - c) >> 2), c00, c01, c02, c03);
      }
    }
    if (wide < kp) lastVector(a, stepI, stepP, b, kp, out, first, q0, q1, r0, r1);
  }
}

/** A 3 × 12 tile: nine accumulators, more chains than the 2 × 16 tile's eight for the FMA pipes'
 *  latency, and with every load of a step held at once (as the compiler schedules them) fifteen
 *  registers, so nothing spills. */
@inline function triple12(
  ap: usize, stepI: usize, stepP: usize, bp: usize, ldb: usize, o: usize, first: bool, count: i32,
): void {
  const o1 = o + ldb, o2 = o1 + ldb;
  let c00 = startChunk(o, first, 0), c01 = startChunk(o, first, 1), c02 = startChunk(o, first, 2);
  let c10 = startChunk(o1, first, 0), c11 = startChunk(o1, first, 1), c12 = startChunk(o1, first, 2);
  let c20 = startChunk(o2, first, 0), c21 = startChunk(o2, first, 1), c22 = startChunk(o2, first, 2);
  for (let p = 0; p < count; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32);
    const x0 = v128.load32_splat(ap), x1 = v128.load32_splat(ap + stepI), x2 = v128.load32_splat(ap + 2 * stepI);
    c00 = madd(x0, b0, c00); c01 = madd(x0, b1, c01); c02 = madd(x0, b2, c02);
    c10 = madd(x1, b0, c10); c11 = madd(x1, b1, c11); c12 = madd(x1, b2, c12);
    c20 = madd(x2, b0, c20); c21 = madd(x2, b1, c21); c22 = madd(x2, b2, c22);
    bp += ldb; ap += stepP;
  }
  v128.store(o, c00); v128.store(o, c01, 16); v128.store(o, c02, 32);
  v128.store(o1, c10); v128.store(o1, c11, 16); v128.store(o1, c12, 32);
  v128.store(o2, c20); v128.store(o2, c21, 16); v128.store(o2, c22, 32);
}

/** Lanes kp − 4 … kp − 1 of out's rows [r0, r1) for the inner block [q0, q1): six rows share each
 *  load of B, where a pair of rows would spend as many loads and multiplies on lanes past the row. Six
 *  sums in flight rather than four: the FMA's latency left the pipes half idle (k = 50: 48.4 → 49.9
 *  GFLOP/s on one thread, k = 20: 45.8 → 49.9); eight spilled. */
@inline function lastVector(
  a: usize, stepI: usize, stepP: usize, b: usize, kp: i32, out: usize, first: bool, q0: i32,
  q1: i32, r0: i32, r1: i32,
): void {
  const ldb: usize = <usize>kp << 2, c: usize = <usize>(kp - 4) << 2;
  let i = r0;
  for (; i + 6 <= r1; i += 6) {
    const o = out + <usize>i * ldb + c;
    let ap = a + <usize>i * stepI + <usize>q0 * stepP, bp = b + <usize>q0 * ldb + c;
    let e0 = startChunk(o, first, 0), e1 = startChunk(o + ldb, first, 0), e2 = startChunk(o + 2 * ldb, first, 0);
    let e3 = startChunk(o + 3 * ldb, first, 0), e4 = startChunk(o + 4 * ldb, first, 0),
        e5 = startChunk(o + 5 * ldb, first, 0);
    for (let p = q0; p < q1; p++) {
      const b0 = v128.load(bp);
      e0 = madd(v128.load32_splat(ap), b0, e0); e1 = madd(v128.load32_splat(ap + stepI), b0, e1);
      e2 = madd(v128.load32_splat(ap + 2 * stepI), b0, e2); e3 = madd(v128.load32_splat(ap + 3 * stepI), b0, e3);
      e4 = madd(v128.load32_splat(ap + 4 * stepI), b0, e4); e5 = madd(v128.load32_splat(ap + 5 * stepI), b0, e5);
      bp += ldb; ap += stepP;
    }
    v128.store(o, e0); v128.store(o + ldb, e1); v128.store(o + 2 * ldb, e2);
    v128.store(o + 3 * ldb, e3); v128.store(o + 4 * ldb, e4); v128.store(o + 5 * ldb, e5);
  }
  for (; i + 4 <= r1; i += 4) {
    const o = out + <usize>i * ldb + c;
    let ap = a + <usize>i * stepI + <usize>q0 * stepP, bp = b + <usize>q0 * ldb + c;
    let e0 = startChunk(o, first, 0), e1 = startChunk(o + ldb, first, 0),
        e2 = startChunk(o + 2 * ldb, first, 0), e3 = startChunk(o + 3 * ldb, first, 0);
    for (let p = q0; p < q1; p++) {
      const b0 = v128.load(bp);
      e0 = madd(v128.load32_splat(ap), b0, e0); e1 = madd(v128.load32_splat(ap + stepI), b0, e1);
      e2 = madd(v128.load32_splat(ap + 2 * stepI), b0, e2); e3 = madd(v128.load32_splat(ap + 3 * stepI), b0, e3);
      bp += ldb; ap += stepP;
    }
    v128.store(o, e0); v128.store(o + ldb, e1); v128.store(o + 2 * ldb, e2); v128.store(o + 3 * ldb, e3);
  }
  for (; i < r1; i++) {
    const o = out + <usize>i * ldb + c;
    let ap = a + <usize>i * stepI + <usize>q0 * stepP, bp = b + <usize>q0 * ldb + c;
    let e0 = startChunk(o, first, 0);
    for (let p = q0; p < q1; p++) {
      e0 = madd(v128.load32_splat(ap), v128.load(bp), e0);
      bp += ldb; ap += stepP;
    }
    v128.store(o, e0);
  }
}

/** out[i, :] = Σ_p A[i, p] · B[p, :] for a dense A (row stride lda) and B (n × kp). */
export function denseTimes(a: usize, lda: i32, n: i32, b: usize, kp: i32, out: usize, r0: i32, r1: i32): void {
  const block = max(32, min(n, B_BLOCK_BYTES / (kp << 2)));
  for (let i = r0; i < r1; i += A_BLOCK_ROWS)
    tiles(a, <usize>lda << 2, 4, n, b, kp, out, false, block, i, min(r1, i + A_BLOCK_ROWS));
}

/** out[j, :] (+)= Σ_p A[p, j] · B[p, :] for j in [r0, r1): Aᵀ·B from A (n × lda, row-major) in place,
 *  so a dense X needs no transposed copy (it would double a fit's memory). A pair of output rows reads
 *  two neighbouring values of each row of A, and the pairs of a block of rows reuse its lines. The
 *  block is short (64 rows: its rows of B and lines of A stay in L1) except where a row of B is one
 *  16-wide chunk: there the accumulators' loads and stores per block cost more, and 512 rows were
 *  faster (measured at 60000 × 784). */
export function denseTimesT(
  a: usize, lda: i32, n: i32, b: usize, kp: i32, out: usize, accumulate: i32, r0: i32, r1: i32,
): void {
  tiles(a, 4, <usize>lda << 2, n, b, kp, out, accumulate != 0, kp <= 16 ? 512 : 64, r0, r1);
}

/** out[i, :] = Σ_q data[q] · B[indices[q], :] over the nonzeros q of CSR row i. */
export function csrTimes(
  indptr: usize, indices: usize, data: usize, b: usize, kp: i32, out: usize, r0: i32, r1: i32,
): void {
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

/** csrTimes for a CSR whose column indices run over more rows of B than the caches hold (Xᵀ·W: a
 *  term's documents gather rows of a W of a million rows, one miss each): the columns are taken in
 *  panels of `panelRows` rows of B, and each panel goes over every row of [r0, r1) before the next, so
 *  a panel's rows of B are read from L2 by all the terms that have documents in it. `cursor` holds an
 *  i32 per output row (where its next panel starts in its nonzeros). Each output lane sums the same
 *  products in the same order as csrTimes (its columns ascending, from zero): the same bits. */
export function csrTimesPanels(
  indptr: usize, indices: usize, data: usize, b: usize, kp: i32, out: usize, panelRows: i32, columns: i32,
  cursor: usize, r0: i32, r1: i32,
): void {
  const rowBytes: usize = <usize>kp << 2;
  for (let i = r0; i < r1; i++) {
    store<i32>(cursor + (<usize>i << 2), load<i32>(indptr + (<usize>i << 2)));
    memory.fill(out + <usize>i * rowBytes, 0, rowBytes);
  }
  for (let p0 = 0; p0 < columns; p0 += panelRows) {
    const p1 = p0 + panelRows;
    for (let i = r0; i < r1; i++) {
      const s = load<i32>(cursor + (<usize>i << 2));
      const last = load<i32>(indptr + (<usize>(i + 1) << 2));
      let e = s;
      while (e < last && load<i32>(indices + (<usize>e << 2)) < p1) e++;
      if (e == s) continue;
      store<i32>(cursor + (<usize>i << 2), e);
      const oi = out + <usize>i * rowBytes;
      for (let c = 0; c < kp; c += 16) {
        const o = oi + (<usize>c << 2);
        const n = min(4, (kp - c) >> 2);
        let c0 = v128.load(o), c1 = n > 1 ? v128.load(o, 16) : c0;
        let c2 = n > 2 ? v128.load(o, 32) : c0, c3 = n > 3 ? v128.load(o, 48) : c0;
        for (let q = s; q < e; q++) {
          const j = <usize>load<i32>(indices + (<usize>q << 2));
          const x = f32x4.splat(load<f32>(data + (<usize>q << 2)));
          const bp = b + ((j * kp + c) << 2);
          c0 = madd(x, v128.load(bp), c0); c1 = madd(x, v128.load(bp, 16), c1);
          c2 = madd(x, v128.load(bp, 32), c2); c3 = madd(x, v128.load(bp, 48), c3);
        }
        storeChunk(o, n, c0, c1, c2, c3);
      }
    }
  }
}
