import { LEDGER_TABLES } from '../../src/ledger';
import type { Db } from './database';
import { checkAcknowledgedHead, checkDevice, foreignChunks, ownChunks } from './verify-chain';
import { checkBalances, checkStock } from './verify-state';
import { collect, type Discrepancy, PointsSums, type TableCounts, type VerifyReport } from './verify-types';

export type { Discrepancy, VerifyReport } from './verify-types';

/**
 * Recomputes everything the store materialised from what it hashed: checks the
 * device chain (sequence and hashes), each foreign entry's hash, every ledger row
 * against the rows its journal entry stands for, each balance against the sum of
 * its points rows, and each stock level by replaying its moves in order.
 * Reads in chunks inside one read transaction, so memory stays flat at millions
 * of entries and a running till can keep selling meanwhile (WAL).
 * The journal side is verify-chain.ts, the ledger rows verify-rows.ts, balances and
 * stock verify-state.ts; verify-parallel.ts runs the same checks on every core.
 */
export function verifyStore(db: Db, deviceId: string): VerifyReport {
  const discrepancies: Discrepancy[] = [];
  const report = collect(discrepancies);
  const run = db.transaction(() => {
    const expected = emptyCounts();
    const sums = new PointsSums();
    const own = checkDevice(db, deviceId, ownChunks(db, deviceId), true, expected, report, sums);
    checkAcknowledgedHead(db, deviceId, own.last?.seq ?? 0, report);
    const entries = own.count;
    const foreignEntries = checkForeign(db, expected, report, sums);
    checkCounts(storedCounts(db), expected, report, sums);
    const households = checkBalances(db, sums, report);
    const stockLevels = checkStock(db, report);
    return { entries, foreignEntries, households, stockLevels };
  });
  const counts = run();
  return { ok: discrepancies.length === 0, ...counts, discrepancies };
}

export function emptyCounts(): TableCounts {
  return Object.fromEntries(LEDGER_TABLES.map((t) => [t, 0])) as TableCounts;
}

/** Each foreign device's entries (hashes, bodies, ledger rows), device by device. */
export function checkForeign(
  db: Db,
  expected: TableCounts,
  report: (d: Discrepancy) => void,
  sums: PointsSums,
): number {
  const devices = db
    .prepare('SELECT DISTINCT device_id FROM foreign_entries ORDER BY device_id')
    .pluck()
    .all() as string[];
  let count = 0;
  for (const device of devices) {
    count += checkDevice(db, device, foreignChunks(db, device), false, expected, report, sums).count;
  }
  return count;
}

export function storedCounts(db: Db): TableCounts {
  return Object.fromEntries(
    LEDGER_TABLES.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
  ) as TableCounts;
}

/** Each table's stored row count against the rows the journal stands for. */
export function checkCounts(
  stored: TableCounts,
  expected: TableCounts,
  report: (d: Discrepancy) => void,
  sums: PointsSums,
): void {
  for (const table of LEDGER_TABLES) {
    if (stored[table] !== expected[table]) {
      if (table === 'points_entries') sums.exact = false;
      report({
        kind: 'ledger-row',
        table,
        detail: `${stored[table]} rows stored, ${expected[table]} in the journal`,
      });
    }
  }
}
