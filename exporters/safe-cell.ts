// A CSV/TSV cell of text that a spreadsheet would run as a formula (CSV injection: a file or document
// id "=HYPERLINK(…)" or "@SUM(…)" opened in Excel or LibreOffice) gets a single quote in front, as
// OWASP advises and papaparse's escapeFormulae does: the cell then reads as text. Only text cells:
// a number is never prefixed (-0.5 stays a number), and JSON, which no spreadsheet evaluates, is left
// as it is.

/** What a formula starts with, in OWASP's list: = + - @, and a tab or carriage return before them. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text, with a ' in front where a spreadsheet would take it for a formula. */
export const spreadsheetSafe = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);
