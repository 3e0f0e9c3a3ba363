import test from 'ava';
import { explainUnknown } from '../../cli/flag-suggestions.js';

const known = ['k', 'topics', 'stem', 'stop-words', 'min-df', 'max-df', 'max-terms', 'top', 'seed', 'max-iter'];
const explain = (message: string, argv: string[]) => explainUnknown(message, known, argv);

test('a slip of a letter or two gets the nearest flag; a far-off name none', (t) => {
  t.is(explain('Unknown argument: stemm', ['--stemm']), 'unknown flag --stemm: did you mean --stem?');
  t.is(explain('Unknown argument: mxa-df', ['--mxa-df']), 'unknown flag --mxa-df: did you mean --max-df?');
  t.is(explain('Unknown argument: tip', ['--tip']), 'unknown flag --tip: did you mean --top?');
  // two edits in a three-letter name are not a slip
  t.is(explain('Unknown argument: kx', ['--kx']), 'Unknown argument: kx');
  t.is(explain('Unknown argument: colour', ['--colour']), 'Unknown argument: colour');
});

test("another tool's spelling gets latent's flag; underscores get hyphens", (t) => {
  t.is(
    explain('Unknown arguments: n-components, nComponents', ['--n-components', '5']),
    "--n-components is another tool's name: latent's is -k",
  );
  t.is(
    explain('Unknown arguments: max_features, maxFeatures', ['--max_features', '9']),
    "--max_features is another tool's name: latent's is --max-terms",
  );
  t.is(explain('Unknown argument: min_df', ['--min_df', '2']), 'unknown flag --min_df: did you mean --min-df?');
});

test('a word after a switch is named as a value the switch does not take', (t) => {
  t.is(
    explain('Unknown argument: english', ['topics', 'c.txt', '--stop-words', 'english']),
    "--stop-words takes no value, so 'english' was read as an extra argument",
  );
});

test('several names: each its own advice; other messages pass through', (t) => {
  t.is(
    explain('Unknown arguments: stemm, colour', ['--stemm', '--colour']),
    'unknown flag --stemm: did you mean --stem?; unknown argument colour',
  );
  t.is(explain('Missing required argument: source', []), 'Missing required argument: source');
});
