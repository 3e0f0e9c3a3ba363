// A matrix in a JSON document: { "rows", "cols", "dtype": "float32", "base64": little-endian float32
// values, row-major } (numpy: np.frombuffer(base64.b64decode(m["base64"]), "<f4").reshape(rows, cols)).
import type { Dense, NumberRule } from '../core/index.js';
import { dense, ruleText, satisfies } from '../core/index.js';

/** A stored matrix's rows and its columns. */
const SIDE: NumberRule = { type: 'integer', min: 1 };

export interface EncodedMatrix {
  rows: number;
  cols: number;
  dtype: 'float32';
  base64: string;
}

/** The most values a decoded matrix may have: 2³¹ float32 values (8 GiB). */
const MAX_VALUES = 2 ** 31;

export function encodeMatrix(M: Dense): EncodedMatrix {
  const bytes = new Uint8Array(M.data.buffer, M.data.byteOffset, M.data.byteLength);
  return { rows: M.rows, cols: M.cols, dtype: 'float32', base64: Buffer.from(bytes).toString('base64') };
}

/** Bytes encoded per piece: a multiple of 3, so that the pieces' base64 joins without padding between. */
const PIECE_BYTES = 3 << 18;

/** JSON.stringify(encodeMatrix(M)) in pieces: a factor of millions of rows is never one string. */
export function* encodedMatrixJson(M: Dense): Generator<string> {
  const bytes = Buffer.from(M.data.buffer, M.data.byteOffset, M.data.byteLength);
  yield `{"rows":${M.rows},"cols":${M.cols},"dtype":"float32","base64":"`;
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES).toString('base64');
  yield '"}';
}

/** The matrix back; its claimed size is checked against the bytes it holds before anything is allocated. */
export function decodeMatrix(m: EncodedMatrix): Dense {
  if (!satisfies(SIDE, m.rows) || !satisfies(SIDE, m.cols))
    throw new Error(`rows and cols must each be ${ruleText(SIDE)}, found ${m.rows} and ${m.cols}`);
  if (m.dtype !== 'float32' || typeof m.base64 !== 'string') throw new Error('the values must be float32 in base64');
  // Node's decoder skips what is not base64: a damaged file would become another matrix, zeros at its end
  const wrong = m.base64.search(/[^A-Za-z0-9+/=]|=[^=]|={3}/);
  if (wrong >= 0) throw new Error(`its base64 has ${JSON.stringify(m.base64[wrong])} at character ${wrong + 1}`);
  const need = 4 * m.rows * m.cols;
  // base64 holds 3 bytes in every 4 characters
  const found = Math.floor((m.base64.replace(/=+$/, '').length * 3) / 4);
  if (found !== need || m.rows * m.cols > MAX_VALUES)
    throw new Error(`a ${m.rows}×${m.cols} float32 matrix needs ${need} bytes, found ${found}`);
  const data = new Float32Array(m.rows * m.cols);
  new Uint8Array(data.buffer).set(Buffer.from(m.base64, 'base64'));
  return dense(m.rows, m.cols, data);
}
