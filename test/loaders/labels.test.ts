import test from 'ava';
import { labelOf } from '../../loaders/text/labels.js';

const column = { name: 'class', flag: '--class-column' };

test('a label is one printable value: control characters become spaces, numbers and dates written out', (t) => {
  t.is(labelOf(' spam\nham\u001b[31m ', column, 'x'), 'spam ham [31m');
  t.is(labelOf(2024, column, 'x'), '2024');
  t.is(labelOf(new Date(Date.UTC(2024, 2, 5)), column, 'x'), '2024-03-05T00:00:00.000Z');
  t.is(labelOf(null, column, 'x'), '');
  t.throws(() => labelOf({ a: 1 }, column, 'f.jsonl:3'), {
    message: /^f\.jsonl:3: "class" \(--class-column\) holds an object/,
  });
});
