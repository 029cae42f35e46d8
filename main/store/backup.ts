import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { tillError } from '../../src/errors';
import { openDatabase } from './database';
import { ledgerRowsBehind } from './ledger-projector';
import { TillStore } from './till-store';
import { verifyStore } from './verify';

/**
 * A consistent copy of a live database through SQLite's online backup API: the
 * till keeps selling while it runs, and the copy is one committed state.
 */
export async function backupStore(store: TillStore, destination: string): Promise<void> {
  await store.db.backup(destination);
}

/** Same, for an operator who has only the file path (the till may be running). */
export async function backupFile(source: string, destination: string): Promise<void> {
  const db = openDatabase(source, { readonly: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
}

/**
 * Restores a backup over `target` (the till must be stopped). The backup is verified
 * first; then the device starts a new epoch: entries of the old device id are kept as
 * that device's (now foreign) entries and the new id starts its own chain at 1, so no
 * (device, seq) pair is ever used twice, even for sales made after the backup was taken.
 */
export function restoreStore(
  backupPath: string,
  target: string,
): { previousDeviceId: string; deviceId: string } {
  if (!existsSync(backupPath)) {
    throw tillError('INVALID_INPUT', `找不到备份文件：${backupPath}`, `Backup file not found: ${backupPath}`);
  }
  const check = new TillStore(backupPath);
  const report = verifyStore(check.db, check.deviceId);
  check.close();
  if (!report.ok) {
    throw tillError(
      'INVALID_INPUT',
      '备份文件校验未通过，未恢复',
      'The backup fails verification; nothing was restored',
      {
        discrepancies: report.discrepancies.slice(0, 20),
      },
    );
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backupPath, target);
  const store = new TillStore(target);
  try {
    const previousDeviceId = store.deviceId;
    store.transaction(() => {
      retireJournal(store, previousDeviceId);
      store.startNewEpoch();
    });
    return { previousDeviceId, deviceId: store.deviceId };
  } finally {
    store.close();
  }
}

/** Moves the old epoch's journal into foreign_entries; the one place the append-only guard is lifted. */
function retireJournal(store: TillStore, deviceId: string): void {
  const db = store.db;
  db.exec('DROP TRIGGER journal_no_delete');
  db.prepare(
    `INSERT INTO foreign_entries (device_id, seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash)
     SELECT ?, seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash FROM journal ORDER BY seq`,
  ).run(deviceId);
  db.exec('DELETE FROM journal');
  db.exec(`CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: journal rows are append-only'); END`);
}

/**
 * Writes the ledger rows a file holds entries without (a copy or a crash taken between a
 * commit and its rows, decision 0483), by opening it as the store does; returns how many
 * entries had none.
 */
export function completeLedgerRows(path: string): number {
  const db = openDatabase(path, { readonly: true });
  let behind: number;
  try {
    behind = ledgerRowsBehind(db);
  } finally {
    db.close();
  }
  if (behind > 0) new TillStore(path).close();
  return behind;
}
