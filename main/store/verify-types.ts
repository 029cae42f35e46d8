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
  readonly byHousehold = new Map<string, number>();
  add(rows: PointsRow[]): void {
    for (const r of rows)
      this.byHousehold.set(r.household_id, (this.byHousehold.get(r.household_id) ?? 0) + r.amount);
  }
}
