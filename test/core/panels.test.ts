// Xᵀ·W where W outgrows the caches goes over W in panels (csrTimesPanels): each output lane must sum the
// same products in the same order as the row-at-a-time product, so the two give the same bits, and both
// the float64 sums to float32 accuracy.
import test from 'ava';
import { csr, getBackend, releaseBackends } from '../../core/index.js';

test.after.always(releaseBackends);

test('Xᵀ·W in panels: the bits of the row-at-a-time product, the float64 sums to 1e-4', async (t) => {
  // 90,000 rows: W at kp = 52 is 18.7 MB, past the panels' threshold; at kp = 4 (1.4 MB) it is not
  const rows = 90_000,
    cols = 40;
  let seed = 3;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const indptr = new Int32Array(rows + 1),
    indices: number[] = [],
    data: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      if (random() < (j < 4 ? 0.5 : 0.05)) {
        indices.push(j);
        data.push(Math.fround(random()));
      }
    indptr[i + 1] = indices.length;
  }
  const X = csr(rows, cols, indptr, Int32Array.from(indices), Float32Array.from(data));
  const wide = new Float32Array(rows * 52),
    narrow = new Float32Array(rows * 4);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < 50; c++) {
      const v = Math.fround(random());
      wide[i * 52 + c] = v;
      if (c < 4) narrow[i * 4 + c] = v;
    }
  const b = await (await getBackend('webasm')).bind(X);
  try {
    const product = async (W: Float32Array, kp: number) => {
      const Wb = b.alloc(rows, kp, 'rows'),
        out = b.alloc(cols, kp, 'cols');
      await b.write(Wb, W);
      await b.times('cols', Wb, out);
      return b.read(out);
    };
    const inPanels = await product(wide, 52),
      whole = await product(narrow, 4);
    const lanes = (P: Float32Array, kp: number) =>
      Array.from({ length: cols * 4 }, (_, q) => P[(q >> 2) * kp + (q & 3)]);
    t.deepEqual(lanes(inPanels, 52), lanes(whole, 4));
    let worst = 0;
    for (let j = 0; j < cols; j++)
      for (let c = 0; c < 50; c++) {
        let s = 0;
        for (let i = 0; i < rows; i++)
          for (let q = indptr[i]; q < indptr[i + 1]; q++) if (indices[q] === j) s += data[q] * wide[i * 52 + c];
        worst = Math.max(worst, Math.abs(inPanels[j * 52 + c] - s) / Math.max(1, s));
      }
    // float32 sums of 45,000 products in a row: 1e-4, not the 1e-5 of short sums
    t.true(worst < 1e-4, `relative error ${worst}`);
  } finally {
    b.dispose();
  }
});
