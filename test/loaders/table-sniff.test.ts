// A table piped in as lines (`cat reviews.csv | latent topics -`) is refused with the --text-column
// hint; prose is not taken for a table.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { LatentError } from '../../core/index.js';
import { forEachDocument, streamSource } from '../../loaders/index.js';
import { tableColumns } from '../../loaders/text/table-sniff.js';

const stdin = (text: string, spec = {}) => streamSource(Readable.from([Buffer.from(text)]), 'stdin', spec);
const count = async (source: ReturnType<typeof stdin>) => {
  let n = 0;
  await forEachDocument(source, () => {
    n++;
  });
  return n;
};

// what R's write.csv(head(mtcars, 4)) and a reviews export look like
const reviews =
  'id,stars,body\n1,5,"Great phone, lasts all day"\n2,2,screen cracked in a week\n3,4,good value ' +
  'for the money\n4,1,"stopped working, no refund"\n5,5,love it\n';

test('a CSV on stdin without a format is refused in one line naming its columns and the text column', async (t) => {
  const e = await t.throwsAsync(count(stdin(reviews)), { instanceOf: LatentError });
  t.is(
    e!.message,
    'stdin looks like a CSV table (columns "id", "stars", "body"): name the column holding the text ' +
      'with --text-column (body?), or give --input-format lines to take each line as a document',
  );
  const tsv = await t.throwsAsync(count(stdin(reviews.replaceAll(',', '\t'))), { instanceOf: LatentError });
  t.regex(tsv!.message, /^stdin looks like a TSV table/);
  // R's write.csv(head(mtcars, 5)): its row names' column has the name ""
  const mtcars =
    '"","mpg","cyl"\n"Mazda RX4",21,6\n"Mazda RX4 Wag",21,6\n"Datsun 710",22.8,4\n"Hornet 4 ' +
    'Drive",21.4,6\n"Hornet Sportabout",18.7,8\n';
  t.regex(
    (await t.throwsAsync(count(stdin(mtcars))))!.message,
    /^stdin looks like a CSV table \(columns "", "mpg", "cyl"\)/,
  );
  // asked for: each line a document, the header too; or the table read as one
  t.is(await count(stdin(reviews, { inputFormat: 'lines' })), 6);
  t.is(await count(stdin(reviews, { textColumn: 'body' })), 5);
});

test('prose is not a table: the first lines of a few hundred man pages and short inputs pass', async (t) => {
  const dir = '/usr/share/man/man1';
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.gz'))
    .slice(0, 300);
  t.true(pages.length >= 100, "Debian's man pages are there to read");
  const flagged = pages.filter((f) =>
    tableColumns(
      gunzipSync(readFileSync(`${dir}/${f}`))
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim())
        .slice(0, 6),
    ),
  );
  t.deepEqual(flagged, []);
  t.is(tableColumns(['Hello, world', 'Goodbye, world']), null, 'two lines are too few to tell');
  t.is(await count(stdin('apples, pears and plums\nplums, then pears\nno commas here at all\nmore, text\n')), 4);
});
