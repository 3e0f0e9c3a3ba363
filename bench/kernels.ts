// The products with X, kernel by kernel: gpu.js's own modes against the hand-written webasm kernels,
// which is why the webasm device does not use gpu.js's webasm mode.
import { GPU } from 'gpu.js';
import type { Backend, Matrix } from '../core/index.js';
import { getBackend, padRank } from '../core/index.js';
import { GpuJsBackend } from '../core/backends/gpujs/index.js';

export async function timeProduct(backend: Backend, X: Matrix, k: number, repeats: number): Promise<number> {
  const kp = padRank(k);
  const b = await backend.bind(X);
  try {
    const B = b.alloc(X.cols, kp),
      out = b.alloc(X.rows, kp);
    const values = new Float32Array(X.cols * kp);
    for (let j = 0; j < X.cols; j++) for (let t = 0; t < k; t++) values[j * kp + t] = ((j * 7 + t) % 13) / 13;
    await b.write(B, values);
    await b.times('rows', B, out);
    await b.read(out);
    const start = performance.now();
    for (let r = 0; r < repeats; r++) await b.times('rows', B, out);
    await b.read(out); // a GPU queue runs ahead: the time counts only when the result is back
    return (performance.now() - start) / repeats;
  } finally {
    b.dispose();
  }
}

/** ms and GFLOP/s of X·B on each: gpu.js cpu, gpu.js webasm, hand-written webasm. */
export async function kernelRows(name: string, X: Matrix, k: number): Promise<string[][]> {
  const flops = 2 * (X.kind === 'csr' ? X.data.length : X.rows * X.cols) * k;
  const rows: string[][] = [];
  const contenders: [string, Backend, number][] = [
    ['gpu.js cpu mode', new GpuJsBackend(new GPU({ mode: 'cpu' }), 'cpu', 'gpu.js cpu'), 2],
    ['gpu.js webasm mode', new GpuJsBackend(new GPU({ mode: 'webasm' }), 'webasm', 'gpu.js webasm'), 3],
    ['hand-written webasm', await getBackend('webasm'), 20],
  ];
  for (const [label, backend, repeats] of contenders) {
    const ms = await timeProduct(backend, X, k, repeats);
    rows.push([name, label, ms.toFixed(2), (flops / ms / 1e6).toFixed(1)]);
    if (!label.startsWith('hand')) await backend.dispose();
  }
  return rows;
}
