// The options of a streaming fit, in the vocabulary of core's option table (options.ts). The anchors:
// scikit-learn's MiniBatchNMF keeps 0.7 of its statistics over a pass (forget_factor) and gensim's Nmf
// reads chunks of 2,000 documents. The defaults here were chosen on the scale benchmark's corpora
// (bench/results/stream-defaults-100000.md): statistics older than about a pass were summed from W
// solved against a stale H, so forgetting more of them scores better; larger batches start H (nndsvda
// of the first batch) from more documents, and each costs a sweep of H (cols × k² work) whatever its
// size. More epochs gained less than either.
import type { NumberSpec } from '../options.js';
import { checkRule, kebabName } from '../rules.js';

export const STREAM_OPTIONS = {
  batchSize: {
    type: 'integer',
    min: 1,
    default: 8192,
    group: 'factorization',
    role: 'run',
    describe: '--stream: rows per batch',
  },
  epochs: {
    type: 'integer',
    min: 1,
    default: 3,
    group: 'factorization',
    role: 'run',
    describe: '--stream: passes over the data',
  },
  forget: {
    type: 'number',
    above: 0,
    max: 1,
    default: 0.3,
    group: 'factorization',
    role: 'run',
    describe: '--stream: the share of its statistics a fit keeps over one pass (1: none forgotten)',
  },
  sweeps: {
    type: 'integer',
    min: 1,
    default: 10,
    group: 'factorization',
    role: 'run',
    describe: "--stream: HALS sweeps of a batch's W against H",
  },
} as const satisfies Record<string, NumberSpec>;

export type StreamOptions = { -readonly [K in keyof typeof STREAM_OPTIONS]: number };

/** Every streaming option with its default, each checked against its rule. */
export function resolveStreamOptions(given: Partial<StreamOptions>): StreamOptions {
  const out = {} as StreamOptions;
  for (const name of Object.keys(STREAM_OPTIONS) as (keyof StreamOptions)[]) {
    const spec: NumberSpec = STREAM_OPTIONS[name];
    out[name] = checkRule(kebabName(name), spec, given[name] ?? spec.default);
  }
  return out;
}
