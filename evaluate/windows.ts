// Boolean sliding windows over token streams, as gensim's WordOccurrenceAccumulator counts them: how many
// windows hold each relevant word and each pair of them. What NPMI (windows of 10) and c_v (110) read.
import type { TokenStreams } from '../loaders/index.js';

/** Window counts: `single[r]` windows hold word r, `pair[r·u + s]` hold both r and s (r ≠ s), of `windows`. */
export interface WindowCounts {
  single: Float64Array;
  pair: Float64Array;
  windows: number;
}

/** Counts of windows holding each relevant word and each pair, in one pass over the token streams.
 *  `relevant[column]` is the word's index among the u relevant words, or −1.
 *  The window slides as gensim's WordOccurrenceAccumulator slides it, so that scores are comparable with
 *  gensim's: on each step the word leaving on the left is marked absent even when it occurs again
 *  inside the window (gensim 4's _slide_window). */
export function windowCounts(streams: TokenStreams, relevant: Int32Array, u: number, window: number): WindowCounts {
  const single = new Float64Array(u),
    pair = new Float64Array(u * u);
  // the set of words marked present, with each word's place in it for removal in O(1)
  const present = new Int32Array(u),
    place = new Int32Array(u).fill(-1);
  let size = 0;
  const add = (r: number) => {
    if (r >= 0 && place[r] < 0) {
      place[r] = size;
      present[size++] = r;
    }
  };
  const remove = (r: number) => {
    if (r < 0 || place[r] < 0) return;
    const last = present[--size];
    present[place[r]] = last;
    place[last] = place[r];
    place[r] = -1;
  };
  const word = (q: number) => (streams.ids[q] >= 0 ? relevant[streams.ids[q]] : -1);
  let windows = 0;
  const { offsets } = streams;
  for (let d = 0; d + 1 < offsets.length; d++) {
    const from = offsets[d],
      length = offsets[d + 1] - from;
    // a document shorter than the window is one window; an empty one none (gensim fails on it)
    const count = length === 0 ? 0 : length <= window ? 1 : length - window + 1;
    const span = Math.min(length, window);
    while (size > 0) remove(present[size - 1]);
    for (let s = 0; s < count; s++) {
      if (s === 0) for (let q = from; q < from + span; q++) add(word(q));
      else {
        remove(word(from + s - 1));
        add(word(from + s + span - 1));
      }
      windows++;
      for (let a = 0; a < size; a++) {
        single[present[a]]++;
        for (let b = 0; b < size; b++) if (a !== b) pair[present[a] * u + present[b]]++;
      }
    }
  }
  return { single, pair, windows };
}
