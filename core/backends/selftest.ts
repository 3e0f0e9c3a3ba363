// A device that opens is not yet a device that computes right: a driver may compile a kernel wrongly
// or not at all. Before `auto` trusts a GPU, its kernels run on a tiny problem with a known answer.
import { csr, dense } from '../matrix.js';
import type { Backend } from './backend.js';

/** Null when the backend's products, KL pass and Gram matrix give the host's answers; else what failed. */
export async function selfTest(backend: Backend): Promise<string | null> {
  // X = [[1, 0, 2], [0, 3, 0]] and B (3 × 4 padded, rank 2): B = [[1, 2], [3, 4], [5, 6]]
  const X = [1, 0, 2, 0, 3, 0];
  const Bv = Float32Array.of(1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0, 0);
  const want = [11, 14, 0, 0, 9, 12, 0, 0];
  for (const M of [
    dense(2, 3, Float32Array.from(X)),
    csr(2, 3, Int32Array.from([0, 2, 3]), Int32Array.from([0, 2, 1]), Float32Array.from([1, 2, 3])),
  ]) {
    const b = await backend.bind(M).catch((e: Error) => e);
    if (b instanceof Error) return `binding failed: ${b.message.split('\n')[0]}`;
    try {
      const B = b.alloc(3, 4),
        out = b.alloc(2, 4);
      await b.write(B, Bv);
      await b.times('rows', B, out);
      const got = Array.from(await b.read(out));
      if (got.some((v, i) => Math.abs(v - want[i]) > 1e-4))
        return `X·B gave ${got.join(' ')} instead of ${want.join(' ')}`;
      const G = await b.gram(B);
      if (Math.abs(G[0] - 35) > 1e-4 || Math.abs(G[1] - 44) > 1e-4)
        return `the Gram matrix gave ${G[0]}, ${G[1]} instead of 35, 44`;
      const A = b.alloc(2, 4);
      await b.write(A, Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0));
      const loss = await b.klTimes('rows', A, B, out);
      // y = A·Bᵀ: row 1 (1, 3, 5), row 2 (2, 4, 6); Σ x·log(x/y) = 1·log(1/1) + 2·log(2/5) + 3·log(3/4)
      const expected = 2 * Math.log(2 / 5) + 3 * Math.log(3 / 4);
      if (Math.abs(loss - expected) > 1e-4) return `the KL pass gave ${loss} instead of ${expected}`;
    } catch (e) {
      return `a kernel failed: ${(e as Error).message.split('\n')[0]}`;
    } finally {
      b.dispose();
    }
  }
  return null;
}
