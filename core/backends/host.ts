// The element-wise updates and sums of the operation interface for devices whose buffers are host
// memory (webasm): plain loops over the k used columns, sums in float64. P·G, where an update needs
// it, comes from the device's own product kernel.
import { TINY } from '../floors.js';
import type { Buf, Denominator, FactorSums, GradientTerms } from './backend.js';

/** A factor buffer in host memory. */
export class HostBuf implements Buf {
  constructor(
    readonly rows: number,
    readonly kp: number,
    readonly view: Float32Array,
  ) {}
}

export const viewOf = (P: Buf): Float32Array => (P as HostBuf).view;

/** P ← P ∘ N / max(P·G + c + a·P, tiny); PG is P·G (or null when there is no G). */
export function multiplicativeUpdate(P: Buf, N: Buf, PG: Float32Array | null, d: Denominator, k: number): void {
  const { rows, kp } = P,
    p = viewOf(P),
    n = viewOf(N);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < k; t++) {
      const at = i * kp + t;
      p[at] *= n[at] / Math.max((PG ? PG[at] : 0) + d.c[t] + d.a * p[at], TINY);
    }
  }
}

/** The L1 term's (sub)gradient: l1 where P > 0 (and at 0 under nonnegativity), −l1 where P < 0. */
const l1Gradient = (v: number, l1: number, nonnegative: boolean): number =>
  l1 === 0 ? 0 : v > 0 || (nonnegative && v === 0) ? l1 : v < 0 ? -l1 : 0;

/** gd's step (see BoundMatrix.gradientStep); `grad` is scratch of P's size. Returns ‖∇‖. */
export function gradientUpdate(
  P: Buf,
  N: Buf,
  PG: Float32Array | null,
  d: GradientTerms,
  k: number,
  beta: number,
  nonnegative: boolean,
  grad: Float32Array,
): number {
  const { rows, kp } = P,
    p = viewOf(P),
    n = viewOf(N);
  let n2 = 0;
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < k; t++) {
      const at = i * kp + t;
      const g =
        d.gScale * (PG ? PG[at] : 0) - d.nScale * n[at] + d.c[t] + d.a * p[at] + l1Gradient(p[at], d.l1, nonnegative);
      grad[at] = g;
      n2 += g * g;
    }
  }
  const norm = Math.sqrt(n2);
  if (norm === 0) return 0;
  const s = beta / norm;
  for (let i = 0; i < rows; i++) {
    for (let t = i * kp, e = t + k; t < e; t++) {
      const v = p[t] - s * grad[t];
      p[t] = nonnegative && v < 0 ? 0 : v;
    }
  }
  return norm;
}

export function factorSums(P: Buf, k: number): FactorSums {
  const { rows, kp } = P,
    p = viewOf(P);
  const columns = new Float64Array(kp);
  let abs = 0,
    squares = 0;
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < k; t++) {
      const v = p[i * kp + t];
      columns[t] += v;
      abs += Math.abs(v);
      squares += v * v;
    }
  }
  return { columns, abs, squares };
}

export function innerProduct(A: Buf, B: Buf, k: number): number {
  const { rows, kp } = A,
    a = viewOf(A),
    b = viewOf(B);
  let s = 0;
  for (let i = 0; i < rows; i++) for (let t = i * kp, e = t + k; t < e; t++) s += a[t] * b[t];
  return s;
}
