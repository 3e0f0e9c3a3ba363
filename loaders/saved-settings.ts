// The loader settings a model file holds, checked before use by the same rules as the flags they came
// from: a model file is data, and a damaged or tampered one must fail in one line naming the field, not
// run for a minute (ngrams = 1000) or fail inside the tokenizer.
import type { ImageSettings, MatrixFormat, TextModel } from './dataset.js';
import { ALPHA_MODES } from './dataset.js';
import type { Rule } from '../core/index.js';
import { mustBe, satisfies } from '../core/index.js';
import { FITS, IMAGE_RULES, parseColour } from './images.js';
import { MATRIX_FORMATS } from './matrix/index.js';
import { SEGMENTATIONS } from './text/segment.js';
import { compileTokenPattern } from './text/tokenize.js';
import { VECTORIZE_RULES } from './text/vectorize.js';

/** A field that breaks its rule: `field` is its path in the file (loader.tokens.ngrams). */
export class SettingError extends Error {
  constructor(
    readonly field: string,
    what: string,
  ) {
    super(`${field} ${what}`);
  }
}

type Fields = Record<string, unknown>;
const isRecord = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown, length?: number): v is string[] =>
  Array.isArray(v) && (length === undefined || v.length === length) && v.every((s) => typeof s === 'string');

function need(ok: boolean, field: string, what: string): void {
  if (!ok) throw new SettingError(field, what);
}

/** A field checked by the rule its flag is checked by, and named by it when it breaks it. */
const needRule = (rule: Rule, value: unknown, field: string): void => need(satisfies(rule, value), field, mustBe(rule));

/** A saved text model over `cols` terms. */
export function checkTextModel(m: unknown, cols: number): asserts m is TextModel {
  need(isRecord(m), 'loader', 'must be an object');
  const model = m as Fields,
    t = model.tokens;
  need(isRecord(t), 'loader.tokens', 'must be an object');
  const tokens = t as Fields;
  for (const flag of ['stopWords', 'stem', 'keepNumbers', 'stripUrls', 'stripAccents'])
    need(
      typeof tokens[flag] === 'boolean' || tokens[flag] === undefined,
      `loader.tokens.${flag}`,
      'must be true or false',
    );
  need(
    tokens.stripHtml === undefined || tokens.stripHtml === 'auto' || typeof tokens.stripHtml === 'boolean',
    'loader.tokens.stripHtml',
    'must be true, false or "auto"',
  );
  need(
    tokens.segment === undefined || SEGMENTATIONS.includes(tokens.segment as never),
    'loader.tokens.segment',
    `must be one of ${SEGMENTATIONS.join(', ')}`,
  );
  needRule(VECTORIZE_RULES.ngrams, tokens.ngrams, 'loader.tokens.ngrams');
  if (tokens.minLength !== undefined) needRule(VECTORIZE_RULES.minLength, tokens.minLength, 'loader.tokens.minLength');
  need(isStrings(tokens.extraStopWords), 'loader.tokens.extraStopWords', 'must be a list of words');
  if (tokens.tokenPattern !== null && tokens.tokenPattern !== undefined) {
    need(typeof tokens.tokenPattern === 'string', 'loader.tokens.tokenPattern', 'must be a regular expression or null');
    try {
      compileTokenPattern(tokens.tokenPattern as string);
    } catch (e) {
      throw new SettingError('loader.tokens.tokenPattern', `is not usable: ${(e as Error).message}`);
    }
  }
  needRule(VECTORIZE_RULES.weighting, model.weighting, 'loader.weighting');
  need(typeof model.sublinearTf === 'boolean', 'loader.sublinearTf', 'must be true or false');
  need(isStrings(model.keys, cols), 'loader.keys', `must be ${cols} terms, one per column of H`);
  // two columns of one key: a document's count would go to one of them, the other's weights never used
  const columnOf = new Map<string, number>();
  (model.keys as string[]).forEach((key, j) => {
    const before = columnOf.get(key);
    if (before !== undefined)
      throw new SettingError('loader.keys', `must be distinct: "${key}" is column ${before + 1} and ${j + 1}`);
    columnOf.set(key, j);
  });
  need(isStrings(model.terms, cols), 'loader.terms', `must be ${cols} terms, one per column of H`);
  // idf = ln((1 + n) / (1 + df)) + 1 lies in [1, ln(1 + n) + 1], below 23 for any int32 n
  const idf = model.idf;
  need(
    idf === null ||
      (Array.isArray(idf) && idf.length === cols && idf.every((v) => typeof v === 'number' && v >= 1 && v < 23)),
    'loader.idf',
    `must be null or ${cols} numbers from 1 to 23 (tf-idf weights)`,
  );
  need((idf === null) === (model.weighting !== 'tfidf'), 'loader.idf', 'must be there for tfidf weighting only');
}

/** Saved image settings over `cols` pixel values. */
export function checkImageSettings(s: unknown, cols: number): asserts s is ImageSettings {
  need(isRecord(s), 'loader', 'must be an object');
  const v = s as Fields;
  for (const side of ['width', 'height'] as const) needRule(IMAGE_RULES[side], v[side], `loader.${side}`);
  need(FITS.includes(v.fit as never), 'loader.fit', `must be one of ${FITS.join(', ')}`);
  need(typeof v.color === 'boolean', 'loader.color', 'must be true or false');
  need(typeof v.background === 'string', 'loader.background', 'must be a colour such as #000000');
  try {
    parseColour(v.background as string);
  } catch {
    throw new SettingError('loader.background', 'must be a colour such as #000000');
  }
  need(
    v.alpha === undefined || ALPHA_MODES.includes(v.alpha as never),
    'loader.alpha',
    `must be one of ${ALPHA_MODES.join(', ')}`,
  );
  need(v.alpha !== 'intensity' || v.color === false, 'loader.alpha', 'must be flatten for color images');
  need(v.invert === undefined || typeof v.invert === 'boolean', 'loader.invert', 'must be true or false');
  need(
    (v.width as number) * (v.height as number) * (v.color ? 3 : 1) === cols,
    'loader',
    `width × height${v.color ? ' × 3' : ''} must be H's ${cols} columns`,
  );
}

/** Saved matrix settings over `cols` columns. */
export function checkMatrixSettings(
  s: unknown,
  cols: number,
): asserts s is { labels: string[] | null; format: MatrixFormat } {
  need(isRecord(s), 'loader', 'must be an object');
  const v = s as Fields;
  need(MATRIX_FORMATS.includes(v.format as never), 'loader.format', `must be one of ${MATRIX_FORMATS.join(', ')}`);
  need(
    v.labels === null || isStrings(v.labels, cols),
    'loader.labels',
    `must be null or ${cols} labels, one per column of H`,
  );
}
