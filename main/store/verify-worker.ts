/**
 * One seq range of the till's own journal, checked on its own read-only connection in
 * one read transaction (main/store/verify-parallel.ts starts it): every entry's hash and
 * body, the chain inside the range, every ledger row the range's entries stand for, and
 * the range's points sums. The link into the range (its first entry's seq and prevHash)
 * is left to the main thread, which knows where the range before it ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LEDGER_TABLES } from '../../src/ledger';
import { openDatabase } from './database';
import {
  CHUNK,
  checkDevice,
  type Discrepancy,
  MAX_REPORTED,
  PointsSums,
  RAW_COLUMNS,
  type RawEntryRow,
  type TableCounts,
} from './verify';
import type { RangeResult, RangeTask } from './verify-parallel';

const task = workerData as RangeTask;
const db = openDatabase(task.path, { readonly: true });
try {
  const result = db.transaction((): RangeResult => {
    // The main thread pinned the journal's last entry in its snapshot. The journal is
    // append-only (triggers), so the same hash at the same seq here means this snapshot
    // holds the same entries up to it, and with them the same ledger rows.
    const pinned = db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(task.pin.seq);
    if (pinned !== task.pin.hash) throw new Error(`the journal changed under verify at seq ${task.pin.seq}`);
    const discrepancies: Discrepancy[] = [];
    const expected = Object.fromEntries(LEDGER_TABLES.map((t) => [t, 0])) as TableCounts;
    const sums = new PointsSums();
    const chunk = db
      .prepare(`SELECT ${RAW_COLUMNS} FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`)
      .raw();
    const ends = checkDevice(
      db,
      task.deviceId,
      (after) => chunk.all(after, task.to, CHUNK) as RawEntryRow[],
      true,
      expected,
      (d) => {
        if (discrepancies.length < MAX_REPORTED) discrepancies.push(d);
      },
      sums,
      task.after,
      false,
    );
    return { ...ends, expected, sumsExact: sums.exact, sums: [...sums.byHousehold], discrepancies };
  })();
  parentPort!.postMessage(result);
} finally {
  db.close();
}
