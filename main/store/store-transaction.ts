import type { Statement } from 'better-sqlite3';
import { tillError } from '../../src/errors';
import type { Db } from './database';

/**
 * The store's IMMEDIATE transaction and its savepoints, on statements prepared once
 * (decision 0485), and the guard that lets an append run in place (decision 0462): an
 * append directly in the outermost frame of a transaction this store began runs without
 * a savepoint of its own, so one that fails after it began writing tears the transaction,
 * which then only rolls back, whatever its caller caught.
 */
export class StoreTransaction {
  /** Frames open now, and whether the outermost of them began the transaction. */
  private depth = 0;
  private beganHere = false;
  /** The first failure of an append in place that had written, in the transaction open now. */
  private torn: { error: unknown } | null = null;
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackTo: Statement;

  constructor(private readonly conn: Db) {
    this.begin = conn.prepare('BEGIN IMMEDIATE');
    this.commit = conn.prepare('COMMIT');
    this.rollback = conn.prepare('ROLLBACK');
    this.savepoint = conn.prepare('SAVEPOINT till_store');
    this.release = conn.prepare('RELEASE till_store');
    this.rollbackTo = conn.prepare('ROLLBACK TO till_store');
  }

  /** Runs fn in a transaction, or as a savepoint of the one open; a torn transaction rolls back with its tear's error. */
  run<T>(fn: () => T): T {
    const nested = this.conn.inTransaction;
    // A frame of ours is open and SQLite holds no transaction: it rolled the whole one back
    // under the caller. Beginning one here would commit this work on its own.
    if (!nested && this.depth > 0) throw rolledBack();
    (nested ? this.savepoint : this.begin).run();
    const outer = this.beganHere;
    if (!nested) {
      this.beganHere = true;
      this.torn = null;
    } else if (this.depth === 0) this.beganHere = false;
    this.depth++;
    try {
      const result = fn();
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
      // A caller caught an append that failed halfway: none of this transaction may commit.
      if (!nested && this.torn) throw this.torn.error;
      // Else COMMIT or RELEASE would say only, in English, that there is nothing to end.
      if (!this.conn.inTransaction) throw rolledBack();
      (nested ? this.release : this.commit).run();
      return result;
    } catch (e) {
      // A failed COMMIT may have rolled back already; only undo what is still open.
      if (this.conn.inTransaction) {
        if (nested) {
          this.rollbackTo.run();
          this.release.run();
        } else this.rollback.run();
      }
      throw e;
    } finally {
      this.depth--;
      if (!nested) this.torn = null;
      this.beganHere = outer;
    }
  }

  /**
   * Whether an append may run in place now: directly in the outermost frame of a
   * transaction this store began and SQLite still holds. If SQLite rolled that whole
   * transaction back (a full disk, an I/O error, a trigger's ROLLBACK, a caller's statement
   * ON CONFLICT ROLLBACK), this throws the tear's error, or says the transaction was rolled
   * back: an append now would write outside any transaction, for a caller whose
   * transaction is gone. Deeper frames are refused by `run` alike.
   */
  appendsInPlace(): boolean {
    if (this.depth !== 1 || !this.beganHere) return false;
    if (this.conn.inTransaction) return true;
    throw this.torn ? this.torn.error : rolledBack();
  }

  /** An append in place failed after something was written: this transaction can only roll back. */
  tear(error: unknown): void {
    this.torn ??= { error };
  }
}

/** What a frame of a transaction SQLite rolled back whole says: to its appends, and at its end. */
function rolledBack() {
  return tillError(
    'TRANSACTION_ROLLED_BACK',
    '数据库已回滚整个事务，本次操作未保存任何内容，请重试',
    'The database rolled the whole transaction back; nothing of this operation was saved. Try again',
  );
}
