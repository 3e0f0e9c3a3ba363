import test from 'ava';
import { csr, dense } from '../../core/index.js';
import { classesOf, parseTimeBins, periodsOf, timeOf, topicsByGroup } from '../../evaluate/index.js';
import { factorShares } from '../../exporters/index.js';

// W (3 documents × 2 topics), H (2 topics × 2 terms, row sums 2 and 2), X the documents' term weights
const W = dense(3, 2, Float32Array.from([1, 0, 1, 1, 0, 2]));
const H = dense(2, 2, Float32Array.from([1, 1, 0, 2]));
const X = csr(3, 2, Int32Array.from([0, 1, 3, 4]), Int32Array.from([0, 0, 1, 1]), Float32Array.from([3, 1, 4, 5]));
const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('per-group shares and words equal a hand computation', (t) => {
  const [A, B] = topicsByGroup(W, H, X, ['a', 'b'], ['A', 'A', 'B'], ['A', 'B'], 5);
  // masses W_dt·|H_t|: d0 (2, 0), d1 (2, 2), d2 (0, 4); all 10
  t.deepEqual([A.documents, B.documents], [2, 1]);
  t.true(close(A.topics[0].share, 4 / 10) && close(A.topics[1].share, 2 / 10));
  t.true(close(B.topics[0].share, 0) && close(B.topics[1].share, 4 / 10));
  t.true(close(A.topics[0].shareInGroup, 4 / 6) && close(A.topics[1].shareInGroup, 2 / 6));
  t.true(close(B.topics[1].shareInGroup, 1));
  // heaviest topic: d0 → 1, d1 a tie → the first, d2 → 2
  t.deepEqual([A.topics[0].documents, A.topics[1].documents, B.topics[1].documents], [2, 0, 1]);
  // words: X_dj split by W_dt·H_tj / (WH)_dj; (WH) = d0 (1, 1), d1 (1, 3), d2 (0, 4)
  t.deepEqual(
    A.topics[0].words.map((w) => w.word),
    ['a', 'b'],
  );
  t.true(close(A.topics[0].words[0].weight, 3 + 1) && close(A.topics[0].words[1].weight, 4 / 3));
  t.deepEqual(
    A.topics[1].words.map((w) => w.word),
    ['b'],
  );
  t.true(close(A.topics[1].words[0].weight, 8 / 3));
  t.true(close(B.topics[1].words[0].weight, 5));
  t.deepEqual(B.topics[0].words, []);
});

test("a topic's shares over the groups add up to its share of the whole", (t) => {
  const groups = topicsByGroup(W, H, X, ['a', 'b'], ['B', 'A', 'B'], ['A', 'B'], 5);
  const overall = factorShares(W, H);
  for (let k = 0; k < 2; k++) t.true(Math.abs(groups.reduce((s, g) => s + g.topics[k].share, 0) - overall[k]) < 1e-9);
  for (const g of groups)
    t.true(
      close(
        g.topics.reduce((s, p) => s + p.shareInGroup, 0),
        1,
      ),
    );
});

test('classes in name order, numbers by value, the unlabelled last', (t) => {
  const { group, order } = classesOf(['b', '10', '', '9', 'b']);
  t.deepEqual(order, ['9', '10', 'b', '(none)']);
  t.deepEqual(group, ['b', '10', '(none)', '9', 'b']);
});

test('dates: ISO 8601 days, months, years and times with zones, in UTC; impossible days refused', (t) => {
  t.is(timeOf('2024-03-05'), Date.UTC(2024, 2, 5));
  t.is(timeOf('2024/3/5'), Date.UTC(2024, 2, 5));
  t.is(timeOf('2024-03'), Date.UTC(2024, 2, 1));
  t.is(timeOf('1999'), Date.UTC(1999, 0, 1));
  t.is(timeOf('2024-03-05T10:30:00+01:00'), Date.UTC(2024, 2, 5, 9, 30));
  t.is(timeOf('2024-03-05 23:59:59.5Z'), Date.UTC(2024, 2, 5, 23, 59, 59, 500));
  t.is(timeOf('2024-02-30'), null);
  t.is(timeOf('2023-02-29'), null);
  t.is(timeOf('5 March 2024'), null);
});

test('periods: ISO weeks across new year, months in order, N equal spans', (t) => {
  const name = (i: number) => `row ${i + 1}`;
  // 2021-01-03 is a Sunday of 2020's week 53; 2024-12-30 a Monday of 2025's week 1
  t.deepEqual(periodsOf(['2021-01-03', '2021-01-04', '2024-12-30'], 'week', name).period, [
    '2020-W53',
    '2021-W01',
    '2025-W01',
  ]);
  const months = periodsOf(['2024-11-02', '', '2024-02-28', '2024-11-30'], 'month', name);
  t.deepEqual(months.period, ['2024-11', '(none)', '2024-02', '2024-11']);
  t.deepEqual(months.order, ['2024-02', '2024-11', '(none)']);
  t.deepEqual(periodsOf(['2024-05-06'], 'year', name).order, ['2024']);
  const spans = periodsOf(['2024-01-01', '2024-01-11', '2024-01-21'], 2, name);
  t.deepEqual(spans.period, ['2024-01-01..2024-01-11', '2024-01-11..2024-01-21', '2024-01-11..2024-01-21']);
  t.throws(() => periodsOf(['2024-01-01', 'soon'], 'month', name), { message: /^row 2: "soon" is not a date/ });
  t.is(parseTimeBins('Week'), 'week');
  t.is(parseTimeBins('12'), 12);
  t.throws(() => parseTimeBins('0'), { message: /--time-bins "0"/ });
  t.throws(() => parseTimeBins('quarter'), { message: /--time-bins "quarter"/ });
});
