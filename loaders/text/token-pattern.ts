// A token pattern (--token-pattern, or a model file's) run by RE2JS, a matcher whose time is linear in
// the text whatever the pattern: a pattern comes from outside (a flag, a model file someone sent), and
// under a backtracking engine such as V8's `(a+)+$` or `(\w+\s?)*$` takes exponential time, and even
// `[a-z]+$` quadratic time, on a long document, where no signal handler can run. Checking patterns for
// backtracking before use cannot be complete (polynomial cases slip through), and a time budget per
// document would need each document matched in a worker; a linear-time engine is a guarantee. Its price:
// no backreferences or lookarounds (refused in one line), and about a tenth of V8's speed, paid only by
// corpora tokenized with a pattern of their own (the default tokenizer keeps V8's safe expression).
import { RE2JS } from 're2js';
import { usageError } from '../../core/index.js';

/** A compiled token pattern: the tokens of a text (each match, or its one group's text). */
export type TokenMatcher = (text: string) => string[];

/** The pattern as a matcher; a pattern that is not a regular expression, that needs backtracking
 *  (backreferences, lookarounds) or that has more than one capture group is a usage error naming it. */
export function compileTokenPattern(pattern: string): TokenMatcher {
  // scikit-learn's patterns start with Python's (?u), which JavaScript lacks (Unicode classes are always on here)
  const source = pattern.replace(/^\(\?u\)/, '');
  try {
    new RegExp(source, 'u');
  } catch (e) {
    throw usageError(
      `--token-pattern "${pattern}" is not a regular expression: ` +
        `${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (e) {
    throw usageError(
      `--token-pattern "${pattern}" cannot be matched in linear time ` +
        `(${(e as Error).message.replace(/^error parsing regexp: /, '')}): latent runs token patterns ` +
        `without backtracking, so that no pattern can stall it; write it without backreferences or lookarounds`,
    );
  }
  const groups = re.groupCount();
  if (groups > 1)
    throw usageError(`--token-pattern "${pattern}" has ${groups} capture groups: use at most one (or (?:…) groups)`);
  return (text) => {
    const tokens: string[] = [];
    const m = re.matcher(text);
    while (m.find()) tokens.push(m.group(groups) ?? '');
    return tokens;
  };
}
