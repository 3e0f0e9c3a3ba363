import test from 'ava';
import { dense } from '../../core/index.js';
import { jensenShannon, principalCoordinates, topicHierarchy } from '../../evaluate/index.js';

test("Jensen–Shannon divergence of H's rows equals a hand computation", (t) => {
  // rows (1, 0), (1, 1) → (½, ½), (0, 2) → (0, 1), (2, 0) → (1, 0)
  const D = jensenShannon(dense(4, 2, Float32Array.from([1, 0, 1, 1, 0, 2, 2, 0])));
  const hand = 0.5 * Math.log(1 / 0.75) + 0.5 * (0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25));
  t.true(Math.abs(D[0][1] - hand) < 1e-12);
  t.true(Math.abs(D[0][2] - Math.log(2)) < 1e-12, 'no common term: ln 2');
  t.is(D[0][3], 0, 'rows of the same shape');
  t.is(D[1][0], D[0][1]);
});

test('classical MDS gives back the distances of points in a plane', (t) => {
  const points = [
    [0, 0],
    [3, 0],
    [0, 4],
    [1, 1],
    [-2, 5],
  ];
  const D = points.map((p) => points.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
  const xy = principalCoordinates(D);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      t.true(Math.abs(Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]) - D[i][j]) < 1e-9, `${i}, ${j}`);
    }
});

test('the hierarchy joins alike topics first and orders the leaves so they sit together', (t) => {
  // topics 1 and 3 alike, 2 and 4 alike
  const H = dense(4, 4, Float32Array.from([5, 1, 0, 0, 0, 0, 5, 1, 5, 1.2, 0, 0, 0, 0, 5, 2]));
  const { joins, order } = topicHierarchy(H);
  t.is(joins.length, 3);
  t.deepEqual([joins[0].a, joins[0].b].map((c) => c.join()).sort(), ['0', '2']);
  t.deepEqual([joins[1].a, joins[1].b].map((c) => c.join()).sort(), ['1', '3']);
  t.deepEqual([...order].sort(), [0, 1, 2, 3]);
  t.is(Math.abs(order.indexOf(0) - order.indexOf(2)), 1);
  t.is(Math.abs(order.indexOf(1) - order.indexOf(3)), 1);
  t.true(joins[0].height < 0.01 && joins[2].height > 0.9);
});
