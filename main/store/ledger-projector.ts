import type { Statement } from 'better-sqlite3';
import { deriveLedgerRows, LEDGER_TABLES } from '../../src/ledger';
import type { Db } from './database';
import type { Materialiser } from './materialise';
import { type EntryRow, entryFromRow } from './rows';

/** settings key: the last own journal seq whose ledger rows are written (migration 12). */
const PROJECTED_THROUGH = 'ledger.projected_through';
/** Entries per projection transaction: a crash-left backlog is written in bounded steps. */
const PROJECTION_CHUNK = 2000;

/** A SQL text that reads a table the projector writes; no view or trigger reads them (migrations). */
export const NAMES_LEDGER_TABLE = new RegExp(`\\b(${[...LEDGER_TABLES, 'stock_ledger'].join('|')})\\b`, 'i');

/**
 * The ledger rows of the till's own entries, written after each entry's commit (decision
 * 0483): on the next turn of the event loop, or at once when something is about to read
 * them (`catchUp`), in journal order, in transactions of PROJECTION_CHUNK entries that also
 * move the mark. Their commits are durable like any other: with synchronous=NORMAL the next
 * sale's fsync carried their frames, at a cost to that sale. Inside a caller's transaction
 * the rows join it, and the mark is checked again next time in case it rolls back.
 */
export class LedgerProjector {
  /** Journal entries may be committed whose ledger rows are not written yet. */
  private behind = true;
  private scheduled = false;
  private readonly through: Statement;
  private readonly setThrough: Statement;
  private readonly journalAfter: Statement;

  constructor(
    private readonly db: Db,
    private readonly materialiser: Materialiser,
    private readonly deviceId: () => string,
    private readonly inTransaction: <T>(fn: () => T) => T,
  ) {
    this.through = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.setThrough = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
    this.journalAfter = db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  /** An entry was appended: its rows are due, and written after the answer. */
  due(): void {
    this.behind = true;
    this.schedule();
  }

  /** A new device epoch: its chain starts again, and whatever the journal holds has its rows. */
  restartAt(seq: number): void {
    this.setThrough.run(JSON.stringify(seq), PROJECTED_THROUGH);
  }

  /** Writes every due row now. */
  catchUp(): void {
    if (!this.behind) return;
    const outer = !this.db.inTransaction;
    // No recursion: reading the journal below goes through this class's statements only.
    this.behind = false;
    try {
      let more = true;
      while (more) {
        more = this.inTransaction(() => {
          const through = JSON.parse(this.through.get(PROJECTED_THROUGH) as string) as number;
          const rows = this.journalAfter.all(through, PROJECTION_CHUNK) as EntryRow[];
          const deviceId = this.deviceId();
          for (const row of rows) this.materialiser.project(deriveLedgerRows(entryFromRow(row, deviceId)));
          if (rows.length > 0) this.setThrough.run(JSON.stringify(rows.at(-1)!.seq), PROJECTED_THROUGH);
          return rows.length === PROJECTION_CHUNK;
        });
      }
      if (!outer) this.due();
    } catch (e) {
      this.behind = true;
      throw e;
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.db.open || this.db.inTransaction) return;
      try {
        this.catchUp();
      } catch (e) {
        // Left behind: the next read writes them, or reports why it cannot.
        console.error('ledger rows not written yet / 账页暂未写入:', (e as Error).message);
      }
    });
  }
}

/**
 * How many of the till's own entries a file holds without their ledger rows: what a run
 * stopped between a commit and its rows left; opening the store writes them.
 */
export function ledgerRowsBehind(db: Db): number {
  const mark = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(PROJECTED_THROUGH) as
    | string
    | undefined;
  if (mark === undefined) return 0;
  return db.prepare('SELECT count(*) FROM journal WHERE seq > ?').pluck().get(JSON.parse(mark)) as number;
}
