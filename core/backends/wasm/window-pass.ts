// The host's side of the webasm window pass (assembly/window.ts; core/mask/holdout.ts documents the
// pass): a side's plan copied into the kernels' memory, the sources' rows gathered in key order, and the
// kernel run over a fixed number of parts of the targets, once per range of the hash asked for.
import type { Buf } from '../backend.js';
import type { HeldOutRange, Pass } from '../../mask.js';
import type { BoundBlocks } from './blocks.js';
import { ptr } from './blocks.js';
import { WindowSlot } from './headers.js';
import type { KernelPool } from './pool.js';

/** Slices of a mask's window pass, each starting its window afresh: the same sums on any number of
 *  threads. */
const WINDOW_PARTS = 16;

/** windowPass over P's rows (the plan's targets) and Q's (its sources), once per range: each target's
 *  window is [start + from, start + from + width); adds to `out` where given. Σᵢ pᵢ·cᵢ per range. */
export function windowTotals(
  mem: BoundBlocks,
  pool: KernelPool,
  plan: Pass & { threshold: number },
  P: Buf,
  Q: Buf,
  out: Buf | null,
  k: number,
  kind: 'gram' | 'sum',
  ranges: readonly HeldOutRange[],
): number[] {
  const undo = mem.checkpoint();
  try {
    const n = plan.targets.length,
      m = plan.sources.length,
      kp = P.kp;
    const parts = Math.min(WINDOW_PARTS, Math.max(1, Math.floor(n / 256)));
    const sources = mem.block(m, 'i32'),
      targets = mem.block(n, 'i32'),
      keys = mem.block(m, 'f64'),
      starts = mem.block(n, 'f64', false);
    sources.view.set(plan.sources);
    targets.view.set(plan.targets);
    keys.view.set(plan.keys);
    const gram = kind === 'gram' ? 1 : 0;
    const scratch = mem.block(parts * (gram ? kp * kp + kp : 2 * kp), 'f64'),
      totals = mem.block(parts, 'f64');
    // the sources' rows in key order, the order the pass reads them in (the kernel's head says why)
    const q = mem.block(m * kp, 'f32', false),
      o = out ? ptr(out) : 0;
    pool.run('gatherRows', m, [q.ptr, ptr(Q), sources.ptr, kp]);
    return ranges.map(({ from, width }) => {
      // the windows moved on by `from` all alike stay in the targets' order
      for (let a = 0; a < n; a++) starts.view[a] = plan.starts[a] + from;
      const header = mem.header(WindowSlot, {
        targets: targets.ptr,
        starts: starts.ptr,
        sources: sources.ptr,
        keys: keys.ptr,
        sourceCount: m,
        targetCount: n,
        threshold: width,
        parts,
      });
      pool.run('windowPass', parts, [header.ptr, ptr(P), q.ptr, k, kp, gram, o, scratch.ptr, totals.ptr], 1);
      let total = 0;
      for (let part = 0; part < parts; part++) total += totals.view[part];
      return total;
    });
  } finally {
    undo();
  }
}
