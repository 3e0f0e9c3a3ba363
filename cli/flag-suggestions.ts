// What to say about a flag yargs does not know: the flag latent has for another tool's spelling
// (scikit-learn's n_components is -k), the same name with hyphens for underscores, or the nearest flag by
// edit distance; and, for a bare word after a switch (`--stop-words english`), that the switch takes no
// value. One line, as every usage error.
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance.js';

/** Other tools' option names (scikit-learn, gensim, MALLET), hyphenated, and latent's flag for each. */
const PEER_NAMES: Record<string, string> = {
  'n-components': 'k',
  'n-topics': 'k',
  'num-topics': 'k',
  'max-features': 'max-terms',
  'random-state': 'seed',
  'random-seed': 'seed',
  'ngram-range': 'ngrams',
  solver: 'method',
  'beta-loss': 'loss',
  'alpha-w': 'l1-w',
  'alpha-h': 'l1-h',
  iterations: 'max-iter',
  'num-iterations': 'max-iter',
  passes: 'epochs',
  chunksize: 'batch-size',
  'forget-factor': 'forget',
  'output-doc-topics': 'doc-topics',
  'output-topic-keys': 'topic-words',
  'num-top-words': 'top',
};

const flag = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

/** The nearest of `known` to `name`, if near enough to be a slip (at most two edits, fewer than half
 *  its letters). */
function nearest(name: string, known: string[]): string | null {
  let best: string | null = null,
    distance = Infinity;
  for (const k of known) {
    const d = DamerauLevenshteinDistance(name, k);
    if (d < distance) [best, distance] = [k, d];
  }
  return distance <= 2 && distance < name.length / 2 ? best : null;
}

/** The advice for one unknown name, or null. */
function adviceFor(name: string, known: string[], argv: string[]): string | null {
  const at = argv.indexOf(name);
  if (at > 0 && argv[at - 1].startsWith('--') && known.includes(argv[at - 1].slice(2)))
    return `${argv[at - 1]} takes no value, so '${name}' was read as an extra argument`;
  const spelled = name.toLowerCase().replace(/_/g, '-');
  const peer = PEER_NAMES[spelled];
  if (peer && known.includes(peer)) return `${flag(name)} is another tool's name: latent's is ${flag(peer)}`;
  const near = known.includes(spelled) ? spelled : nearest(spelled, known);
  return near ? `unknown flag ${flag(name)}: did you mean ${flag(near)}?` : null;
}

/** yargs' "Unknown argument(s): a, b" with advice for each name where there is some; any other message
 *  as it was. `known`: the command's option names; `argv`: the arguments as typed. */
export function explainUnknown(message: string, known: string[], argv: string[]): string {
  const m = /^Unknown arguments?: (.*)$/.exec(message.trim());
  if (!m) return message;
  const names = m[1].split(', ');
  // yargs lists a flag's camel-case twin too (n-components, nComponents): one is enough
  const typed = names.filter((n) => !/[A-Z]/.test(n) || !names.some((o) => o !== n && camel(o) === n));
  const advice = typed.map((n) => adviceFor(n, known, argv));
  if (advice.every((a) => a === null)) return `${m[0].split(':')[0]}: ${typed.join(', ')}`;
  return typed.map((n, i) => advice[i] ?? `unknown argument ${n}`).join('; ');
}

const camel = (s: string) => s.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
