// CSV as papaparse reads it, with two guards around it:
// - What papaparse reports about a row becomes one line a user can act on. papaparse recovers from a
//   broken quote or a ragged row by guessing (an unclosed quote swallows the rest of the file into one
//   cell; a short row gets no text); latent refuses the row instead, so a result is never built on a guess.
// - A budget per record. papaparse re-parses an unfinished record from its start at every chunk, so a
//   record of n bytes costs n²/chunk: the input comes in 1 MiB chunks (not 64 KiB), and a record over
//   MAX_LINE_BYTES is refused with its number before it costs minutes (an unclosed quote near the top of
//   a big file is the usual cause).
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import type Papa from 'papaparse';
import { dataError } from '../core/index.js';
import { PieceDecoder } from './encoding.js';
import { MAX_LINE_BYTES } from './lines.js';
import { openInput } from './open-input.js';

const CHUNK = 1 << 20;

/** What stands for a literal `"` of a TSV read without quoting, while papaparse reads it (a private-use
 *  character no text holds), put back by `unmaskQuotes`. */
const MASKED_QUOTE = '\uE000';

/** Whether a TSV's first bytes use `"` as quoting: no field that starts with one is malformed as a quoted
 *  field (closed by a `"` that a tab or a line end follows). TSV as IANA defines it and as `jq -r @tsv`,
 *  `cut` and spreadsheets' "text" export write it has no quoting: `"hello" said` is text. A field still
 *  open at the end of `head` leaves it undecided, unless `ended` says there is no more to look at: a
 *  quote that never closes (a header's `"title`) quotes nothing. */
export function tsvQuotes(head: string, ended = false): boolean | 'undecided' {
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== '"' || (i > 0 && head[i - 1] !== '\t' && head[i - 1] !== '\n')) continue;
    let j = i + 1;
    for (; j < head.length; j++)
      if (head[j] === '"') {
        if (head[j + 1] === '"') j++;
        else break;
      }
    if (j >= head.length) return ended ? false : 'undecided';
    const after = head[j + 1];
    if (after !== undefined && after !== '\t' && after !== '\n' && after !== '\r') return false;
    i = j;
  }
  return true;
}

/** papaparse's transformHeader for one parse: a repeated column name gets `_1`, `_2`… as papaparse's own
 *  renaming does (a later column already so named is renamed in turn: it cannot be known in advance),
 *  but here, so that papaparse never sees a repeat: it says "Duplicate headers found and renamed." on
 *  the console (under --quiet too), and a library module never prints. */
export function uniqueHeaders(transform: (name: string) => string = (name) => name): (name: string) => string {
  const seen = new Map<string, number>();
  return (raw) => {
    const name = transform(raw);
    const repeats = seen.get(name) ?? 0;
    seen.set(name, repeats + 1);
    if (repeats === 0) return name;
    let renamed = name;
    for (let n = repeats; seen.has(renamed); n++) renamed = `${name}_${n}`;
    seen.set(renamed, 1);
    return renamed;
  };
}

/** A field as its TSV holds it, once papaparse has read it with literal quotes masked. */
export const unmaskQuotes = (field: string): string =>
  field.includes(MASKED_QUOTE) ? field.replaceAll(MASKED_QUOTE, '"') : field;

/** The file (or stream) as papaparse should read it: 1 MiB chunks, each record within the budget;
 *  opened by openInput (gzip decompressed, binary refused), whose errors come out of the stream. A TSV
 *  (`tabs`) whose first MiB does not quote with `"` has its quotes masked as text (see tsvQuotes);
 *  the stream's `literalQuotes` then says so, from its first chunk on. */
export function csvInput(
  source: string | Readable,
  name: string,
  maxBytes = MAX_LINE_BYTES,
  tabs = false,
): Readable & { literalQuotes?: boolean } {
  let quoted = false,
    recordBytes = 0,
    records = 1;
  let literal: boolean | undefined;
  // each chunk is UTF-8 when it is valid UTF-8 (a character cut by its end carried to the next), else
  // Windows-1252, as lines files and folders are read: a Latin-1 letter past the first MiB is one too
  const decoder = new PieceDecoder();
  let held: string[] = [],
    heldLength = 0;
  // a TSV's first chunks, kept while tsvQuotes cannot yet tell whether it quotes (a field opened by a
  // quote and not closed within them): a quote still open after the first MiB quotes nothing, as one
  // never closed in a whole file does (a quoted TSV field, around a tab or a line break, is short)
  let undecided: { bufs: Buffer[]; text: string } | null = null;
  /** Counts records (refusing one over the budget) and hands text on in pieces of CHUNK at least. */
  const pass = (buf: Buffer, text: string, end: boolean): Error | string | null => {
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      // "" inside quotes toggles twice, so quote state needs no look-ahead
      if (b === 0x22 && !literal) quoted = !quoted;
      else if (b === 0x0a && !quoted) {
        records++;
        recordBytes = 0;
        continue;
      }
      if (++recordBytes > maxBytes) {
        const limit = maxBytes >= 2 ** 20 ? `${maxBytes / 2 ** 20} MiB` : `${maxBytes} bytes`;
        const unclosed = quoted ? ': a quoted field never closes' : '';
        return dataError(
          `${name}: record ${records} (counting the header) is longer than ${limit}${unclosed}; ` +
            `latent reads records up to that length`,
        );
      }
    }
    // handed on in pieces of CHUNK at least: a pipe's reads are 64 KiB, and papaparse re-parses an
    // unfinished record at every piece (a 70 MiB cell from a pipe took 55 s, n² over 64 KiB)
    held.push(literal ? text.replaceAll('"', MASKED_QUOTE) : text);
    heldLength += text.length;
    if (heldLength < CHUNK && !end) return null;
    const piece = held.join('');
    held = [];
    heldLength = 0;
    return piece;
  };
  /** Decides quoting once the first chunks tell (or the input ends), then passes what was kept. */
  const decide = (buf: Buffer, text: string, end: boolean): Error | string | null => {
    if (literal !== undefined) return pass(buf, text, end);
    const bufs = [...(undecided?.bufs ?? []), buf],
      head = (undecided?.text ?? '') + text;
    const quotes = tabs ? tsvQuotes(head, end || head.length >= CHUNK) : true;
    if (quotes === 'undecided') {
      undecided = { bufs, text: head };
      return null;
    }
    undecided = null;
    literal = guard.literalQuotes = quotes === false;
    return pass(Buffer.concat(bufs), head, end);
  };
  const guard: Transform & { literalQuotes?: boolean } = new Transform({
    readableHighWaterMark: CHUNK,
    transform(chunk: Buffer | string, _encoding, done) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const out = decide(buf, decoder.write(buf), false);
      if (out instanceof Error) return done(out);
      done(null, out ?? undefined);
    },
    flush(done) {
      const out = decide(Buffer.alloc(0), decoder.end(), true);
      if (out instanceof Error) return done(out);
      done(null, out ?? undefined);
    },
  });
  openInput(source, name).then(
    (input) => {
      input.on('error', (e: Error) => guard.destroy(e));
      input.pipe(guard);
    },
    (e: Error) => guard.destroy(e),
  );
  return guard.setEncoding('utf8');
}

const ADVICE: Record<string, string> = {
  MissingQuotes: 'a quoted field is never closed: a " opens it and no " ends it',
  InvalidQuotes: 'a quoted field has text after its closing quote: double a " inside quotes ("")',
  TooFewFields: 'the row has fewer fields than the header',
  TooManyFields: 'the row has more fields than the header (an unquoted delimiter inside a field?)',
};

/** The first problem papaparse found in a row, in words, or null. */
export function csvProblem(errors: readonly Papa.ParseError[]): string | null {
  // an undetectable delimiter is only a note: papaparse takes the comma, which a one-column file has too
  const e = errors.find((x) => x.code !== 'UndetectableDelimiter');
  if (!e) return null;
  return `${ADVICE[e.code] ?? e.message} (${e.message})`;
}
