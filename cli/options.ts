// The factorization options every training command shares, declared once, and their translation to
// core's options.
import type { Argv } from 'yargs';
import type { FactorizeOptions } from '../core/index.js';
import { DEVICES, INITS, LOSSES, METHODS } from '../core/index.js';

export interface FactorizationArgs {
  k: number; method?: string; loss?: string; restarts: number; seed: number; maxIter: number; tol: number;
  timeLimit?: number; l1W: number; l1H: number; l2W: number; l2H: number; lr: number; lrDecay: number;
  nonnegative: boolean; init?: string; device: string; model?: string;
}

export interface CommonArgs { quiet?: boolean; verbose?: boolean; debug?: boolean }

/** Declare the factorization options; `kName` is the long name -k has for this command. */
export function withFactorization<T>(y: Argv<T>, kName: string, kDefault: number) {
  return y
    .option('k', { alias: kName, type: 'number', default: kDefault, describe: `number of ${kName} (n_components)`, group: 'Factorization:' })
    .option('method', { choices: METHODS, describe: 'hals: coordinate descent (default); mu: multiplicative updates (default for --loss kl); gd: normalized gradient steps', group: 'Factorization:' })
    .option('loss', { choices: LOSSES, default: 'frobenius', describe: 'D in F: squared Frobenius distance or generalized Kullback–Leibler', group: 'Factorization:' })
    .option('restarts', { type: 'number', default: 1, describe: 'runs from seeds seed, seed+1, …; the lowest final F wins', group: 'Factorization:' })
    .option('seed', { type: 'number', default: 0, describe: 'seed of the first run', group: 'Factorization:' })
    .option('max-iter', { type: 'number', default: 200, describe: 'iterations per run at most', group: 'Factorization:' })
    .option('tol', { type: 'number', default: 1e-4, describe: 'stop when F falls by less than this share over 10 iterations', group: 'Factorization:' })
    .option('time-limit', { type: 'number', describe: 'seconds per run at most', group: 'Factorization:' })
    .option('init', { choices: INITS, describe: 'starting factors (default nndsvda, random with --restarts > 1)', group: 'Factorization:' })
    .option('l1-w', { type: 'number', default: 0, describe: 'L1 penalty on W (sparse coefficients)', group: 'Penalties:' })
    .option('l1-h', { type: 'number', default: 0, describe: 'L1 penalty on H (sparse components)', group: 'Penalties:' })
    .option('l2-w', { type: 'number', default: 0, describe: 'L2 penalty on W', group: 'Penalties:' })
    .option('l2-h', { type: 'number', default: 0, describe: 'L2 penalty on H', group: 'Penalties:' })
    .option('lr', { type: 'number', default: 0.1, describe: 'gd: step length β', group: 'Gradient descent (--method gd):' })
    .option('lr-decay', { type: 'number', default: 1, describe: 'gd: β is multiplied by this every iteration', group: 'Gradient descent (--method gd):' })
    .option('nonnegative', { type: 'boolean', default: true, describe: 'gd: keep W, H ≥ 0 (--no-nonnegative for the unconstrained model)', group: 'Gradient descent (--method gd):' })
    .option('device', { choices: ['auto', ...DEVICES], default: 'auto', describe: 'where kernels run (see `latent backends`)', group: 'Factorization:' })
    .option('model', { type: 'string', describe: 'save the fitted model to FILE (for `latent transform`)', group: 'Output:' });
}

export function factorizeOptions(a: FactorizationArgs): FactorizeOptions {
  return {
    k: a.k, method: a.method as FactorizeOptions['method'], loss: a.loss as FactorizeOptions['loss'],
    restarts: a.restarts, seed: a.seed, maxIter: a.maxIter, tol: a.tol, timeLimit: a.timeLimit,
    l1W: a.l1W, l1H: a.l1H, l2W: a.l2W, l2H: a.l2H, lr: a.lr, lrDecay: a.lrDecay, nonnegative: a.nonnegative,
    init: a.init as FactorizeOptions['init'], device: a.device as FactorizeOptions['device'],
  };
}

/** --format for the commands that print a table. */
export function withTableFormat<T>(y: Argv<T>) {
  return y.option('format', { choices: ['text', 'json', 'csv', 'tsv'] as const, default: 'text' as const, describe: 'output format on stdout', group: 'Output:' });
}
