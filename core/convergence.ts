// The stopping rule of hals: scikit-learn's cd rule (Cichocki & Phan 2009, as sklearn.decomposition's
// _fit_coordinate_descent stops): the size of the projected gradient, Σ|PG| over every entry of W and H,
// against its size after the first iteration. PG is the gradient of F/2 where the entry is positive or the
// gradient negative, else 0 (a zero entry the gradient pushes below zero is where it must be). The size
// is taken at a check's factors, after the iteration, where scikit-learn sums it during the sweep; its
// reference is the size after the first iteration (scikit-learn: during it, nearer the start, larger),
// so the same tol stops here no earlier.

/** Σ|PG| over a padded factor P (n × kp, k columns used) for F/2's gradient P·G + l2·P − XB + l1/2, with G
 *  the other factor's Gram (kp × kp, float64) and XB the product of X with the other factor (n × kp). */
export function projectedGradientSize(
  P: Float32Array,
  XB: Float32Array,
  G: Float64Array,
  n: number,
  k: number,
  kp: number,
  l1: number,
  l2: number,
): number {
  let size = 0;
  const g = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = i * kp;
    for (let t = 0; t < k; t++) g[t] = l2 * P[a + t] - XB[a + t] + l1 / 2;
    // P's row times G, a row of G at a time (G is symmetric), skipping P's zeros (common in NMF)
    for (let u = 0; u < k; u++) {
      const pu = P[a + u];
      if (pu === 0) continue;
      for (let t = 0, r = u * kp; t < k; t++) g[t] += pu * G[r + t];
    }
    for (let t = 0; t < k; t++) size += P[a + t] > 0 ? Math.abs(g[t]) : Math.max(0, -g[t]);
  }
  return size;
}
