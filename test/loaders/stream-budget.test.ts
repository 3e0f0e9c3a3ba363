// A never-ending stream as a corpus: counted as it is read and refused in one line past its budget,
// having read only what the budget allows.
import test from 'ava';
import { Readable } from 'node:stream';
import { LatentError } from '../../core/index.js';
import { budgetedSink, defaultStreamBudget, forEachDocument, loadText, streamSource } from '../../loaders/index.js';
import { pieces } from '../helpers.js';

/** `yes hello world`: lines for ever, made only as they are asked for; `made` counts them. */
function endless(): { stream: Readable; made: () => number } {
  let made = 0;
  const stream = Readable.from(
    (function* () {
      for (;;) {
        made += 1000;
        yield Buffer.from('hello world\n'.repeat(1000));
      }
    })(),
  );
  return { stream, made: () => made };
}

test("a never-ending stream is refused in one line past its documents' budget, having read little more", async (t) => {
  const { stream, made } = endless();
  const counts: number[] = [];
  let taken = 0;
  const sink = budgetedSink(
    'stdin',
    () => {
      taken++;
    },
    (n) => counts.push(n),
    { documents: 50_000, bytes: 2 ** 40 },
  );
  const e = await t.throwsAsync(forEachDocument(streamSource(stream, 'stdin'), sink), { instanceOf: LatentError });
  t.regex(
    e!.message,
    pieces(
      /^stdin: 50,176 documents \(1 MiB\) read and it has not ended, past the 50,000 documents /,
      /latent can hold from a stream: /,
    ),
  );
  t.false(e!.message.includes('\n'));
  // refused at the first look past the budget (every 1024 documents), not after reading on
  t.is(taken, 50_175);
  t.true(made() < 50_176 + 70_000, `${made()} lines made`);
  t.deepEqual(counts.slice(0, 3), [1024, 2048, 3072]);
});

test('the byte budget refuses a stream of long lines; a stream within both budgets loads whole', async (t) => {
  const long = Readable.from(
    (function* () {
      for (;;) yield Buffer.from(`${'word '.repeat(200)}\n`);
    })(),
  );
  const e = await t.throwsAsync(
    forEachDocument(
      streamSource(long, 'fifo'),
      budgetedSink('fifo', () => {}, undefined, { documents: 1e9, bytes: 1 << 20 }),
    ),
    { instanceOf: LatentError },
  );
  t.regex(e!.message, /^fifo: 2,048 documents \(2 MiB\) read and it has not ended, past the 1 MiB latent can hold/);
  const budget = defaultStreamBudget();
  t.true(budget.documents > 1e6 && budget.bytes > 2 ** 26, 'the default holds a few million documents');
  const data = await loadText(
    streamSource(Readable.from([Buffer.from('apples pears\n'.repeat(3000))]), 'stdin'),
    { minDf: 1, maxDf: 1 },
    { progress: () => {} },
  );
  t.is(data.X.rows, 3000);
});
