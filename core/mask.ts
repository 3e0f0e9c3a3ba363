// Entries a fit must not see: a file's missing cells, and a seeded share of all entries held out to
// measure error on (for choosing k). Every solver honours a mask the same way, by expectation–
// maximization: a half step sees X with its masked entries filled by the current model, so for a row i
// with masked set Sᵢ the product X·B gains Σ_{j∈Sᵢ} (pᵢ·bⱼ) bⱼ (Frobenius) or Σ_{j∈Sᵢ} bⱼ (KL, where the
// filled ratio x/y is 1). The filled objective equals the masked one at the current factors and bounds
// it above everywhere else, so any step that lowers the filled objective lowers the masked one: hals and
// mu stay monotone, and gd's gradient is exactly the masked gradient (Zhang, Wang & Ding 2006).
//
// The held-out set never exists as a list: (i, j) is held out when (rᵢ + cⱼ) mod 2³² < p·2³², with rᵢ
// and cⱼ seeded hashes of the row and the column. Each entry is held out with probability p, zeros as
// well as nonzeros; and with columns sorted by cⱼ a row's held-out columns are one circular range, which
// moves forward as rows are taken in order of −rᵢ. So the sum of bⱼbⱼᵀ over a row's range is a sliding
// window (each column enters and leaves once per pass) and a whole correction costs O((rows + cols)·k²)
// time and O(rows + cols) memory, whatever the share held out and however sparse X is.
import type { BoundMatrix, Buf, Side } from './backends/backend.js';
import { usageError } from './errors.js';
import { KL_FLOOR } from './floors.js';
import type { Matrix } from './matrix.js';
import { csr, dense } from './matrix.js';
import type { NumberRule } from './rules.js';
import { checkRule } from './rules.js';

/** Entries a fit must not see. */
export interface Mask {
  /** Entries the data lacks (a file's empty or NaN cells), 0-based, in any order; X holds 0 there. */
  missing?: { rows: Int32Array; cols: Int32Array };
  /** A seeded share of all entries (zeros as well as nonzeros) held out of the fit, to measure error on. */
  holdout?: { fraction: number; seed: number };
}

/** D over some held-out entries, how many they are, and Σx² over them. */
export interface HeldOutPart {
  loss: number;
  entries: number;
  sumSquares: number;
}

/** The loss over the held-out entries, and what it is relative to. */
export interface HeldOut extends HeldOutPart {
  /** The same over the held-out nonzeros of X alone (the zeros' part is the difference). */
  nonzeros: HeldOutPart;
  /** The same over each of HELDOUT_FOLDS equal parts of the held-out entries (consecutive ranges of the
   *  hash): the spread of their errors is the held-out error's standard error. */
  folds: HeldOutPart[];
  /** D of the trivial model over the held-out entries: zeros (Frobenius), the observed mean (KL). */
  trivial: number;
}

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

/** A pattern of entries by row: row i's columns are cols[ptr[i] … ptr[i+1]). */
interface Pattern {
  ptr: Int32Array;
  cols: Int32Array;
}

function pattern(n: number, a: Int32Array, b: Int32Array, keep: (q: number) => boolean): Pattern {
  const ptr = new Int32Array(n + 1);
  for (let q = 0; q < a.length; q++) if (keep(q)) ptr[a[q] + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, n),
    cols = new Int32Array(ptr[n]);
  for (let q = 0; q < a.length; q++) if (keep(q)) cols[next[a[q]]++] = b[q];
  return { ptr, cols };
}

/** X with a mask applied: what the fit sees, and the corrections and held-out loss the solvers need. */
export class MaskedData {
  /** X with every masked entry 0: the matrix the device binds. */
  readonly observed: Matrix;
  /** Entries the fit sees, and Σx and Σx² over them. */
  readonly observedEntries: number;
  readonly heldOutEntries: number;
  /** The held-out nonzeros of X, kept for the held-out loss. */
  private readonly heldRows: Int32Array;
  private readonly heldCols: Int32Array;
  private readonly heldValues: Float32Array;
  private readonly threshold: number;
  private readonly passes: Record<Side, Pass> | null;
  private readonly missing: Record<Side, Pattern> | null;
  private readonly rowKeys: Uint32Array;
  private readonly colKeys: Uint32Array;

  constructor(X: Matrix, mask: Mask) {
    const { rows, cols } = X;
    const h = mask.holdout;
    if (h) checkRule('the held-out share', HELD_OUT_SHARE, h.fraction);
    this.threshold = h ? Math.floor(h.fraction * TWO32) : 0;
    const seed = h?.seed ?? 0;
    this.rowKeys = Uint32Array.from({ length: rows }, (_, i) => hash(seed, 0x5bd1e995, i));
    this.colKeys = Uint32Array.from({ length: cols }, (_, j) => hash(seed, 0x1b873593, j));
    this.passes =
      this.threshold > 0 ? { rows: plan(this.rowKeys, this.colKeys), cols: plan(this.colKeys, this.rowKeys) } : null;
    const m = mask.missing;
    if (m) {
      for (let q = 0; q < m.rows.length; q++) {
        if (!(m.rows[q] >= 0 && m.rows[q] < rows && m.cols[q] >= 0 && m.cols[q] < cols))
          throw usageError(
            `missing entry ${q + 1} is at (${m.rows[q]}, ${m.cols[q]}), outside the ${rows} × ${cols} matrix`,
          );
      }
      // an entry both missing and held out is counted once, as held out
      const keep = (q: number) => !this.isHeldOut(m.rows[q], m.cols[q]);
      this.missing = { rows: pattern(rows, m.rows, m.cols, keep), cols: pattern(cols, m.cols, m.rows, keep) };
    } else this.missing = null;
    const held = this.passes ? this.countHeldOut() : 0;
    this.heldOutEntries = held;
    this.observedEntries = rows * cols - held - (this.missing ? this.missing.rows.cols.length : 0);
    // X without its held-out nonzeros, which are kept aside
    const hr: number[] = [],
      hc: number[] = [],
      hv: number[] = [];
    if (X.kind === 'dense') {
      const data = X.data.slice();
      if (this.passes) {
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) {
            const v = data[i * cols + j];
            if (v !== 0 && this.isHeldOut(i, j)) {
              hr.push(i);
              hc.push(j);
              hv.push(v);
              data[i * cols + j] = 0;
            }
          }
      }
      if (m) for (let q = 0; q < m.rows.length; q++) data[m.rows[q] * cols + m.cols[q]] = 0;
      this.observed = dense(rows, cols, data);
    } else {
      const indptr = new Int32Array(rows + 1),
        indices = new Int32Array(X.indices.length),
        data = new Float32Array(X.data.length);
      let out = 0;
      for (let i = 0; i < rows; i++) {
        for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) {
          const j = X.indices[q],
            v = X.data[q];
          if (this.passes && this.isHeldOut(i, j)) {
            hr.push(i);
            hc.push(j);
            hv.push(v);
            continue;
          }
          indices[out] = j;
          data[out++] = v;
        }
        indptr[i + 1] = out;
      }
      this.observed = csr(rows, cols, indptr, indices.slice(0, out), data.slice(0, out));
      if (m) {
        // a missing entry is 0 in X; one a sparse file stored anyway is dropped
        const dropped = new Set<number>();
        for (let q = 0; q < m.rows.length; q++) dropped.add(m.rows[q] * cols + m.cols[q]);
        const o = this.observed;
        for (let i = 0; i < rows; i++)
          for (let q = o.indptr[i]; q < o.indptr[i + 1]; q++) if (dropped.has(i * cols + o.indices[q])) o.data[q] = 0;
      }
    }
    this.heldRows = Int32Array.from(hr);
    this.heldCols = Int32Array.from(hc);
    this.heldValues = Float32Array.from(hv);
  }

  /** Whether (i, j) is in the seeded held-out share. */
  isHeldOut(i: number, j: number): boolean {
    return this.threshold > 0 && (this.rowKeys[i] + this.colKeys[j]) % TWO32 < this.threshold;
  }

  /** Which of the HELDOUT_FOLDS parts a held-out (i, j) is in. */
  private foldOf(i: number, j: number): number {
    return Math.min(HELDOUT_FOLDS - 1, Math.floor(((this.rowKeys[i] + this.colKeys[j]) % TWO32) / this.foldWidth()));
  }

  /** The width in hash values of one part of the held-out range (the last part takes the remainder). */
  private foldWidth(): number {
    return Math.max(1, Math.floor(this.threshold / HELDOUT_FOLDS));
  }

  /** Whether any entry is held out to measure error on. */
  get holdsOut(): boolean {
    return this.passes !== null;
  }

  /** The EM correction of one half step on the host: for each row i of P (the side's rows), with Sᵢ its
   *  masked entries, out[i] += Σ_{j∈Sᵢ} (pᵢ·qⱼ) qⱼ ('gram', Frobenius) or Σ_{j∈Sᵢ} qⱼ ('sum', KL).
   *  Returns Σᵢ pᵢ·(that sum): Σ_S y² or Σ_S y over the masked entries, which F leaves out.
   *  `out` null: the sum alone. `holdoutOnly`: the held-out entries alone, not the missing ones. */
  correction(
    side: Side,
    P: Float32Array,
    Q: Float32Array,
    k: number,
    kp: number,
    kind: 'gram' | 'sum',
    out: Float32Array | null,
    holdoutOnly = false,
  ): number {
    const total = this.passes ? this.windowPass(side, P, Q, k, kp, kind === 'gram', out) : 0;
    return holdoutOnly ? total : total + this.missingCorrection(side, P, Q, k, kp, kind, out);
  }

  /** The held-out window plan of a side and its threshold, for a device that runs the pass itself
   *  (the webasm kernel windowPass); null when nothing is held out. */
  windowPlan(side: Side): (Pass & { threshold: number }) | null {
    return this.passes ? { ...this.passes[side], threshold: this.threshold } : null;
  }

  /** The missing entries' part of `correction` (entry by entry). */
  missingCorrection(
    side: Side,
    P: Float32Array,
    Q: Float32Array,
    k: number,
    kp: number,
    kind: 'gram' | 'sum',
    out: Float32Array | null,
  ): number {
    const missing = this.missing?.[side];
    let total = 0;
    if (!missing) return total;
    const n = P.length / kp;
    for (let i = 0; i < n; i++) {
      const a = i * kp;
      for (let q = missing.ptr[i]; q < missing.ptr[i + 1]; q++) {
        const b = missing.cols[q] * kp;
        let y = 1;
        if (kind === 'gram') {
          y = 0;
          for (let t = 0; t < k; t++) y += P[a + t] * Q[b + t];
        }
        for (let t = 0; t < k; t++) {
          total += P[a + t] * y * Q[b + t];
          if (out) out[a + t] += y * Q[b + t];
        }
      }
    }
    return total;
  }

  /** The held-out part of `correction`, by one sliding pass: the targets (P's rows) in order of their
   *  window's start, the window's Σ qⱼqⱼᵀ (upper triangle, float64) or Σ qⱼ updated as sources enter and
   *  leave (each at most twice), and each target's term pᵢ·G read from it. Zeros of the factors, common
   *  in NMF, are skipped. Written as plain loops: this is the masked fit's hot path. */
  private windowPass(
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
      for (; lo < span && (lo < m ? keys[lo] : keys[lo - m] + TWO32) < s; lo++) {
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
      for (; hi < span && (hi < m ? keys[hi] : keys[hi - m] + TWO32) < e; hi++) {
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
  private countHeldOut(from = 0, width = this.threshold): number {
    const { starts, keys } = this.passes!.rows;
    const m = keys.length,
      span = 2 * m;
    let lo = 0,
      hi = 0,
      count = 0;
    for (let a = 0; a < starts.length; a++) {
      const s = starts[a] + from,
        e = s + width;
      while (lo < span && (lo < m ? keys[lo] : keys[lo - m] + TWO32) < s) lo++;
      hi = Math.max(hi, lo);
      while (hi < span && (hi < m ? keys[hi] : keys[hi - m] + TWO32) < e) hi++;
      count += hi - lo;
    }
    return count;
  }

  /** The correction applied to a product buffer of any device through the host (read, add, write back);
   *  returns the same sum. */
  async correctOnHost(
    X: BoundMatrix,
    side: Side,
    P: Buf,
    Q: Buf,
    out: Buf | null,
    k: number,
    kind: 'gram' | 'sum',
  ): Promise<number> {
    const p = await X.read(P),
      q = await X.read(Q);
    const o = out ? await X.read(out) : null;
    const total = this.correction(side, p, q, k, P.kp, kind, o);
    if (out) await X.write(out, o!);
    return total;
  }

  /** D over the held-out entries for factors W (rows × kp) and Hᵀ (cols × kp): in all, over the nonzeros
   *  alone and per part; `mean` is the trivial KL model's constant (the observed entries' mean). */
  heldOut(W: Float32Array, Ht: Float32Array, k: number, kp: number, loss: 'frobenius' | 'kl', mean = 0): HeldOut {
    const B = HELDOUT_FOLDS,
      width = this.foldWidth();
    // per part: Σxy, Σx², Σ x·log(x/y), Σx over the nonzeros, and (KL) the trivial model's Σ x·log(x/m)
    const cross = new Float64Array(B),
      squares = new Float64Array(B),
      xlog = new Float64Array(B),
      sumX = new Float64Array(B),
      nonzeros = new Float64Array(B),
      nonzeroSquares = new Float64Array(B),
      sumY = new Float64Array(B);
    let trivialLog = 0;
    for (let q = 0; q < this.heldValues.length; q++) {
      const i = this.heldRows[q],
        j = this.heldCols[q],
        a = i * kp,
        b = j * kp,
        x = this.heldValues[q],
        f = this.foldOf(i, j);
      let y = 0;
      for (let t = 0; t < k; t++) y += W[a + t] * Ht[b + t];
      cross[f] += x * y;
      squares[f] += x * x;
      sumX[f] += x;
      sumY[f] += y;
      nonzeros[f]++;
      nonzeroSquares[f] += (x - y) * (x - y);
      xlog[f] += x * Math.log(x / Math.max(y, KL_FLOOR));
      trivialLog += x * Math.log(x / Math.max(mean, KL_FLOOR));
    }
    const kind = loss === 'frobenius' ? 'gram' : 'sum';
    const folds: HeldOutPart[] = [];
    let nonzeroLoss = 0;
    for (let f = 0; f < B; f++) {
      const from = f * width,
        w = f === B - 1 ? this.threshold - from : width;
      // Σ y² (Frobenius) or Σ y (KL) over the part's entries, zeros and nonzeros alike
      const model = this.windowPass('rows', W, Ht, k, kp, kind === 'gram', null, from, w);
      const value = loss === 'frobenius' ? model - 2 * cross[f] + squares[f] : xlog[f] - sumX[f] + model;
      folds.push({ loss: Math.max(0, value), entries: this.countHeldOut(from, w), sumSquares: squares[f] });
      // over the nonzeros alone: Σ (x − y)² or Σ x·log(x/y) − x + y
      nonzeroLoss += loss === 'frobenius' ? nonzeroSquares[f] : xlog[f] - sumX[f] + sumY[f];
    }
    const sum = (pick: (p: HeldOutPart) => number) => folds.reduce((s, p) => s + pick(p), 0);
    const totalSquares = sum((p) => p.sumSquares),
      totalSumX = sumX.reduce((s, v) => s + v, 0);
    const nz = nonzeros.reduce((s, v) => s + v, 0);
    return {
      loss: sum((p) => p.loss),
      entries: this.heldOutEntries,
      sumSquares: totalSquares,
      nonzeros: { loss: Math.max(0, nonzeroLoss), entries: nz, sumSquares: totalSquares },
      folds,
      trivial: loss === 'frobenius' ? totalSquares : Math.max(0, trivialLog - totalSumX + mean * this.heldOutEntries),
    };
  }
}
