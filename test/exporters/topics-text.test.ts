// Topics as a person reads them: the largest share first, words only unless weights are asked for, and
// every line within the terminal's width, cut after a whole word.
import test from 'ava';
import type { Topic } from '../../exporters/index.js';
import { fitLine, topicsText } from '../../exporters/index.js';

const words = (list: string) => list.split(' ').map((word, i) => ({ word, weight: 0.4631547 / (i + 1) }));
const topics: Topic[] = [
  { topic: 1, share: 0.2, words: words('alpha beta gamma delta epsilon zeta eta theta iota kappa') },
  { topic: 2, share: 0.7, words: words('supercalifragilistic expialidocious words') },
  {
    topic: 3,
    share: 0.1,
    words: words('one two'),
    documents: [
      { document: 'mail/0042', share: 0.93, text: 'a long first line of a document that runs on past any terminal' },
    ],
  },
];

test('blocks by share, largest first; words without weights unless asked, then to 3 digits', (t) => {
  const text = topicsText(topics);
  t.deepEqual(
    [...text.matchAll(/^Topic (\d+) +([\d.]+)%/gm)].map((m) => [m[1], m[2]]),
    [
      ['2', '70.0'],
      ['1', '20.0'],
      ['3', '10.0'],
    ],
  );
  t.true(text.includes('\n  alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa\n'));
  const weighted = topicsText(topics, undefined, { weights: true });
  t.true(weighted.includes('\n  alpha (0.463), beta (0.232), gamma (0.154),'));
});

test("every line fits the width, cut after a whole word with …, and what is kept is the words' start", (t) => {
  for (const width of [24, 40, 80]) {
    const text = topicsText(
      topics,
      { npmi: 0.198, umass: -2.311, cv: 0.512, diversity: 0.95, top: 10, window: 10 },
      { width, weights: true },
    );
    for (const line of text.split('\n')) t.true([...line].length <= width, `${width}: "${line}"`);
    const alphaLine = text.split('\n').find((l) => l.startsWith('  alpha'))!;
    const kept = alphaLine
      .trim()
      .replace(/ …$/, '')
      .split(', ')
      .map((w) => w.replace(/,$/, ''));
    t.deepEqual(
      kept,
      topics[0].words.slice(0, kept.length).map((w) => `${w.word} (${w.weight.toPrecision(3)})`),
    );
    if (width < 80) t.true(alphaLine.endsWith(' …'));
  }
});

test('fitLine: whole pieces within the width, … where cut; a lone piece too long is cut inside', (t) => {
  t.is(fitLine(['ab', 'cd', 'ef'], ', ', 10), 'ab, cd, ef');
  t.is(fitLine(['ab', 'cd', 'ef'], ', ', 9), 'ab, cd, …');
  t.is(fitLine(['abcdefghij'], ', ', 5), 'abcd…');
  t.is(fitLine(['ab', 'cd'], ', '), 'ab, cd');
  // at every width: within it, whole pieces, and all of them when they fit
  const pieces = 'free money business people time company government grants web home'.split(' ');
  for (let width = 6; width <= 90; width++) {
    const line = fitLine(pieces, ', ', width);
    t.true([...line].length <= width, `${width}: ${line}`);
    const kept = line.replace(/,? ?…$/, '').split(', ');
    t.deepEqual(kept, pieces.slice(0, kept.length));
    t.is(line.endsWith('…'), pieces.join(', ').length > width, `${width}: ${line}`);
  }
});
