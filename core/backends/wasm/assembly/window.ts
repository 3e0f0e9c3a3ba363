// The held-out window pass of a mask (core/mask.ts, MaskedData.windowPass documents it), as a kernel:
// float64 window sums, two lanes at a time. The pass reads each source's row twice (entering, leaving)
// in key order, which is random order in the factor: gatherRows first copies them into that order
// (independent loads the processor overlaps, where the pass's loads each wait on a chain of sums) and
// the pass walks them in sequence; each target's rows are read a few targets ahead. The same arithmetic
// in the same order; on SpamAssassin (6046 × 56,008, k = 10) the pass went from 27–33 to 20 ms a masked
// iteration.
import { WindowSlot as W } from '../headers';

/** How many targets ahead the pass reads a target's rows (random rows of the factor: a read waits on
 *  memory unless it is made early), and where those reads go so that they are kept. */
const AHEAD = 16;
let sink: f32 = 0;

/** Where sorted position t of a window pass's sources sits on the doubled circle (core/mask.ts). */
@inline function keyAt(keys: usize, m: i32, t: i32): f64 {
  return t < m ? load<f64>(keys + (<usize>t << 3)) : load<f64>(keys + (<usize>(t - m) << 3)) + 4294967296.0;
}

/** First sorted position whose key is ≥ s. */
function lowerBound(keys: usize, m: i32, s: f64): i32 {
  let lo = 0, hi = 2 * m;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (keyAt(keys, m, mid) < s) lo = mid + 1; else hi = mid; }
  return lo;
}

/** G (kp × kp f64, symmetric) ± q·qᵀ on and above the diagonal (from the even column at or before it, so
 *  that pairs stay whole; `mirror` completes the rest), or G (kp f64) ± q: one source entering or leaving.
 *  Half the work of the full update; G[t][u] and G[u][t] are the same sums of the same products. */
@inline function windowAdd(G: usize, q: usize, k: i32, kp: i32, gram: i32, sign: f64): void {
  if (!gram) {
    for (let t = 0; t < k; t++) {
      const at = G + (<usize>t << 3);
      store<f64>(at, load<f64>(at) + sign * <f64>load<f32>(q + (<usize>t << 2)));
    }
    return;
  }
  for (let t = 0; t < k; t++) {
    const qt = <f64>load<f32>(q + (<usize>t << 2));
    if (qt == 0) continue;
    const v = f64x2.splat(sign * qt);
    const row = G + ((<usize>t * kp) << 3);
    for (let u = t & ~1; u < k; u += 2) {
      const at = row + (<usize>u << 3);
      const q2 = f64x2.promote_low_f32x4(v128.load64_zero(q + (<usize>u << 2)));
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v, q2)));
    }
  }
}

/** G's lower triangle from its upper one, once a window's updates are in and a target reads it. */
@inline function mirror(G: usize, k: i32, kp: i32): void {
  for (let t = 0; t < k; t++)
    for (let u = t + 1; u < k; u++)
      store<f64>(G + ((<usize>u * kp + t) << 3), load<f64>(G + ((<usize>t * kp + u) << 3)));
}

/** dst's rows [r0, r1) from src's rows index[r] (kp f32 each, kp a multiple of 4): a pass's factor rows
 *  in its sorted order. */
export function gatherRows(dst: usize, src: usize, index: usize, kp: i32, r0: i32, r1: i32): void {
  const rowBytes: usize = <usize>kp << 2;
  for (let r = r0; r < r1; r++) {
    const to = dst + <usize>r * rowBytes, from = src + <usize>load<i32>(index + (<usize>r << 2)) * rowBytes;
    for (let c: usize = 0; c < rowBytes; c += 16) v128.store(to + c, v128.load(from + c));
  }
}

/** The held-out window pass of core/mask.ts (MaskedData.windowPass, which documents it) for parts
 *  [p0, p1) of the sorted targets; each part starts its window afresh, so the parts (a fixed number)
 *  give the same sums on any number of threads. `plan` is an f64 header whose slots ../headers.ts names:
 *  the targets (i32), their starts (f64), the sources (i32) and their keys (f64) as byte offsets, then m,
 *  the number of targets, the threshold and the number of parts. Q holds the sources' rows in key order
 *  (gatherRows). out = 0: the sums alone. Part p's Σ pᵢ·cᵢ goes to totals[p]. */
export function windowPass(
  plan: usize, P: usize, Q: usize, k: i32, kp: i32, gram: i32, out: usize, scratch: usize, totals: usize,
  p0: i32, p1: i32,
): void {
  const targets = <usize>load<f64>(plan, W.targets << 3), starts = <usize>load<f64>(plan, W.starts << 3);
  const keys = <usize>load<f64>(plan, W.keys << 3);
  const m = <i32>load<f64>(plan, W.sourceCount << 3), n = <i32>load<f64>(plan, W.targetCount << 3);
  const threshold = load<f64>(plan, W.threshold << 3), parts = <i32>load<f64>(plan, W.parts << 3);
  const span = 2 * m;
  const gBytes: usize = (gram ? <usize>kp * kp : <usize>kp) << 3;
  const rowBytes: usize = <usize>kp << 2;
  for (let p = p0; p < p1; p++) {
    const G = scratch + <usize>p * (gBytes + (<usize>kp << 3)), c = G + gBytes;
    const a0 = <i32>((<i64>n * p) / parts), a1 = <i32>((<i64>n * (p + 1)) / parts);
    if (a0 >= a1) { store<f64>(totals + (<usize>p << 3), 0); continue; }
    let lo = lowerBound(keys, m, load<f64>(starts + (<usize>a0 << 3))), hi = lo;
    memory.fill(G, 0, gBytes);
    let total: f64 = 0, changed = false;
    let touched: f32 = 0;
    for (let a = a0; a < a1; a++) {
      if (a + AHEAD < a1) {
        // read a target AHEAD on before its turn, so that its rows arrive while this one's sums run
        const ahead = P + <usize>load<i32>(targets + (<usize>(a + AHEAD) << 2)) * rowBytes;
        touched += load<f32>(ahead);
        if (out) touched += load<f32>(out + (ahead - P));
      }
      const s = load<f64>(starts + (<usize>a << 3)), e = s + threshold;
      for (; lo < span && keyAt(keys, m, lo) < s; lo++) {
        if (lo >= hi) continue;
        windowAdd(G, Q + <usize>(lo < m ? lo : lo - m) * rowBytes, k, kp, gram, -1);
        changed = true;
      }
      if (hi <= lo) { hi = lo; memory.fill(G, 0, gBytes); }
      for (; hi < span && keyAt(keys, m, hi) < e; hi++) {
        windowAdd(G, Q + <usize>(hi < m ? hi : hi - m) * rowBytes, k, kp, gram, 1);
        changed = true;
      }
      if (hi == lo) continue;
      if (gram && changed) { mirror(G, k, kp); changed = false; }
      const i = P + <usize>load<i32>(targets + (<usize>a << 2)) * rowBytes;
      if (!gram) memory.copy(c, G, <usize>kp << 3);
      else {
        memory.fill(c, 0, <usize>kp << 3);
        for (let u = 0; u < k; u++) {
          const pu = <f64>load<f32>(i + (<usize>u << 2));
          if (pu == 0) continue;
          const v = f64x2.splat(pu), row = G + ((<usize>u * kp) << 3);
          for (let t = 0; t < k; t += 2) {
            const at = c + (<usize>t << 3);
            v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v, v128.load(row + (<usize>t << 3)))));
          }
        }
      }
      const o = out ? out + (i - P) : 0;
      for (let t = 0; t < k; t++) {
        const ct = load<f64>(c + (<usize>t << 3));
        total += <f64>load<f32>(i + (<usize>t << 2)) * ct;
        if (o) store<f32>(o + (<usize>t << 2), <f32>(<f64>load<f32>(o + (<usize>t << 2)) + ct));
      }
    }
    store<f64>(totals + (<usize>p << 3), total);
    sink = touched;
  }
}
