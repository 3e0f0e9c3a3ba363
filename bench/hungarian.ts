// The assignment problem by the Hungarian method (Kuhn–Munkres with potentials, O(n²m)), for matching
// a factorization's topics to the planted ones in the scale benchmark.

/** For an n × m cost matrix (row-major) with n ≤ m, each row's column in a least-cost assignment of the
 *  rows to distinct columns. */
export function assign(cost: Float64Array, n: number, m: number): Int32Array {
  if (n > m) throw new Error(`assign: ${n} rows for ${m} columns; transpose the matrix`);
  const a = (i: number, j: number) => cost[(i - 1) * m + (j - 1)];
  // 1-based, as the textbook method: column 0 is the virtual start of each augmenting path
  const u = new Float64Array(n + 1),
    v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1),
    way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1),
    used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity,
        j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const rowOf = new Int32Array(n);
  for (let j = 1; j <= m; j++) if (p[j]) rowOf[p[j] - 1] = j - 1;
  return rowOf;
}

/** The mean of the matched similarities in a best one-to-one matching of rows and columns of an
 *  r × c similarity matrix (either side may be the larger). */
export function matchedMean(similarity: Float64Array, r: number, c: number): number {
  const n = Math.min(r, c),
    m = Math.max(r, c);
  const at = (i: number, j: number) => (r <= c ? similarity[i * c + j] : similarity[j * c + i]);
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = -at(i, j);
  const col = assign(cost, n, m);
  let s = 0;
  for (let i = 0; i < n; i++) s += at(i, col[i]);
  return s / n;
}
