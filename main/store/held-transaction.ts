import type { Statement } from 'better-sqlite3';
import { isTillError, type TillError, tillError } from '../../src/errors';
import type { Db } from './database';

/**
 * Pages are held only after the counter has been this long without a tap, a clerk's call
 * or an append: a clerk serving a queue uses it every few seconds, and then each page
 * commits on its own, as before decision 0471; an idle counter (a catch-up at night)
 * gets the hold.
 */
export const COUNTER_QUIET_MS = 30_000;

/**
 * The transaction the pull holds open between its pages (decisions 0471, 0472), on the
 * till's one connection. `hold(fn)` runs a page as a savepoint of it, so a commit rewrites
 * the household-keyed index pages once for several pages. The store calls `release()`
 * at each of its entry points that writes, so anything else that writes (a sale, a
 * setting, a screen's write) commits the held pages first and runs in its own
 * transaction; a read on the same connection sees the held pages and leaves them held.
 *
 * SQLite may roll the whole held transaction back by itself (a full disk or
 * max_page_count, an I/O error, no memory, in a page or in a statement run between pages).
 * Then the held pages are gone with their cursor, and the holder is told so with
 * `pagesNotStored` (decision 0457): by the `hold` whose page failed, else by its next
 * `hold` or `commit`, which write nothing. A later page never runs in autocommit as if
 * it were held, and a commit never returns as if it had stored them.
 */
export class HeldTransaction {
  /** True from `hold` until `commit`, or until another use of the store releases it. */
  private held = false;
  /** True while the holder's own work runs inside the held transaction. */
  private holding = false;
  /** Held pages lost while their holder was not running (a failed `release`): told at its next `hold` or `commit`. */
  private lost: TillError | null = null;
  /** When the counter last used the store (monotonic ms). */
  private counterUsedAt = Number.NEGATIVE_INFINITY;
  private readonly begin: Statement;
  private readonly commitStmt: Statement;
  private readonly rollback: Statement;

  constructor(
    private readonly conn: Db,
    /** Runs fn in a transaction of its own, or as a savepoint of the one open. */
    private readonly inTransaction: <T>(fn: () => T) => T,
    /** Written in a commit of its own before a hold opens: the till's own ledger rows, so the stock card runs in commit order. */
    private readonly beforeOpen: () => void,
  ) {
    this.begin = conn.prepare('BEGIN IMMEDIATE');
    this.commitStmt = conn.prepare('COMMIT');
    this.rollback = conn.prepare('ROLLBACK');
  }

  /**
   * Runs fn inside the held transaction, opening one if none is held; fn itself is a
   * savepoint, so if it throws only its work is undone and the pages before it stay held.
   * While the counter has been used within COUNTER_QUIET_MS, fn runs in a transaction of
   * its own, committed when it returns, so a sale in a queue waits at most for the one
   * page being applied. A kill before the commit loses the held pages with their cursor
   * (each page stores its cursor in its savepoint); the next pull asks again.
   */
  hold<T>(fn: () => T): T {
    this.throwIfLost();
    if (!this.held) {
      // Inside someone's transaction there is nothing to hold: fn is a savepoint of it.
      if (this.conn.inTransaction) return this.inTransaction(fn);
      this.beforeOpen();
      if (!this.counterQuietFor(COUNTER_QUIET_MS)) return this.inTransaction(fn);
      this.begin.run();
      this.held = true;
    }
    const outer = this.holding;
    this.holding = true;
    try {
      return this.inTransaction(fn);
    } catch (e) {
      // SQLite rolled back the whole held transaction under this page: the pages held before it went too.
      if (this.held && !this.conn.inTransaction) {
        this.held = false;
        throw pagesNotStored(e);
      }
      throw e;
    } finally {
      this.holding = outer;
    }
  }

  /** Throws what the holder has not been told yet: held pages lost in a failed `release`, or rolled back by SQLite since. */
  private throwIfLost(): void {
    if (this.held && !this.conn.inTransaction) {
      this.held = false;
      this.lost ??= pagesNotStored(null);
    }
    const lost = this.lost;
    this.lost = null;
    if (lost) throw lost;
  }

  /** Whether a held transaction is open (nothing that writes has used the store since `hold`). */
  get isOpen(): boolean {
    return this.held;
  }

  /**
   * Commits the held transaction, if one is open. If the held pages are not stored (the
   * commit failed and was rolled back, or SQLite had rolled them back already), or were
   * lost in a `release` since the last `hold`, it throws `pagesNotStored`.
   */
  commit(): void {
    this.throwIfLost();
    if (!this.held) return;
    this.held = false;
    try {
      this.commitStmt.run();
    } catch (e) {
      if (this.conn.inTransaction) this.rollback.run();
      throw pagesNotStored(e);
    }
  }

  /**
   * Another use of the store that writes: the held pages are committed first. A failure
   * does not stop that use; the held pages are gone with their cursor, and the holder is
   * told at its next `hold` or `commit` (the next pull asks again).
   */
  release(): void {
    if (!this.held || this.holding) return;
    try {
      this.commit();
    } catch (e) {
      this.lost = e as TillError;
      console.error(
        'pulled pages not committed; the next pull asks again / 拉取的数据未提交，下次同步重取:',
        (e as Error).message,
      );
    }
  }

  /**
   * The counter is in use (a card tapped, a call from the clerk's screen, an append): held
   * pages are committed now, at the tap, before the goods are scanned, and none are held
   * again until the counter has been quiet for COUNTER_QUIET_MS. So the sale that follows
   * never pays a held commit, only at most the one page being applied, as before 0471.
   */
  noteCounterUse(): void {
    this.counterUsedAt = performance.now();
    this.release();
  }

  /** Whether nothing at the counter has used the store for `ms` (hold asks it with COUNTER_QUIET_MS). */
  counterQuietFor(ms: number): boolean {
    return performance.now() - this.counterUsedAt >= ms;
  }
}

/** What the holder hears when its held pages were not stored; `cause`: SQLite's error, when known. */
function pagesNotStored(cause: unknown): TillError {
  const why = cause instanceof Error && !isTillError(cause) ? cause.message : null;
  return tillError(
    'TRANSACTION_ROLLED_BACK',
    `拉取的数据未保存：整个事务已回滚${why ? `（${why}）` : ''}，同步位置未前进，下次同步重新拉取`,
    `Pulled pages were not stored: the whole transaction was rolled back${why ? ` (${why})` : ''}; the sync cursor did not move, and the next sync pulls them again`,
    why ? { cause: why } : {},
  );
}
