import type { Statement } from 'better-sqlite3';
import { businessDate, type Clock, systemClock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { JournalEntry, UnchainedEntry } from '../../src/journal';
import { deriveStateRows } from '../../src/ledger';
import { chainEntry } from './chain-entry';
import { type Db, migrate, openDatabase } from './database';
import { invalid, validateEntry } from './entry-validation';
import { checkForeign } from './foreign-check';
import { ForeignPageWriter } from './foreign-page';
import { HeldTransaction } from './held-transaction';
import { LedgerProjector, NAMES_LEDGER_TABLE } from './ledger-projector';
import { Materialiser } from './materialise';
import { type EntryRow, entryFromRow } from './rows';
import { StoreTransaction } from './store-transaction';

export interface OpenStoreOptions {
  clock?: Clock;
  /** Business time zone; a township setting. */
  timeZone?: string;
}

/**
 * The till's single writer over its SQLite file. Every business event goes through
 * `append`, which validates it, chains it into the device journal and updates the state
 * the next checks read (balances, stock levels, card and household state) in one durable
 * transaction; ledger tables refuse UPDATE and DELETE themselves.
 *
 * The entry's ledger rows (sales, points and stock rows, the stock card) are derived from
 * the journal and written just after the commit, on the next turn of the event loop, so
 * the clerk's answer does not wait for them (decision 0483). `db`, `transaction` and an
 * `sql` text that names a ledger table write any still missing first, and opening the
 * store writes what a crash left: nothing reads a ledger table behind the journal.
 */
export class TillStore {
  private readonly conn: Db;
  readonly clock: Clock;
  readonly path: string;
  private readonly materialiser: Materialiser;
  private readonly stmts: {
    head: Statement;
    headAndTaken: Statement;
    totalChanges: Statement;
    insertJournal: Statement;
    journalAfter: Statement;
    getSetting: Statement;
    setSetting: Statement;
    balance: Statement;
  };
  /** The transaction, its savepoints, and the guard of the append in place (decisions 0485, 0462). */
  private readonly tx: StoreTransaction;
  private readonly projector: LedgerProjector;
  /** Pulled pages: their foreign_entries rows written together (decision 0497). */
  private readonly foreignPages: ForeignPageWriter;
  /** The transaction the pull holds open between its pages (decisions 0471, 0472). */
  private readonly held: HeldTransaction;
  private cachedDeviceId: string | null = null;
  private readonly statementCache = new Map<
    string,
    { stmt: Statement; readsLedger: boolean; reads: boolean }
  >();
  private timeZone: string;

  constructor(path: string, options: OpenStoreOptions = {}) {
    this.path = path;
    this.clock = options.clock ?? systemClock;
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
    const db = openDatabase(path);
    this.conn = db;
    try {
      migrate(db, path);
    } catch (e) {
      db.close();
      throw e;
    }
    this.stmts = {
      head: db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
      insertJournal: db.prepare(
        `INSERT INTO journal (seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // The journal head and whether the new entry's id is taken, in one statement (decision 0462).
      headAndTaken: db
        .prepare(
          `SELECT (SELECT seq FROM journal ORDER BY seq DESC LIMIT 1) AS seq,
             (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1) AS hash,
             EXISTS (SELECT 1 FROM journal WHERE id = ?) OR EXISTS (SELECT 1 FROM foreign_entries WHERE id = ?) AS taken,
             total_changes() AS changes`,
        )
        .raw(),
      journalAfter: db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?'),
      totalChanges: db.prepare('SELECT total_changes()').pluck(),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      balance: db.prepare('SELECT balance FROM balances WHERE household_id = ?').pluck(),
    };
    this.tx = new StoreTransaction(db);
    this.materialiser = new Materialiser(db);
    this.held = new HeldTransaction(
      db,
      (fn) => this.tx.run(fn),
      () => this.projector.catchUp(),
    );
    this.foreignPages = new ForeignPageWriter(db, this.materialiser);
    if (this.getSetting<string>('device.id') === null) this.setSetting('device.id', newId(this.clock));
    this.projector = new LedgerProjector(
      db,
      this.materialiser,
      () => this.deviceId,
      (fn) => {
        this.held.release();
        return this.tx.run(fn);
      },
    );
    // What a crash between a commit and its rows left.
    this.projector.catchUp();
  }

  /** The database, with every committed entry's ledger rows written. */
  get db(): Db {
    this.held.release();
    this.projector.catchUp();
    return this.conn;
  }

  get deviceId(): string {
    this.cachedDeviceId ??= this.getSetting<string>('device.id');
    return this.cachedDeviceId!;
  }

  /** Starts a new device epoch (after a restore): a new id so no sequence number is reused. */
  startNewEpoch(): string {
    this.held.release();
    this.projector.catchUp();
    const previous = this.deviceId;
    const next = newId(this.clock);
    this.setSetting('device.previous_id', previous);
    this.setSetting('device.id', next);
    this.cachedDeviceId = next;
    this.projector.restartAt(this.lastSeq());
    return next;
  }

  /**
   * A prepared statement, made once per SQL text (use one mode, e.g. pluck, per text).
   * A text that names a ledger table first has every committed entry's rows written; one
   * over master data and materialised state does not wait for them (the checks of a sale).
   * A statement that writes commits the pulled pages held open first; one that only reads
   * (SQLite says it returns rows and writes nothing) leaves them held and sees them, on this
   * one connection, as whole pages (decision 0472): the screen's heartbeat reads the journal
   * every 2 s and would otherwise cut every hold short.
   */
  sql(text: string): Statement {
    let cached = this.statementCache.get(text);
    if (!cached) {
      const stmt = this.conn.prepare(text);
      cached = { stmt, readsLedger: NAMES_LEDGER_TABLE.test(text), reads: stmt.reader && stmt.readonly };
      this.statementCache.set(text, cached);
    }
    const heldRead = cached.reads && this.held.isOpen;
    if (!heldRead) this.held.release();
    // Inside a hold no own entry's rows are due: a hold opens after they are written, and an append commits it first.
    if (cached.readsLedger && !heldRead) this.projector.catchUp();
    return cached.stmt;
  }

  getSetting<T>(key: string): T | null {
    const v = this.stmts.getSetting.get(key) as string | undefined;
    return v === undefined ? null : (JSON.parse(v) as T);
  }

  setSetting(key: string, value: unknown): void {
    this.held.release();
    this.stmts.setSetting.run(key, JSON.stringify(value));
  }

  /**
   * Runs fn in an IMMEDIATE transaction (one writer; nested calls become savepoints).
   * The same steps as better-sqlite3's `db.transaction(fn).immediate()`, on statements
   * prepared once: that call builds four wrapped functions per use, a measurable share
   * of a sale's CPU (decision 0485).
   */
  transaction<T>(fn: () => T): T {
    this.held.release();
    this.projector.catchUp();
    return this.tx.run(fn);
  }

  /** Runs fn, one pull page, in the held transaction, or in its own while the counter is in use (HeldTransaction.hold). */
  holdOpen<T>(fn: () => T): T {
    return this.held.hold(fn);
  }

  /** Commits the pulled pages held open, if any (HeldTransaction.commit). */
  commitHeld(): void {
    this.held.commit();
  }

  /** Whether pulled pages are held open. */
  get holdsOpen(): boolean {
    return this.held.isOpen;
  }

  /** A tap, a clerk's call or an append: what is held is committed now, and nothing is held for a while. */
  noteCounterUse(): void {
    this.held.noteCounterUse();
  }

  /** Whether nothing at the counter has used the store for `ms`. */
  counterQuietFor(ms: number): boolean {
    return this.held.counterQuietFor(ms);
  }

  now(): number {
    return this.clock.now();
  }

  businessDate(ms = this.clock.now()): string {
    return businessDate(ms, this.timeZone);
  }

  /**
   * Entries are dated in the township's zone, the one the server closes months in and the
   * till's windows and receipts use; the till context sets it from the master data.
   */
  setTimeZone(timeZone: string): void {
    this.timeZone = timeZone;
  }

  /** A header for a new entry written now by this device. */
  header(clerkId: string | null, id = newId(this.clock)) {
    const at = this.clock.now();
    return { id, deviceId: this.deviceId, at, businessDate: this.businessDate(at), clerkId };
  }

  /**
   * Appends one entry to the device journal and updates the state it moves, atomically
   * and durably; its ledger rows follow (see the class comment).
   */
  append(input: UnchainedEntry): JournalEntry {
    return this.appendNext(input.id, () => input);
  }

  /**
   * append, for an entry that names its own sequence number (a sale's receipt number):
   * `make` is handed it from the journal head the append reads anyway (decision 0461).
   * `id` is the entry's id, asked for with the head (decision 0462); `make` must give it.
   */
  appendNext(id: string, make: (seq: number) => UnchainedEntry): JournalEntry {
    this.noteCounterUse();
    // Directly inside a transaction this store began, the append needs no savepoint of its
    // own (decision 0462): if it fails after it began writing, that transaction is torn and
    // can only roll back, so a caller who catches the failure cannot commit half of it.
    if (this.tx.appendsInPlace()) return this.appendIn(id, make, true);
    return this.tx.run(() => this.appendIn(id, make, false));
  }

  /** The append's work, in the transaction open now; `inPlace`: no savepoint of its own undoes a failure. */
  private appendIn(id: string, make: (seq: number) => UnchainedEntry, inPlace: boolean): JournalEntry {
    // String(): an id that is no text is refused by validateEntry, after this read, as before.
    // total_changes(): whether make wrote (an append of its own), should the entry be refused.
    const [last, prevHash, taken, changes] = this.stmts.headAndTaken.get(String(id), String(id)) as [
      number | null,
      string | null,
      number,
      number,
    ];
    const seq = (last ?? 0) + 1;
    let entry: UnchainedEntry;
    let bodyText: string | null;
    try {
      ({ entry, bodyText } = validateEntry(make(seq)));
      if (entry.deviceId !== this.deviceId) {
        throw tillError('INVALID_INPUT', '条目不属于本设备', 'Entry does not belong to this device', {
          deviceId: entry.deviceId,
        });
      }
      if (entry.id !== id) throw invalid(`id is not the one asked for: ${entry.id}`);
      if (taken) {
        throw tillError('DUPLICATE_ENTRY', `重复的记录编号：${entry.id}`, `Duplicate entry id: ${entry.id}`, {
          id: entry.id,
        });
      }
    } catch (e) {
      // Refused before it wrote; but what make wrote has no savepoint here to undo it.
      if (inPlace && this.stmts.totalChanges.get() !== changes) this.tx.tear(e);
      throw e;
    }
    const { chained, body } = chainEntry(entry, seq, prevHash, bodyText);
    const { hash } = chained;
    try {
      this.stmts.insertJournal.run(
        chained.seq,
        chained.id,
        chained.kind,
        chained.at,
        chained.businessDate,
        chained.clerkId,
        body,
        chained.prevHash,
        hash,
      );
      this.materialiser.applyState(chained, deriveStateRows(chained));
    } catch (e) {
      if (inPlace) this.tx.tear(e);
      throw e;
    }
    this.projector.due();
    return chained;
  }

  /**
   * Stores entries pulled from other devices (already checked against the server's
   * signature by the sync client) and counts them in balances and stock. Idempotent
   * by id and by (device, seq): a repeated pull changes nothing.
   */
  applyForeign(entries: readonly JournalEntry[]): { applied: number; skipped: number } {
    // transaction() first writes our own entries' rows: the stock card runs in commit order.
    return this.transaction(() => {
      const checked = entries.map((raw) => checkForeign(raw, this.deviceId));
      return this.foreignPages.write(
        checked.map((c) => c.entry),
        checked.map((c) => c.body),
        this.deviceId,
      );
    });
  }

  /**
   * applyForeign for entries already checked by checkForeign (on a worker thread, while
   * the previous page was applied: decision 0496), each with the canonical body text its
   * hash was checked over, null for this device's own. Stores them in one transaction,
   * skipping repeats by id and by (device, seq) as applyForeign does.
   */
  applyCheckedForeign(
    entries: readonly JournalEntry[],
    bodies: readonly (string | null)[],
  ): { applied: number; skipped: number } {
    if (bodies.length !== entries.length) throw new Error('one checked body per entry');
    const own = this.deviceId;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i]!.deviceId !== own && (bodies[i] ?? null) === null)
        throw new Error(`entry ${entries[i]!.id} was not checked`);
    }
    return this.transaction(() => this.foreignPages.write(entries, bodies, own));
  }

  lastSeq(): number {
    return (this.stmts.head.get() as { seq: number } | undefined)?.seq ?? 0;
  }

  journalAfter(seq: number, limit: number): JournalEntry[] {
    const deviceId = this.deviceId;
    return (this.stmts.journalAfter.all(seq, limit) as EntryRow[]).map((r) => entryFromRow(r, deviceId));
  }

  /** Materialised balance in hundredths; 0 for a household with no entries. */
  balance(householdId: string): number {
    return (this.stmts.balance.get(householdId) as number | undefined) ?? 0;
  }

  close(): void {
    if (!this.conn.open) return;
    try {
      this.held.release();
      this.projector.catchUp();
    } finally {
      this.conn.close();
    }
  }
}

export function openStore(path: string, options: OpenStoreOptions = {}): TillStore {
  return new TillStore(path, options);
}
