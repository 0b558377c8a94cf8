/**
 * Every CSV hotline writes (lead exports, report files) goes through csv-stringify, csv-parse's sibling, so quoting
 * is the library's and not a hand-rolled regex. Cells are defused on the way: a spreadsheet runs a cell that begins
 * with = + - @ (or a tab or carriage return) as a formula, so a lead named =HYPERLINK(…) in an uploaded list would
 * run on the manager's machine when the export is opened. Such a cell gets a leading ' (shown, not evaluated).
 * csv-stringify's own escape_formulas would also prefix every +86… number, so the rule is ours: an E.164 number,
 * whole or masked (+86138****8000), stays as it is.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const e164 = /^\+\d[\d*]{6,14}$/;

/** The text a spreadsheet will show rather than run. */
export function defuseFormula(s: string): string {
  return formulaStart.test(s) && !e164.test(s) ? `'${s}` : s;
}

/** Rows as CSV text, CRLF line ends, every string cell defused; null and undefined are empty cells. */
export function csvRows(rows: ReadonlyArray<readonly CsvCell[]>): string {
  // csv-stringify quotes a cell holding the record delimiter (\r\n) but not a lone \n or \r, which would split the row.
  return stringify(rows as CsvCell[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { string: defuseFormula } });
}
