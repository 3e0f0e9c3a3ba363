// Numbers as matrix files write them, one grammar for every matrix loader: no hex, no Infinity or NaN
// words, no fractions where a whole number is meant (Number() would take all of these).
import { ruleText } from '../../core/index.js';

/** A count or a 1-based index. */
export const INDEX = /^\d+$/;
export const INTEGER = /^[+-]?\d+$/;
export const REAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of an index or count, or NaN when the text is not one. */
export const indexOf = (text: string): number => (INDEX.test(text) ? Number(text) : Number.NaN);

/** What a missing value looks like in a matrix file: an empty cell (CSV/TSV) or NaN in any case. */
export const MISSING = /^(nan)?$/i;

/** The advice every loader gives when it meets a missing value without --missing. */
export const MISSING_HINT = 'give --missing to fit on the entries that are there, or fill it in';

/** A value float32 (what X is held in) cannot hold: it would round to ±Infinity. */
export const beyondFloat32 = (v: number): boolean => Number.isFinite(v) && !Number.isFinite(Math.fround(v));

/** What every loader says of such a value, after its file, line and cell. */
export const beyondFloat32Note = (text: string): string =>
  `${text} is beyond float32's range (±3.4e38), in which latent holds a matrix; scale the values down`;

/** What the coordinate loaders say of an index that is not a whole number (1.0, -1, 1e2). */
export const notAnIndex = (what: string, text: string, size: number): string =>
  `${what} ${text} is not an index: a ${what} index is ${ruleText({ type: 'integer', min: 1, max: size })}, ` +
  'written without a ' +
  'sign, point or exponent';
