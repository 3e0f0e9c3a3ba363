// The options of a factorization as one table: for each, its type, default, the rule its value must
// satisfy and a line of description. Validation, defaults and the FactorizeOptions type come from the
// table, and the command line builds its flags from it, so a new option is one entry here plus its use in
// a solver. Names follow scikit-learn where it has one (n_components is k, max_iter, tol, init, the
// penalties spelled out per factor), as its `_parameter_constraints` keeps every rule in one table.
import type { DeviceChoice } from './backends/registry.js';
import { DEVICES } from './backends/devices.js';
import { dataError, usageError } from './errors.js';
import type { BooleanRule, ChoiceRule, NumberRule } from './rules.js';
import { checkRule, kebabName, ruleText, satisfies } from './rules.js';
import type { Matrix } from './matrix.js';

export type Method = 'hals' | 'mu' | 'gd';
export type Loss = 'frobenius' | 'kl';
export type Init = 'random' | 'nndsvd' | 'nndsvda';
export const METHODS: readonly Method[] = ['hals', 'mu', 'gd'];
export const LOSSES: readonly Loss[] = ['frobenius', 'kl'];
export const INITS: readonly Init[] = ['random', 'nndsvd', 'nndsvda'];
const DEVICE_CHOICES: readonly DeviceChoice[] = ['auto', ...DEVICES];

/** Where an option belongs in a listing of them. */
export type OptionGroup = 'factorization' | 'penalties' | 'gd';
/** What an option decides. `shape`: the model's size and starting point, which transform fixes (k from
 *  the model, one run, a random start). `model`: what is minimized and how; transform reuses the
 *  model's values. `run`: how long and where a run goes; transform takes its own. */
export type OptionRole = 'shape' | 'model' | 'run';

interface SpecCommon {
  describe: string;
  group: OptionGroup;
  role: OptionRole;
  /** The default when it depends on other options (then `default` is absent), in words. */
  defaultNote?: string;
}
export interface NumberSpec extends SpecCommon, NumberRule {
  default?: number;
}
export interface BooleanSpec extends SpecCommon, BooleanRule {
  default?: boolean;
}
export interface ChoiceSpec extends SpecCommon, ChoiceRule {
  default?: string;
}
export type OptionSpec = NumberSpec | BooleanSpec | ChoiceSpec;

export const FACTORIZE_OPTIONS = {
  /** The number of latent factors (scikit-learn's n_components); at most min(rows, columns). */
  k: {
    type: 'integer',
    min: 1,
    group: 'factorization',
    role: 'shape',
    describe: 'number of latent factors (n_components)',
  },
  /** hals: coordinate descent, Frobenius only (default); mu: Lee–Seung multiplicative updates (default
   *  for the KL loss); gd: normalized gradient steps P ← P − lr·∇P/‖∇P‖. */
  method: {
    type: 'choice',
    choices: METHODS,
    group: 'factorization',
    role: 'model',
    defaultNote: 'hals, mu with the KL loss',
    describe: 'hals: coordinate descent; mu: multiplicative updates; gd: normalized gradient steps',
  },
  /** D in F: squared Frobenius distance (default) or generalized Kullback–Leibler divergence. */
  loss: {
    type: 'choice',
    choices: LOSSES,
    default: 'frobenius',
    group: 'factorization',
    role: 'model',
    describe: 'D in F: squared Frobenius distance or generalized Kullback–Leibler divergence',
  },
  /** Runs from seeds seed, seed+1, …; the lowest final F wins. Default 1. */
  restarts: {
    type: 'integer',
    min: 1,
    default: 1,
    group: 'factorization',
    role: 'shape',
    describe: 'runs from seeds seed, seed+1, …; the lowest final F wins',
  },
  /** Starting factors. Default: nndsvda for one run, random when restarts > 1 (nndsvd is deterministic,
   *  restarts would repeat it). */
  init: {
    type: 'choice',
    choices: INITS,
    group: 'factorization',
    role: 'shape',
    defaultNote: 'nndsvda, random with more than one restart',
    describe: 'starting factors',
  },
  /** The seed of the first run. Default 0. */
  seed: {
    type: 'integer',
    min: 0,
    max: 2 ** 32 - 1,
    default: 0,
    group: 'factorization',
    role: 'run',
    describe: 'seed of the first run',
  },
  /** Iterations per run at most. Default 200. */
  maxIter: {
    type: 'integer',
    min: 1,
    default: 200,
    group: 'factorization',
    role: 'run',
    describe: 'iterations per run at most',
  },
  /** hals: stop at a check where the projected gradient's size Σ|PG| is at most tol times its size after
   *  the first iteration (scikit-learn's cd rule, convergence.ts); mu and gd: where F fell by at most tol × F
   *  since the last check (at least as strict as scikit-learn's mu). Default 1e-4, as scikit-learn's. */
  tol: {
    type: 'number',
    min: 0,
    below: 1,
    default: 1e-4,
    group: 'factorization',
    role: 'run',
    describe:
      "hals: stop when the projected gradient is this share of the first iteration's " +
      "(scikit-learn's cd rule); mu, gd: when F falls by less than this share between two checks",
  },
  /** Iterations between convergence checks. Default 10. */
  checkEvery: {
    type: 'integer',
    min: 1,
    default: 10,
    group: 'factorization',
    role: 'run',
    describe: 'iterations between convergence checks',
  },
  /** Seconds for each run; it stops (not converged) when reached. Default: no limit. */
  timeLimit: {
    type: 'number',
    above: 0,
    group: 'factorization',
    role: 'run',
    defaultNote: 'none',
    describe: 'seconds per run at most',
  },
  /** Where kernels run; auto picks a GPU when one answers and the problem is big enough. Default auto. */
  device: {
    type: 'choice',
    choices: DEVICE_CHOICES,
    default: 'auto',
    group: 'factorization',
    role: 'run',
    describe: 'where kernels run',
  },
  /** L1 penalty on W (sparse coefficients). Default 0. */
  l1W: {
    type: 'number',
    min: 0,
    default: 0,
    group: 'penalties',
    role: 'model',
    describe: 'L1 penalty on W (sparse coefficients)',
  },
  /** L1 penalty on H (sparse components). Default 0. */
  l1H: {
    type: 'number',
    min: 0,
    default: 0,
    group: 'penalties',
    role: 'model',
    describe: 'L1 penalty on H (sparse components)',
  },
  /** L2 penalty on W. Default 0. */
  l2W: { type: 'number', min: 0, default: 0, group: 'penalties', role: 'model', describe: 'L2 penalty on W' },
  /** L2 penalty on H. Default 0. */
  l2H: { type: 'number', min: 0, default: 0, group: 'penalties', role: 'model', describe: 'L2 penalty on H' },
  /** gd's step length β. Default 0.1. */
  lr: { type: 'number', above: 0, default: 0.1, group: 'gd', role: 'model', describe: 'gd: step length β' },
  /** gd's β is multiplied by this after each iteration. Default 1 (no decay). */
  lrDecay: {
    type: 'number',
    above: 0,
    max: 1,
    default: 1,
    group: 'gd',
    role: 'model',
    describe: 'gd: β is multiplied by this every iteration',
  },
  /** gd only: project onto P ≥ 0 after each step. Default true (hals and mu are always nonnegative). */
  nonnegative: {
    type: 'boolean',
    default: true,
    group: 'gd',
    role: 'model',
    describe: 'gd: keep W, H ≥ 0; when off, gd fits the unconstrained model',
  },
} as const satisfies Record<string, OptionSpec>;

type Table = typeof FACTORIZE_OPTIONS;
export type OptionName = keyof Table;
type ValueOf<S> = S extends { type: 'choice'; choices: readonly (infer C)[] }
  ? C
  : S extends { type: 'boolean' }
    ? boolean
    : number;
/** Every option with its value's type, documented by the table's entries. */
type Values = { -readonly [K in OptionName]: ValueOf<Table[K]> };

/** The options of one role (see OptionRole), each optional. */
export type OptionsOfRole<R extends OptionRole> = {
  [K in OptionName as Table[K]['role'] extends R ? K : never]?: Values[K];
};

/** The options of `factorize`: k, and any of the others (their defaults are in FACTORIZE_OPTIONS). */
export interface FactorizeOptions extends Pick<Values, 'k'>, Partial<Omit<Values, 'k'>> {}

/** Every option with its value; timeLimit is Infinity when there is none. */
export type ResolvedOptions = Values;

/** The options' names in table order, and those of one role. */
export const OPTION_NAMES = Object.keys(FACTORIZE_OPTIONS) as OptionName[];
export const optionsOfRole = (role: OptionRole): OptionName[] =>
  OPTION_NAMES.filter((n) => FACTORIZE_OPTIONS[n].role === role);

/** The named options' values where `from` has them (an options object, parsed flags, a saved model's
 *  options): how one set of options is carried into another without copying fields by hand. */
export function pickOptions(from: object, names: readonly OptionName[]): Partial<Values> {
  const source = from as Partial<Values>;
  return Object.fromEntries(
    names.filter((n) => source[n] !== undefined && source[n] !== null).map((n) => [n, source[n]]),
  );
}

/** The value checked against its option's rule; throws a usage LatentError naming the option. */
export function checkOption<N extends OptionName>(name: N, value: unknown): Values[N] {
  return checkRule<Values[N]>(kebabName(name), FACTORIZE_OPTIONS[name], value);
}

/** Fill in defaults and check every option against its rule and X; throws LatentError naming the
 *  option. `transform` fits W alone, so there k may exceed X's size (one new row, k factors). `rows`: of the
 *  whole X where X is one rank's block of it. */
export function resolveOptions(X: Matrix, o: FactorizeOptions, transform = false, rows = X.rows): ResolvedOptions {
  if (X.rows === 0 || X.cols === 0)
    throw dataError(`the matrix is empty (${X.rows} × ${X.cols}): there is nothing to factorize`);
  const given = o as Partial<Values>;
  const v: Partial<Values> = {};
  const set = <N extends OptionName>(name: N, fallback = (FACTORIZE_OPTIONS[name] as OptionSpec).default): Values[N] =>
    (v[name] = checkOption(name, given[name] ?? fallback));
  // first the options other defaults depend on, then the rest in table order
  const loss = set('loss');
  const method = set('method', loss === 'kl' ? 'mu' : 'hals');
  if (method === 'hals' && loss === 'kl')
    throw usageError('method hals minimizes the Frobenius loss only: use --method mu (or gd) with --loss kl');
  const limit = transform ? Infinity : Math.min(rows, X.cols);
  if (!satisfies(FACTORIZE_OPTIONS.k, o.k) || o.k > limit)
    throw usageError(
      `k is ${o.k}: it must be ${ruleText({ ...FACTORIZE_OPTIONS.k, max: limit, maxName: 'min(rows, columns)' })}`,
    );
  v.k = o.k;
  const restarts = set('restarts');
  // run r has seed + r, and seeds are 32-bit: past that they would repeat seed 0's run
  const seed = set('seed');
  if (seed + restarts - 1 > FACTORIZE_OPTIONS.seed.max)
    throw usageError(
      `seed is ${seed}: with ${restarts} restarts it must be ` +
        `at most ${FACTORIZE_OPTIONS.seed.max - restarts + 1} (seeds are 32-bit)`,
    );
  set('init', restarts > 1 ? 'random' : 'nndsvda');
  v.timeLimit = o.timeLimit === undefined ? Infinity : checkOption('timeLimit', o.timeLimit);
  for (const name of OPTION_NAMES) if (!(name in v)) set(name);
  if (method !== 'gd') v.nonnegative = true;
  const resolved = Object.fromEntries(OPTION_NAMES.map((name) => [name, v[name]])) as Values; // in table order
  checkValues(X, resolved.nonnegative || loss === 'kl', resolved);
  // the whole X only: a block, a batch or new rows may be small where the data is not
  if (!transform && rows === X.rows) checkScale(X);
  return resolved;
}

/** √ of float32's smallest normal number: values below it have products that underflow float32. */
const SMALLEST_SCALE = Math.sqrt(2 ** -126);

/** X whose every value is below SMALLEST_SCALE (data in units of 1e-25, subnormal numbers): W·H and the
 *  Gram matrices underflow to zero, and a fit would stop at W·H = 0, relative error 1, said converged. */
function checkScale(X: Matrix): void {
  let largest = 0;
  for (let q = 0; q < X.data.length; q++) largest = Math.max(largest, Math.abs(X.data[q]));
  if (largest === 0 || largest >= SMALLEST_SCALE) return;
  const power = Math.ceil(-Math.log10(largest));
  throw dataError(
    `X's largest value is ${largest.toPrecision(3)}: products of values this small underflow float32, so no fit ` +
      `can be made; scale the data up (multiply it by 1e${power})`,
  );
}

/** NaN or Inf anywhere, or a negative entry where the method needs X ≥ 0, names its first position. */
function checkValues(X: Matrix, needNonnegative: boolean, o: ResolvedOptions): void {
  const at = (q: number): [number, number] => {
    if (X.kind === 'dense') return [Math.floor(q / X.cols), q % X.cols];
    let lo = 0,
      hi = X.rows - 1; // the row whose range holds q
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (X.indptr[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    return [lo, X.indices[q]];
  };
  for (let q = 0; q < X.data.length; q++) {
    const v = X.data[q];
    if (!Number.isFinite(v)) {
      const [i, j] = at(q);
      throw dataError(`X has ${v} at row ${i + 1}, column ${j + 1}: remove or replace non-finite values`);
    }
    if (v < 0 && needNonnegative) {
      const [i, j] = at(q);
      const why = o.loss === 'kl' ? 'the KL loss needs X ≥ 0' : `method ${o.method} needs X ≥ 0`;
      throw dataError(
        `X has a negative value ${v} at row ${i + 1}, column ${j + 1}: ${why}; shift or clip ` +
          `the data${o.loss === 'kl' ? '' : ', or use gd without nonnegativity'}`,
      );
    }
  }
}
