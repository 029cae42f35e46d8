/**
 * A worker of verifyFileParallel (main/store/verify-parallel.ts): on its own read-only
 * connection, in one read transaction, it takes ranges of the till's own journal from
 * the shared counter until none is left, and sends back what it found in each.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database';
import { type RangeTask, takeRanges } from './verify-parallel';

const task = workerData as RangeTask;
const db = openDatabase(task.path, { readonly: true });
try {
  const results = db.transaction(() => {
    // The main thread pinned the journal's last entry in its snapshot. The journal is
    // append-only (triggers), so the same hash at the same seq here means this snapshot
    // holds the same entries up to it, and with them the same ledger rows.
    const pinned = db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(task.pin.seq);
    if (pinned !== task.pin.hash) throw new Error(`the journal changed under verify at seq ${task.pin.seq}`);
    return takeRanges(db, task);
  })();
  parentPort!.postMessage(results);
} finally {
  db.close();
}
