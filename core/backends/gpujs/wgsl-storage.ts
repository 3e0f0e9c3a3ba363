// What the webgpu device refuses up front instead of splitting: X is held whole, each of its arrays
// (and its transpose's) in one storage buffer, so an array past the device's largest storage binding,
// or a problem past its memory, is refused in one line before any kernel runs.
import { dataError } from '../../errors.js';
import type { Matrix } from '../../matrix.js';

/** The most bytes one buffer a kernel reads or writes may hold on this device. */
export const storageLimit = (device: GPUDevice): number =>
  Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);

const refusal = (what: string, bytes: number, limit: number) =>
  dataError(
    `${what} takes ${bytes} bytes in one GPU buffer, over this device's ${limit} per storage buffer ` +
      `(maxStorageBufferBindingSize); the webgpu device does not split it: use --device webasm`,
  );

/** Throws, naming the array, when one of X's arrays would not fit one storage buffer. */
export function checkStorage(X: Matrix, device: GPUDevice): void {
  const limit = storageLimit(device);
  const arrays: [string, number][] =
    X.kind === 'dense'
      ? [[`the dense matrix (${X.rows} × ${X.cols})`, X.rows * X.cols * 4]]
      : [
          [`the sparse matrix's values (${X.data.length} nonzeros)`, X.data.length * 4],
          [`its column indices`, X.indices.length * 4],
          [`its row offsets (${X.rows} rows)`, (X.rows + 1) * 4],
          [`its transpose's row offsets (${X.cols} rows)`, (X.cols + 1) * 4],
        ];
  for (const [what, bytes] of arrays) if (bytes > limit) throw refusal(what, bytes, limit);
}

/** Throws when a rows × kp factor would not fit one storage buffer. */
export function checkFactor(rows: number, kp: number, device: GPUDevice): void {
  const limit = storageLimit(device);
  if (rows * kp * 4 > limit) throw refusal(`a factor of ${rows} rows × ${kp} columns`, rows * kp * 4, limit);
}

/** The line for an X the device had no memory for. */
export function storageError(X: Matrix, message: string) {
  const size =
    X.kind === 'dense' ? `${X.rows} × ${X.cols} dense` : `${X.rows} × ${X.cols} with ${X.data.length} nonzeros`;
  return dataError(
    `the GPU has no memory for the matrix (${size}, held with its ` +
      `transpose): ${message.split('\n')[0]}; use --device webasm`,
  );
}
