// The rule a value must satisfy, as data: its type and bounds (and the unit it counts), so that one entry
// gives the check, the words of the message and the flag's declaration, and a saved model's field is
// checked by the entry its flag reads. Tables of rules live beside what they govern (core's options,
// the vectorizer's, the images', each command's); the check and the wording are here, once.
import { usageError } from './errors.js';

/** A number with bounds: `min`/`max` inclusive, `above`/`below` exclusive. `unit`: what a whole number
 *  counts (pixels, documents), for the message. `orFraction`: a share is also taken, `below` or up to
 *  (`max`) this, as min-df's "a fraction below 1 or a whole number of documents". */
export interface NumberRule {
  type: 'integer' | 'number';
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  unit?: string;
  /** What `max` is, where it comes from the data: "min(rows, columns)" (then "… to min(rows, columns) = 40"). */
  maxName?: string;
  orFraction?: { below?: number; max?: number };
}
export interface BooleanRule {
  type: 'boolean';
}
export interface ChoiceRule {
  type: 'choice';
  choices: readonly string[];
}
export type Rule = NumberRule | BooleanRule | ChoiceRule;

/** A name as messages (and the command line) spell it: maxIter → max-iter, l1W → l1-w. */
export const kebabName = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What a number rule asks, in words: "a whole number ≥ 1", "in [0, 1)", "a whole number of pixels
 *  from 1 to 16384", "a fraction below 1 or a whole number of documents". */
export function ruleText(s: NumberRule): string {
  const whole = `a whole number${s.unit ? ` of ${s.unit}` : ''}`;
  if (s.orFraction) {
    const f = s.orFraction;
    return `a fraction ${f.below !== undefined ? `below ${f.below}` : `up to ${f.max}`} or ${whole}`;
  }
  const low = s.min ?? s.above,
    high = s.max ?? s.below;
  if (s.type === 'integer' && s.min !== undefined && s.max !== undefined)
    return `${whole} from ${s.min} to ${s.maxName ? `${s.maxName} = ` : ''}${s.max}`;
  const kind = s.type === 'integer' ? whole : 'a number';
  if (low !== undefined && high !== undefined)
    return `in ${s.min !== undefined ? '[' : '('}${low}, ${high}${s.max !== undefined ? ']' : ')'}`;
  if (low !== undefined) return `${kind} ${s.min !== undefined ? '≥' : '>'} ${low}`;
  if (high !== undefined) return `${kind} ${s.max !== undefined ? '≤' : '<'} ${high}`;
  return kind;
}

/** Whether a number lies within bounds (each optional). */
const within = (v: number, b: { min?: number; max?: number; above?: number; below?: number }): boolean =>
  !(b.min !== undefined && v < b.min) &&
  !(b.max !== undefined && v > b.max) &&
  !(b.above !== undefined && v <= b.above) &&
  !(b.below !== undefined && v >= b.below);

/** Whether a value satisfies a rule. */
export function satisfies(rule: Rule, value: unknown): boolean {
  if (rule.type === 'choice') return rule.choices.includes(value as string);
  if (rule.type === 'boolean') return typeof value === 'boolean';
  if (typeof value !== 'number' || !Number.isFinite(value) || !within(value, rule)) return false;
  if (rule.orFraction && within(value, rule.orFraction)) return true;
  return rule.type !== 'integer' || Number.isInteger(value);
}

/** What a value must be, in the words of a saved model's message ("must be a whole number ≥ 1"). */
export function mustBe(rule: Rule): string {
  if (rule.type === 'choice') return `must be one of ${rule.choices.join(', ')}`;
  return rule.type === 'boolean' ? 'must be true or false' : `must be ${ruleText(rule)}`;
}

/** The value checked against its rule; throws a usage LatentError naming it as `name` is spelled
 *  ("max-iter is 0: it must be a whole number ≥ 1", "--top is 0: …"). */
export function checkRule<T = number>(name: string, rule: Rule, value: unknown): T {
  if (satisfies(rule, value)) return value as T;
  if (rule.type === 'choice')
    throw usageError(`unknown ${name} "${String(value)}": choose one of ${rule.choices.join(', ')}`);
  if (rule.type === 'boolean') throw usageError(`${name} is ${String(value)}: it must be true or false`);
  throw usageError(`${name} is ${String(value)}: it must be ${ruleText(rule)}`);
}
