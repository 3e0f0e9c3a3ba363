// Output written in pieces is the output written whole: JSON with a streamed array, aligned text of
// a table that comes in one chunk.
import test from 'ava';
import { formatTable, jsonPieces, tableWriter } from '../../exporters/index.js';

test('an object with its array written in pieces is JSON.stringify(whole, null, 2)', (t) => {
  const rows = [
    { id: 'a', w: [1, 2] },
    { id: 'b "q"', w: [] },
    { id: 'c', w: [0.5] },
  ];
  for (const items of [rows, []]) {
    const p = jsonPieces({ command: 'x', columns: ['a', 'b'] }, 'rows');
    const text = items.map((r) => p.items([r])).join('') + p.end({ objective: 1.5, done: true });
    t.is(
      text,
      JSON.stringify({ command: 'x', columns: ['a', 'b'], rows: items, objective: 1.5, done: true }, null, 2) + '\n',
    );
  }
  const bare = jsonPieces({}, 'rows');
  t.is(bare.items([1]) + bare.end({}), JSON.stringify({ rows: [1] }, null, 2) + '\n');
});

test("aligned text given its rows in one chunk is the whole table's text; later chunks keep its widths", (t) => {
  const columns = ['document', 'topic', 'topic1'];
  const rows = [
    ['a', 1, 0.5],
    ['longer-name', 2, 0.125],
  ];
  const w = tableWriter(columns, 'text');
  t.is(w.rows(rows) + w.end(), formatTable({ columns, rows }, 'text'));
  const empty = tableWriter(columns, 'text');
  t.is(empty.end(), formatTable({ columns, rows: [] }, 'text'));
  const later = tableWriter(columns, 'text');
  const first = later.rows(rows),
    next = later.rows([['b', 1, 1]]);
  t.is(next.length, first.split('\n')[1].length + 1, "a later row has the first chunk's widths");
});
