// The held-out share of a mask, which never exists as a list: (i, j) is held out when its circular key
// (rᵢ + cⱼ) mod 2³² is below p·2³², with rᵢ and cⱼ seeded hashes of the row and the column. Each entry is
// held out with probability p, zeros as well as nonzeros; and with columns sorted by cⱼ a row's held-out
// columns are one circular range, which moves forward as rows are taken in order of −rᵢ. So the sum of
// bⱼbⱼᵀ over a row's range is a sliding window (each column enters and leaves once per pass) and a whole
// correction costs O((rows + cols)·k²) time and O(rows + cols) memory, whatever the share held out and
// however sparse X is.
import type { Side } from '../backends/backend.js';
import type { NumberRule } from '../rules.js';
import { checkRule } from '../rules.js';

/** How many parts the held-out entries are split into for the held-out error's standard error. */
export const HELDOUT_FOLDS = 10;

const TWO32 = 2 ** 32;
/** The share of entries a mask may hold out: all of them would leave nothing to fit. */
const HELD_OUT_SHARE: NumberRule = { type: 'number', min: 0, below: 1 };

/** A 32-bit hash of (seed, salt, index): splitmix32's finalizer. */
function hash(seed: number, salt: number, index: number): number {
  let z = (Math.imul(index + 1, 0x9e3779b9) ^ Math.imul(seed + salt, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A range [from, from + width) of the hash's held-out range: one part of it, or all of it. */
export interface HeldOutRange {
  from: number;
  width: number;
}

/** One side's plan for a sliding pass: targets by the start of their window, sources by key. */
export interface Pass {
  targets: Int32Array;
  starts: Float64Array;
  sources: Int32Array;
  keys: Float64Array;
}

function plan(targetKeys: Uint32Array, sourceKeys: Uint32Array): Pass {
  const by = (keys: Float64Array) => Int32Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b]);
  const startOf = Float64Array.from(targetKeys, (r) => (TWO32 - r) % TWO32);
  const keyOf = Float64Array.from(sourceKeys);
  const targets = by(startOf),
    sources = by(keyOf);
  return {
    targets,
    starts: Float64Array.from(targets, (t) => startOf[t]),
    sources,
    keys: Float64Array.from(sources, (s) => keyOf[s]),
  };
}

/** Source `at` of a pass's sorted keys taken twice round the circle (at < 2m): its key, + 2³² the
 *  second time round, so that a window crossing 2³² is one range. */
const circular = (keys: Float64Array, at: number): number =>
  at < keys.length ? keys[at] : keys[at - keys.length] + TWO32;

export class HoldoutPattern {
  /** p·2³²: keys below it are held out (0: nothing is). */
  readonly threshold: number;
  /** Each side's plan of a sliding pass; null when nothing is held out. */
  readonly passes: Record<Side, Pass> | null;
  private readonly rowKeys: Uint32Array;
  private readonly colKeys: Uint32Array;

  constructor(rows: number, cols: number, holdout?: { fraction: number; seed: number }) {
    if (holdout) checkRule('the held-out share', HELD_OUT_SHARE, holdout.fraction);
    this.threshold = holdout ? Math.floor(holdout.fraction * TWO32) : 0;
    const seed = holdout?.seed ?? 0;
    this.rowKeys = Uint32Array.from({ length: rows }, (_, i) => hash(seed, 0x5bd1e995, i));
    this.colKeys = Uint32Array.from({ length: cols }, (_, j) => hash(seed, 0x1b873593, j));
    this.passes =
      this.threshold > 0 ? { rows: plan(this.rowKeys, this.colKeys), cols: plan(this.colKeys, this.rowKeys) } : null;
  }

  /** (rᵢ + cⱼ) mod 2³²: where (i, j) falls on the circle of keys. */
  private keyOf(i: number, j: number): number {
    return (this.rowKeys[i] + this.colKeys[j]) % TWO32;
  }

  /** Whether (i, j) is in the seeded held-out share. */
  isHeldOut(i: number, j: number): boolean {
    return this.threshold > 0 && this.keyOf(i, j) < this.threshold;
  }

  /** Which of the HELDOUT_FOLDS parts a held-out (i, j) is in. */
  foldOf(i: number, j: number): number {
    return Math.min(HELDOUT_FOLDS - 1, Math.floor(this.keyOf(i, j) / this.foldWidth()));
  }

  /** The width in hash values of one part of the held-out range (the last part takes the remainder). */
  foldWidth(): number {
    return Math.max(1, Math.floor(this.threshold / HELDOUT_FOLDS));
  }

  /** The HELDOUT_FOLDS parts of the held-out range, in order, as ranges of the hash. */
  foldRanges(): HeldOutRange[] {
    const width = this.foldWidth();
    return Array.from({ length: HELDOUT_FOLDS }, (_, f) => ({
      from: f * width,
      width: f === HELDOUT_FOLDS - 1 ? this.threshold - f * width : width,
    }));
  }

  /** Σᵢ pᵢ·(Σ_{j∈Sᵢ} (pᵢ·qⱼ) qⱼ) ('gram') or Σᵢ pᵢ·(Σ_{j∈Sᵢ} qⱼ) over the held-out entries (or those of
   *  the part [from, from + width) of the hash's held-out range), each row's inner sum added to `out`.
   *  One sliding pass: the targets (P's rows) in order of their window's start, the window's Σ qⱼqⱼᵀ
   *  (upper triangle, float64) or Σ qⱼ updated as sources enter and leave (each at most twice), and each
   *  target's term pᵢ·G read from it. Zeros of the factors, common in NMF, are skipped. Written as plain
   *  loops: this is the masked fit's hot path. */
  windowPass(
    side: Side,
    P: Float32Array,
    Q: Float32Array,
    k: number,
    kp: number,
    gram: boolean,
    out: Float32Array | null,
    from = 0,
    width = this.threshold,
  ): number {
    const { targets, starts, sources, keys } = this.passes![side];
    const m = sources.length,
      span = 2 * m;
    const G = new Float64Array(gram ? k * k : k),
      c = new Float64Array(k);
    let lo = 0,
      hi = 0,
      total = 0;
    for (let a = 0; a < targets.length; a++) {
      const s = starts[a] + from,
        e = s + width;
      for (; lo < span && circular(keys, lo) < s; lo++) {
        if (lo >= hi) continue;
        const b = sources[lo < m ? lo : lo - m] * kp;
        if (!gram) {
          for (let t = 0; t < k; t++) G[t] -= Q[b + t];
          continue;
        }
        for (let t = 0; t < k; t++) {
          const qt = Q[b + t];
          if (qt === 0) continue;
          for (let u = t, r = t * k; u < k; u++) G[r + u] -= qt * Q[b + u];
        }
      }
      if (hi <= lo) {
        hi = lo;
        G.fill(0);
      } // nothing left in the window: its sums start afresh
      for (; hi < span && circular(keys, hi) < e; hi++) {
        const b = sources[hi < m ? hi : hi - m] * kp;
        if (!gram) {
          for (let t = 0; t < k; t++) G[t] += Q[b + t];
          continue;
        }
        for (let t = 0; t < k; t++) {
          const qt = Q[b + t];
          if (qt === 0) continue;
          for (let u = t, r = t * k; u < k; u++) G[r + u] += qt * Q[b + u];
        }
      }
      if (hi === lo) continue;
      const i = targets[a] * kp;
      if (!gram) for (let t = 0; t < k; t++) c[t] = G[t];
      else {
        c.fill(0);
        for (let u = 0; u < k; u++) {
          const pu = P[i + u];
          if (pu === 0) continue;
          for (let t = 0; t < u; t++) c[t] += pu * G[t * k + u];
          for (let t = u, r = u * k; t < k; t++) c[t] += pu * G[r + t];
        }
      }
      for (let t = 0; t < k; t++) total += P[i + t] * c[t];
      if (out) for (let t = 0; t < k; t++) out[i + t] += c[t];
    }
    return total;
  }

  /** How many entries are held out (or in the part [from, from + width) of the hash's held-out range):
   *  the windows' sizes summed over the rows. */
  countHeldOut(from = 0, width = this.threshold): number {
    if (!this.passes) return 0;
    const { starts, keys } = this.passes.rows;
    const span = 2 * keys.length;
    let lo = 0,
      hi = 0,
      count = 0;
    for (let a = 0; a < starts.length; a++) {
      const s = starts[a] + from,
        e = s + width;
      while (lo < span && circular(keys, lo) < s) lo++;
      hi = Math.max(hi, lo);
      while (hi < span && circular(keys, hi) < e) hi++;
      count += hi - lo;
    }
    return count;
  }
}
