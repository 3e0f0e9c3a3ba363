// The sufficient statistics of H's half step, in one place for every size of problem: with W fixed,
// F as a function of H is  ½·tr(H·A·Hᵀ) − tr(H·B) + const  with A = Σ WᵢᵀWᵢ (k × k) and B = Σ WᵢᵀXᵢ
// (k × cols) summed over row blocks i, so H's HALS sweep needs only A and B — never X or W whole.
// - in memory, one block is all of X (the batch solver computes them itself);
// - streaming (Mairal et al. 2010), blocks are batches and the sums are discounted as batches age;
// - across machines, blocks are ranks' shares and the sums are all-reduced.
// Sums are float64 (they decide H); the device sees them rounded to float32 only for the sweep.
import type { BoundMatrix, Buf } from '../backends/backend.js';
import { withRidge } from '../solvers/solver.js';

export class HStatistics {
  /** Σ WᵢᵀWᵢ, kp × kp. */
  readonly A: Float64Array;
  /** Bᵀ = Σ XᵢᵀWᵢ, cols × kp (the layout of Hᵀ on a device). */
  readonly Bt: Float64Array;
  /** Σ‖Xᵢ‖² and the rows summed, each discounted like A and B. */
  normX2 = 0;
  rows = 0;
  /** Bᵀ rounded for the device, reused from batch to batch. */
  private readonly rounded: Float32Array;

  constructor(
    readonly cols: number,
    readonly k: number,
    readonly kp: number,
  ) {
    this.A = new Float64Array(kp * kp);
    this.Bt = new Float64Array(cols * kp);
    this.rounded = new Float32Array(cols * kp);
  }

  /** Old blocks count ρ times as much (ρ = 1: plain sums). */
  discount(rho: number): void {
    if (rho === 1) return;
    for (let q = 0; q < this.A.length; q++) this.A[q] *= rho;
    for (let q = 0; q < this.Bt.length; q++) this.Bt[q] *= rho;
    this.normX2 *= rho;
    this.rows *= rho;
  }

  /** Add a block: its WᵀW (kp × kp), XᵀW (cols × kp, float32 from the device), ‖X‖² and row count. */
  add(GW: Float64Array, XtW: Float32Array, normX2: number, rows: number): void {
    for (let q = 0; q < this.A.length; q++) this.A[q] += GW[q];
    for (let q = 0; q < this.Bt.length; q++) this.Bt[q] += XtW[q];
    this.normX2 += normX2;
    this.rows += rows;
  }

  /** Forget factor t's part (a topic re-seeded: nothing seen so far was explained by it). */
  clearFactor(t: number): void {
    const { kp } = this;
    for (let u = 0; u < kp; u++) {
      this.A[t * kp + u] = 0;
      this.A[u * kp + t] = 0;
    }
    for (let j = 0; j < this.cols; j++) this.Bt[j * kp + t] = 0;
  }

  /** One HALS sweep of Hᵀ (on X's device) against these sums. The penalties are per row of X in F, so
   *  they are scaled by the share `weight` of all rows the sums stand for (1 when they hold them all). */
  async sweepH(X: BoundMatrix, Ht: Buf, scratch: Buf, l1H: number, l2H: number, weight: number): Promise<void> {
    this.rounded.set(this.Bt);
    await X.write(scratch, this.rounded);
    await X.hals(Ht, scratch, withRidge(this.A, l2H * weight, this.kp), this.k, (l1H * weight) / 2);
  }
}
