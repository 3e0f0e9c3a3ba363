// Entries a fit must not see: a file's missing cells, and a seeded share of all entries held out to
// measure error on (for choosing k). Every solver honours a mask the same way, by expectation–
// maximization: a half step sees X with its masked entries filled by the current model, so for a row i
// with masked set Sᵢ the product X·B gains Σ_{j∈Sᵢ} (pᵢ·bⱼ) bⱼ (Frobenius) or Σ_{j∈Sᵢ} bⱼ (KL, where the
// filled ratio x/y is 1). The filled objective equals the masked one at the current factors and bounds
// it above everywhere else, so any step that lowers the filled objective lowers the masked one: hals and
// mu stay monotone, and gd's gradient is exactly the masked gradient (Zhang, Wang & Ding 2006).
// The parts, in mask/: which entries are held out (holdout.ts, a seeded hash, never a list), what the fit
// sees of X (observed.ts), and the sums the mask adds (correction.ts).
import type { BoundMatrix, Buf, Side } from './backends/backend.js';
import type { Matrix } from './matrix.js';
import type { CorrectionArgs, HeldOut } from './mask/correction.js';
import { heldOutLoss, missingCorrection } from './mask/correction.js';
import type { HeldOutRange, Pass } from './mask/holdout.js';
import { HoldoutPattern } from './mask/holdout.js';
import type { HeldValues, Pattern } from './mask/observed.js';
import { missingPatterns, observe } from './mask/observed.js';

export type { HeldOut, HeldOutPart } from './mask/correction.js';
export type { HeldOutRange, Pass } from './mask/holdout.js';
export { HELDOUT_FOLDS } from './mask/holdout.js';

/** Entries a fit must not see. */
export interface Mask {
  /** Entries the data lacks (a file's empty or NaN cells), 0-based, in any order; X holds 0 there. */
  missing?: { rows: Int32Array; cols: Int32Array };
  /** A seeded share of all entries (zeros as well as nonzeros) held out of the fit, to measure error on. */
  holdout?: { fraction: number; seed: number };
}

/** X with a mask applied: what the fit sees, and the corrections and held-out loss the solvers need. */
export class MaskedData {
  /** X with every masked entry 0: the matrix the device binds. */
  readonly observed: Matrix;
  /** Entries the fit sees, and those held out. */
  readonly observedEntries: number;
  readonly heldOutEntries: number;
  private readonly holdout: HoldoutPattern;
  private readonly missing: Record<Side, Pattern> | null;
  /** The held-out nonzeros of X, kept for the held-out loss. */
  private readonly held: HeldValues;

  constructor(X: Matrix, mask: Mask) {
    const { rows, cols } = X;
    this.holdout = new HoldoutPattern(rows, cols, mask.holdout);
    this.missing = mask.missing ? missingPatterns(rows, cols, mask.missing, this.holdout) : null;
    this.heldOutEntries = this.holdout.countHeldOut();
    this.observedEntries = rows * cols - this.heldOutEntries - (this.missing ? this.missing.rows.cols.length : 0);
    ({ observed: this.observed, held: this.held } = observe(X, this.holdout, mask.missing));
  }

  /** Whether (i, j) is in the seeded held-out share. */
  isHeldOut(i: number, j: number): boolean {
    return this.holdout.isHeldOut(i, j);
  }

  /** Whether any entry is held out to measure error on. */
  get holdsOut(): boolean {
    return this.holdout.passes !== null;
  }

  /** The EM correction of one half step on the host: for each row i of P (the side's rows), with Sᵢ its
   *  masked entries, out[i] += Σ_{j∈Sᵢ} (pᵢ·qⱼ) qⱼ ('gram', Frobenius) or Σ_{j∈Sᵢ} qⱼ ('sum', KL).
   *  Returns Σᵢ pᵢ·(that sum): Σ_S y² or Σ_S y over the masked entries, which F leaves out.
   *  `out` null: the sum alone. `holdoutOnly`: the held-out entries alone, not the missing ones. */
  correction(side: Side, ...[P, Q, k, kp, kind, out, holdoutOnly = false]: [...CorrectionArgs, boolean?]): number {
    const total = this.holdsOut ? this.holdout.windowPass(side, P, Q, k, kp, kind === 'gram', out) : 0;
    return holdoutOnly ? total : total + this.missingCorrection(side, P, Q, k, kp, kind, out);
  }

  /** The held-out window plan of a side and its threshold, for a device that runs the pass itself
   *  (the webasm kernel windowPass); null when nothing is held out. */
  windowPlan(side: Side): (Pass & { threshold: number }) | null {
    const { passes, threshold } = this.holdout;
    return passes ? { ...passes[side], threshold } : null;
  }

  /** The missing entries' part of `correction` (entry by entry). */
  missingCorrection(side: Side, ...args: CorrectionArgs): number {
    return this.missing ? missingCorrection(this.missing[side], ...args) : 0;
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
   *  alone and per part; `mean` is the trivial KL model's constant (the observed entries' mean); `model`
   *  the parts' Σ y² or Σ y where a device summed them (BoundMatrix.heldOutSums). */
  heldOut(
    W: Float32Array,
    Ht: Float32Array,
    k: number,
    kp: number,
    loss: 'frobenius' | 'kl',
    mean = 0,
    model?: readonly number[],
  ): HeldOut {
    return heldOutLoss(this.holdout, this.held, this.heldOutEntries, W, Ht, k, kp, loss, mean, model);
  }

  /** The parts of the held-out range the held-out error is measured over. */
  heldOutRanges(): HeldOutRange[] {
    return this.holdout.foldRanges();
  }
}
