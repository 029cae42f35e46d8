import type { LEDGER_TABLES, PointsRow } from '../../src/ledger';

export type Discrepancy =
  | { kind: 'chain'; detail: string; seq: number }
  | { kind: 'foreign-hash'; deviceId: string; seq: number }
  | { kind: 'bad-body'; deviceId: string; seq: number }
  | { kind: 'ledger-row'; table: string; detail: string }
  | { kind: 'balance'; householdId: string; stored: number; recomputed: number }
  | { kind: 'stock'; productId: string; shopId: string; stored: string; recomputed: string };

export interface VerifyReport {
  ok: boolean;
  entries: number;
  foreignEntries: number;
  households: number;
  stockLevels: number;
  discrepancies: Discrepancy[];
}

export type LedgerTable = (typeof LEDGER_TABLES)[number];

/** Entries read and compared at a time. */
export const CHUNK = 500;
export const MAX_REPORTED = 1000;

export type Report = (d: Discrepancy) => void;
export type TableCounts = Record<LedgerTable, number>;

/** A report that keeps the first MAX_REPORTED discrepancies in `into`. */
export function collect(into: Discrepancy[]): Report {
  return (d) => {
    if (into.length < MAX_REPORTED) into.push(d);
  };
}

/**
 * Balances recomputed from the derived points rows, valid while every stored points row
 * was found equal to its derived row (then, with the counts equal, the stored rows are
 * the derived rows and their sums are the same); otherwise SQL sums the stored rows.
 */
export class PointsSums {
  exact = true;
  /** Each household's running sum in a box: one map lookup per row, not a get and a set. */
  private readonly boxes = new Map<string, { sum: number }>();
  add(rows: PointsRow[]): void {
    for (const r of rows) this.addTo(r.household_id, r.amount);
  }
  addTo(householdId: string, amount: number): void {
    const box = this.boxes.get(householdId);
    if (box === undefined) this.boxes.set(householdId, { sum: amount });
    else box.sum += amount;
  }
  has(householdId: string): boolean {
    return this.boxes.has(householdId);
  }
  /** Each household with points rows and the sum of their amounts. */
  *entries(): IterableIterator<[string, number]> {
    for (const [householdId, box] of this.boxes) yield [householdId, box.sum];
  }
}
