/**
 * One CSV cell, quoted when needed and safe to open in Excel or WPS: text that starts
 * with = + - @ (or a tab / carriage return) would run as a formula there (formula
 * injection through a household's address or a shop's name), so it gets a leading
 * apostrophe, which the spreadsheet shows as plain text. Plain numbers and a lone "-"
 * placeholder stay as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s) && s !== '-' && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
