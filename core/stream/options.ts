// The options of a streaming fit, in the vocabulary of core's option table (options.ts). Defaults from
// the anchors: scikit-learn's MiniBatchNMF forgets 0.7 of its statistics per pass over the data
// (forget_factor) and gensim's Nmf reads chunks of 2,000 documents; batches here are larger because
// each costs a sweep of H (cols × k² work) whatever its size, and a few passes settle the topics.
import type { NumberSpec } from '../options.js';
import { checkRule, kebabName } from '../rules.js';

export const STREAM_OPTIONS = {
  batchSize: {
    type: 'integer',
    min: 1,
    default: 4096,
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
    default: 0.7,
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
