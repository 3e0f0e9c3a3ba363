// The commands' own number flags, each rule once: a flag declared with ruleFlag is checked against its
// entry as it is parsed, before anything is loaded, in the words core's rules module gives
// ("--top is 0: it must be a whole number ≥ 1"). The factorization, streaming, vectorizer and image
// flags read their tables in core/ and loaders/.
import type { Options } from 'yargs';
import type { NumberRule } from '../core/index.js';
import { checkRule, ruleText, usageError } from '../core/index.js';

export const COMMAND_RULES = {
  /** Words (or columns) shown per topic; rank's coherence needs pairs of them (min 2 there). */
  top: { type: 'integer', min: 1 },
  /** Documents shown per topic. */
  topDocs: { type: 'integer', min: 0 },
  /** Iterations between distributed checkpoints. */
  checkpointEvery: { type: 'integer', min: 1 },
  /** Rows stability compares: three at least for a correlation of their distances. */
  stabilityRows: { type: 'integer', min: 3 },
  /** The share of entries rank holds out: below half, so that the fit sees most of X. */
  holdout: { type: 'number', above: 0, below: 0.5 },
  /** Images written beside their reconstructions. */
  reconstructions: { type: 'integer', min: 0 },
  /** merge's HALS sweeps refitting W and the joined topics (0: the joined rows as summed). */
  mergeSweeps: { type: 'integer', min: 0 },
} as const satisfies Record<string, NumberRule>;

/** The text typed after a flag (`-k abc`, `--k=abc`, or an alias such as `--topics abc`), the
 *  last time it is given: what yargs has turned into NaN, for the message. */
export function typedValue(argv: readonly string[], names: readonly string[]): string | undefined {
  let typed: string | undefined;
  argv.forEach((arg, i) => {
    for (const name of names) {
      const flag = name.length === 1 ? `-${name}` : `--${name}`;
      if (arg === flag || arg === `--${name}`) typed = argv[i + 1];
      else if (arg.startsWith(`${flag}=`) || arg.startsWith(`--${name}=`)) typed = arg.slice(arg.indexOf('=') + 1);
    }
  });
  return typed;
}

/** A number flag's check against its rule, named in messages as `shown`; text that is not a number is
 *  named as typed ("k is 'abc': it must be a whole number ≥ 1"). `names`: the flag and its aliases. */
export function checkedNumber(shown: string, rule: NumberRule, names: readonly string[]): (value: unknown) => number {
  return (value) => {
    if (value === undefined) return value as unknown as number; // absent: no default to check
    if (typeof value === 'number' && Number.isNaN(value)) {
      throw usageError(
        `${shown} is '${typedValue(process.argv.slice(2), names) ?? value}': it must be ${ruleText(rule)}`,
      );
    }
    return checkRule<number>(shown, rule, value);
  };
}

/** A number flag `--flag` declared with its rule: checked as parsed, messages naming `--flag`. */
export const ruleFlag = <O extends Options>(flag: string, rule: NumberRule, options: O) =>
  // requiresArg: a flag given without its number is refused, not run with the default
  ({ ...options, type: 'number', requiresArg: true, coerce: checkedNumber(`--${flag}`, rule, [flag]) }) as const;
