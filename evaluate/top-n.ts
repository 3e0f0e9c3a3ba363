// The n best of many candidates in one pass, kept in order: what "top words" needs without sorting a
// whole vocabulary.

/** The `n` candidates of highest score, best first; ties keep the candidates' order. Scores that are not
 *  above `floor` are left out. */
export function topN(
  candidates: Iterable<number>,
  score: (c: number) => number,
  n: number,
  floor = -Infinity,
): number[] {
  const best: number[] = [],
    scores: number[] = [];
  if (n <= 0) return best;
  for (const c of candidates) {
    const r = score(c);
    if (!(r > floor) || (best.length === n && r <= scores[n - 1])) continue;
    let at = best.length === n ? n - 1 : best.length;
    while (at > 0 && r > scores[at - 1]) {
      best[at] = best[at - 1];
      scores[at] = scores[at - 1];
      at--;
    }
    best[at] = c;
    scores[at] = r;
  }
  return best;
}
