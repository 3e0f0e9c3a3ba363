// What papaparse reports about a row, as one line a user can act on. papaparse recovers from a broken
// quote or a ragged row by guessing (an unclosed quote swallows the rest of the file into one cell; a
// short row gets no text); latent refuses the row instead, so a result is never built on a guess.
import type Papa from 'papaparse';

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
