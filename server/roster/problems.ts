import type { ProblemReason, RosterProblem } from '../../src/console/people';

/**
 * One thing wrong with a roster, where a person can find it in Excel (RosterProblem in
 * src/console/people.ts): the sheet row, 0 for the whole file, and the column letter.
 */
export type { ProblemReason, RosterProblem } from '../../src/console/people';

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function fileProblem(reason: ProblemReason, zh: string, en: string): RosterProblem {
  return { row: 0, column: '', header: '', reason, zh, en };
}
