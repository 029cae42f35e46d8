/**
 * One thing wrong with a roster, where a person can find it in Excel: the sheet row
 * (1-based, as Excel numbers it; 0 for the file as a whole) and the column letter
 * with its header. Every problem carries both languages.
 */
export interface RosterProblem {
  row: number;
  /** 'C' … ; '' for a whole row or the whole file. */
  column: string;
  /** The column's header text as it is in the file. */
  header: string;
  reason: ProblemReason;
  zh: string;
  en: string;
}

export type ProblemReason =
  | 'too-large'
  | 'empty-file'
  | 'wrong-encoding'
  | 'old-excel'
  | 'unreadable'
  | 'no-header'
  | 'unmapped'
  | 'empty-cell'
  | 'merged-cell'
  | 'unknown-village'
  | 'duplicate-number'
  | 'too-long'
  | 'bad-points';

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
