// Whether lines read as documents (stdin with no format named) are a table's: `cat reviews.csv | latent
// topics -` would otherwise make the header and every row, ids and all columns, into documents.

/** Lines looked at past the header. */
const ROWS = 5;
/** A header's field: a short name, not a sentence; or "" (R's write.csv over its row names). */
const NAME = /^\s*(?:"?[\p{L}\p{N}_][\p{L}\p{N}_ .:/-]{0,63}"?|"")\s*$/u;

/** The column names when the first lines look like a CSV or TSV (a header of two or more short names,
 *  and as many delimiters in each row after it, at least two rows), else null. */
export function tableColumns(lines: readonly string[]): { delimiter: ',' | '\t'; columns: string[] } | null {
  if (lines.length < 3) return null;
  for (const delimiter of ['\t', ','] as const) {
    const columns = lines[0].split(delimiter);
    if (columns.length < 2 || !columns.every((c) => NAME.test(c)) || columns.every((c) => /^\s*[\d."]*\s*$/.test(c)))
      continue;
    const rows = lines.slice(1, 1 + ROWS);
    // a quoted field may hold the delimiter: as many or more fields than the header
    if (rows.every((r) => r.split(delimiter).length >= columns.length))
      return { delimiter, columns: columns.map((c) => c.trim().replace(/^"|"$/g, '')) };
  }
  return null;
}
