import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/** The print_jobs table (migration 0002): cheap inserts, one reader, no business data. */

/**
 * Where the queue's statements come from. The till passes its store, whose `sql` commits
 * pulled pages held open before a statement that writes (decision 0472): the queue writes
 * at any turn of the event loop, and a write on the raw connection would join the held
 * transaction and be lost with it. A bare database serves the printer's own tests and
 * the doctor's scratch file, where nothing is held.
 */
export type QueueDb = Database.Database | { sql(text: string): Statement };

export type JobKind = 'sale' | 'void' | 'return' | 'shift-summary' | 'test-page' | 'document';

export interface PrintJobRow {
  seq: number;
  id: string;
  created_at: number;
  kind: JobKind;
  payload_json: string;
  sale_id: string | null;
  reprint_of: string | null;
  state: 'pending' | 'sending' | 'done' | 'failed';
  attempts: number;
  last_error: string | null;
}

export class PrintQueue {
  private readonly stmts;

  constructor(db: QueueDb) {
    // The store's statements are asked of it at each use (a Map look-up), so each run passes its check of the hold.
    const prepare = 'sql' in db ? (text: string) => viaStore(db, text) : (text: string) => db.prepare(text);
    this.stmts = {
      insert: prepare(
        `INSERT INTO print_jobs (id, created_at, kind, payload_json, sale_id, reprint_of)
         VALUES (@id, @createdAt, @kind, @payload, @saleId, @reprintOf)`,
      ),
      oldestOpen: prepare(
        `SELECT * FROM print_jobs WHERE state IN ('pending', 'sending') ORDER BY seq LIMIT 1`,
      ),
      countOpen: prepare(`SELECT count(*) AS n FROM print_jobs WHERE state IN ('pending', 'sending')`),
      lastReceipt: prepare(
        `SELECT * FROM print_jobs WHERE kind IN ('sale', 'void', 'return') AND state <> 'failed' ORDER BY seq DESC LIMIT 1`,
      ),
      sending: prepare(
        `UPDATE print_jobs SET state = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE id = ?`,
      ),
      retry: prepare(
        `UPDATE print_jobs SET state = 'pending', last_error = ?, last_attempt_at = ? WHERE id = ?`,
      ),
      done: prepare(`UPDATE print_jobs SET state = 'done', printed_at = ?, last_error = NULL WHERE id = ?`),
      failed: prepare(`UPDATE print_jobs SET state = 'failed', last_error = ? WHERE id = ?`),
      recover: prepare(`UPDATE print_jobs SET state = 'pending' WHERE state = 'sending'`),
      prune: prepare(`DELETE FROM print_jobs WHERE state = 'done' AND printed_at < ?
        AND id NOT IN (SELECT reprint_of FROM print_jobs WHERE reprint_of IS NOT NULL)`),
      get: prepare(`SELECT * FROM print_jobs WHERE id = ?`),
    };
  }

  insert(job: {
    id: string;
    createdAt: number;
    kind: JobKind;
    payload: unknown;
    saleId: string | null;
    reprintOf: string | null;
  }): void {
    this.stmts.insert.run({ ...job, payload: JSON.stringify(job.payload) });
  }

  oldestOpen(): PrintJobRow | undefined {
    return this.stmts.oldestOpen.get() as PrintJobRow | undefined;
  }

  countOpen(): number {
    return (this.stmts.countOpen.get() as { n: number }).n;
  }

  lastReceipt(): PrintJobRow | undefined {
    return this.stmts.lastReceipt.get() as PrintJobRow | undefined;
  }

  get(id: string): PrintJobRow | undefined {
    return this.stmts.get.get(id) as PrintJobRow | undefined;
  }

  markSending(id: string, at: number): void {
    this.stmts.sending.run(at, id);
  }

  markRetry(id: string, error: string, at: number): void {
    this.stmts.retry.run(error, at, id);
  }

  markDone(id: string, at: number): void {
    this.stmts.done.run(at, id);
  }

  markFailed(id: string, error: string): void {
    this.stmts.failed.run(error, id);
  }

  /**
   * After a crash a job left 'sending' may or may not have come out; it goes again
   * (a torn or doubled receipt beats a missing one, and the clerk can see it).
   */
  recoverInterrupted(): void {
    this.stmts.recover.run();
  }

  pruneDone(before: number): void {
    this.stmts.prune.run(before);
  }
}

function viaStore(store: { sql(text: string): Statement }, text: string): Pick<Statement, 'run' | 'get'> {
  store.sql(text);
  return {
    run: (...params: unknown[]) => store.sql(text).run(...params),
    get: (...params: unknown[]) => store.sql(text).get(...params),
  };
}
