import type { Statement } from 'better-sqlite3';
import { entryHash, entryTextWithBody, GENESIS_HASH, type JournalEntry, sha256Hex } from '../../src/journal';
import { journalEntryFrom } from '../../src/journal/stored-entry';
import { deriveLedgerRows, LEDGER_COLUMNS, LEDGER_TABLES, type PointsRow } from '../../src/ledger';
import { type Fen, movingAverageCost } from '../../src/money';
import type { Db } from './database';
import { bodyIsValid } from './rows';
import { uncountedByHousehold } from './township-verdicts';

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

/** Stored rows of one device within a seq range, in deriveLedgerRows' order. */
export type LedgerTable = (typeof LEDGER_TABLES)[number];
const RANGE: Record<LedgerTable, string> = {
  points_entries:
    'SELECT * FROM points_entries WHERE device_id = ? AND device_seq BETWEEN ? AND ? ORDER BY device_seq, id',
  stock_moves:
    'SELECT * FROM stock_moves WHERE device_id = ? AND device_seq BETWEEN ? AND ? ORDER BY device_seq, id',
  sales: 'SELECT * FROM sales WHERE device_id = ? AND device_seq BETWEEN ? AND ? ORDER BY device_seq, id',
  sale_lines: `SELECT l.* FROM sale_lines l JOIN sales s ON s.id = l.sale_id
               WHERE s.device_id = ? AND s.device_seq BETWEEN ? AND ? ORDER BY s.device_seq, l.line_no`,
  sale_reversals:
    'SELECT * FROM sale_reversals WHERE device_id = ? AND device_seq BETWEEN ? AND ? ORDER BY device_seq, id',
  sale_reversal_lines: `SELECT l.* FROM sale_reversal_lines l JOIN sale_reversals r ON r.id = l.reversal_id
                        WHERE r.device_id = ? AND r.device_seq BETWEEN ? AND ? ORDER BY r.device_seq, l.line_no`,
};

export const CHUNK = 500;
export const MAX_REPORTED = 1000;

export type Report = (d: Discrepancy) => void;
export type TableCounts = Record<LedgerTable, number>;

/**
 * Recomputes everything the store materialised from what it hashed: checks the
 * device chain (sequence and hashes), each foreign entry's hash, every ledger row
 * against the rows its journal entry stands for, each balance against the sum of
 * its points rows, and each stock level by replaying its moves in order.
 * Reads in chunks inside one read transaction, so memory stays flat at millions
 * of entries and a running till can keep selling meanwhile (WAL).
 */
export function verifyStore(db: Db, deviceId: string): VerifyReport {
  const discrepancies: Discrepancy[] = [];
  const report: Report = (d) => {
    if (discrepancies.length < MAX_REPORTED) discrepancies.push(d);
  };
  const run = db.transaction(() => {
    const expected = Object.fromEntries(LEDGER_TABLES.map((t) => [t, 0])) as TableCounts;
    const sums = new PointsSums();
    const local = db.prepare(`SELECT ${RAW_COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`).raw();
    const entries = checkDevice(
      db,
      deviceId,
      (after) => local.all(after, CHUNK) as RawEntryRow[],
      true,
      expected,
      report,
      sums,
    ).count;
    const foreignDevices = db
      .prepare('SELECT DISTINCT device_id FROM foreign_entries ORDER BY device_id')
      .pluck()
      .all() as string[];
    const foreign = db
      .prepare(
        `SELECT ${RAW_COLUMNS} FROM foreign_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .raw();
    let foreignEntries = 0;
    for (const device of foreignDevices) {
      foreignEntries += checkDevice(
        db,
        device,
        (after) => foreign.all(device, after, CHUNK) as RawEntryRow[],
        false,
        expected,
        report,
        sums,
      ).count;
    }
    for (const table of LEDGER_TABLES) {
      const stored = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      if (stored !== expected[table]) {
        if (table === 'points_entries') sums.exact = false;
        report({
          kind: 'ledger-row',
          table,
          detail: `${stored} rows stored, ${expected[table]} in the journal`,
        });
      }
    }
    const households = checkBalances(db, sums, report);
    const stockLevels = checkStock(db, report);
    return { entries, foreignEntries, households, stockLevels };
  });
  const counts = run();
  return { ok: discrepancies.length === 0, ...counts, discrepancies };
}

/** Where a run of entries starts and ends: the first entry's seq and prevHash, the last one's seq and hash. */
export interface RangeEnds {
  first: { seq: number; prevHash: string } | null;
  last: { seq: number; hash: string } | null;
}

/**
 * One device's entries, chunk by chunk: chain (own device) or entry hashes (foreign), then
 * its ledger rows. `after` is where reading starts (the seq before the first). With
 * `linkFirst` false the first entry's seq and prevHash are not checked here: a worker
 * checking one seq range leaves that link to whoever knows the range before it.
 */
export function checkDevice(
  db: Db,
  deviceId: string,
  chunkAfter: (seq: number) => RawEntryRow[],
  chained: boolean,
  expected: TableCounts,
  report: Report,
  sums: PointsSums,
  after = 0,
  linkFirst = true,
): RangeEnds & { count: number } {
  const range = Object.fromEntries(LEDGER_TABLES.map((t) => [t, db.prepare(RANGE[t])])) as Record<
    LedgerTable,
    Statement<unknown[]>
  >;
  const digest = Object.fromEntries(
    LEDGER_TABLES.map((t) => [t, db.prepare(digestSql(t)).pluck()]),
  ) as Record<LedgerTable, Statement<unknown[]>>;
  const hashes = new HashCheck();
  let prevSeq = after;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let first: RangeEnds['first'] = null;
  for (let rows = chunkAfter(after); rows.length > 0; rows = chunkAfter(prevSeq)) {
    const entries: JournalEntry[] = new Array(rows.length);
    let bodiesValid = true;
    for (let i = 0; i < rows.length; i++) {
      const e = entryFromRaw(rows[i]!, deviceId);
      entries[i] = e;
      if (first === null) first = { seq: e.seq, prevHash: e.prevHash };
      if (chained && (linkFirst || count + i > 0)) {
        if (e.seq !== prevSeq + 1)
          report({ kind: 'chain', detail: `seq gap (expected ${prevSeq + 1})`, seq: e.seq });
        if (e.prevHash !== prevHash)
          report({ kind: 'chain', detail: 'previous hash does not match', seq: e.seq });
      }
      if (!hashes.matches(e, rows[i]![6])) {
        report(
          chained
            ? { kind: 'chain', detail: 'hash does not match content', seq: e.seq }
            : { kind: 'foreign-hash', deviceId, seq: e.seq },
        );
      }
      if (!bodyIsValid(e)) {
        bodiesValid = false;
        report({ kind: 'bad-body', deviceId, seq: e.seq });
      }
      prevSeq = e.seq;
      prevHash = e.hash;
    }
    count += entries.length;
    compareRows(deviceId, entries, bodiesValid, range, digest, expected, report, sums);
  }
  return { count, first, last: count > 0 ? { seq: prevSeq, hash: prevHash } : null };
}

/** A journal or foreign_entries row as `RAW_COLUMNS` lists it. */
export type RawEntryRow = [number, string, string, number, string, string | null, string, string, string];
export const RAW_COLUMNS = 'seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash';

/** The JournalEntry of a raw row, as entryFromRow makes it from a row object. */
function entryFromRaw(r: RawEntryRow, deviceId: string): JournalEntry {
  return journalEntryFrom({
    seq: r[0],
    id: r[1],
    kind: r[2],
    at: r[3],
    businessDate: r[4],
    clerkId: r[5],
    body: r[6],
    prevHash: r[7],
    hash: r[8],
    deviceId,
  });
}

/**
 * The stored rows of one device's seq range as one JSON text: each row a JSON object of
 * the derived row's columns in their order, in deriveLedgerRows' order. SQLite writes it
 * in C, so the common case (nothing changed) costs one string per table and chunk
 * instead of an object per row. The tables are STRICT (INTEGER columns hold only
 * integers, TEXT only text), so equal JSON text means every column holds exactly the
 * derived value; any difference falls back to the row-by-row comparison, which words
 * the report.
 */
function digestSql(table: LedgerTable): string {
  const cols = LEDGER_COLUMNS[table];
  const lines = table === 'sale_lines' || table === 'sale_reversal_lines';
  const array = `json_array(${cols.map((c) => `${lines ? 'l.' : ''}${c}`).join(', ')})`;
  const sql = RANGE[table];
  const from = sql.slice(sql.indexOf(' FROM '), sql.lastIndexOf(' ORDER BY '));
  // No ORDER BY inside the aggregate (it costs a sort): the device index already walks the
  // rows in that order, and any other order only makes the texts differ (the slow path).
  return `SELECT coalesce('[' || group_concat(${array}, ',') || ']', '[]') ${from}`;
}

/** The derived rows as the digest writes them: each row an array of its columns in LEDGER_COLUMNS order. */
function derivedText(table: LedgerTable, rows: object[]): string {
  const cols = LEDGER_COLUMNS[table];
  const out: unknown[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Record<string, unknown>;
    const values: unknown[] = new Array(cols.length);
    for (let k = 0; k < cols.length; k++) values[k] = r[cols[k]!];
    out[i] = values;
  }
  return JSON.stringify(out);
}

/**
 * Each entry's hash against its content. The till stores a body as its canonical JSON,
 * so the stored bytes are hashed as they are; an older row (body written in another key
 * order) or a changed one is hashed the full way, from the parsed entry, before it counts
 * as a mismatch. Whichever way last matched is tried first.
 */
class HashCheck {
  private storedFirst = true;
  matches(e: JournalEntry, bodyText: string): boolean {
    if (this.test(e, bodyText, this.storedFirst)) return true;
    if (!this.test(e, bodyText, !this.storedFirst)) return false;
    this.storedFirst = !this.storedFirst;
    return true;
  }
  private test(e: JournalEntry, bodyText: string, stored: boolean): boolean {
    return (stored ? sha256Hex(entryTextWithBody(e, bodyText)) : entryHash(e)) === e.hash;
  }
}

function compareRows(
  deviceId: string,
  entries: JournalEntry[],
  bodiesValid: boolean,
  range: Record<LedgerTable, Statement<unknown[]>>,
  digest: Record<LedgerTable, Statement<unknown[]>>,
  expected: TableCounts,
  report: Report,
  sums: PointsSums,
): void {
  const lo = entries[0]!.seq;
  const hi = entries.at(-1)!.seq;
  const want = Object.fromEntries(LEDGER_TABLES.map((t) => [t, [] as object[]])) as Record<
    LedgerTable,
    object[]
  >;
  for (const e of entries) {
    const d = deriveLedgerRows(e) as unknown as Record<LedgerTable, object[]>;
    for (const table of LEDGER_TABLES) for (const row of d[table]) want[table].push(row);
  }
  for (const table of LEDGER_TABLES) {
    const rows = want[table];
    expected[table] += rows.length;
    // Valid bodies derive only strings, safe integers and nulls: JSON text is exact for them.
    if (bodiesValid && sameText(table, digest[table], deviceId, lo, hi, rows)) {
      if (table === 'points_entries') sums.add(rows as PointsRow[]);
      continue;
    }
    if (table === 'points_entries') sums.exact = false;
    const stored = range[table].all(deviceId, lo, hi) as Record<string, unknown>[];
    const n = Math.max(stored.length, rows.length);
    for (let i = 0; i < n; i++) {
      const w = rows[i] as Record<string, unknown> | undefined;
      const s = stored[i];
      if (!w) {
        report({ kind: 'ledger-row', table, detail: `row with no journal entry: ${JSON.stringify(s)}` });
      } else if (!s) {
        report({ kind: 'ledger-row', table, detail: `row missing for journal content ${JSON.stringify(w)}` });
      } else if (differs(w, s)) {
        const b = JSON.stringify(pick(s, Object.keys(w)));
        report({
          kind: 'ledger-row',
          table,
          detail: `stored ${b} differs from journal ${JSON.stringify(w)}`,
        });
      }
    }
  }
}

/** Whether the stored rows' JSON text is the derived rows' JSON text (false on any doubt). */
function sameText(
  table: LedgerTable,
  digest: Statement<unknown[]>,
  deviceId: string,
  lo: number,
  hi: number,
  rows: object[],
): boolean {
  let stored: unknown;
  try {
    stored = digest.get(deviceId, lo, hi);
  } catch {
    return false; // e.g. a BLOB where text belongs: JSON cannot hold it; compare row by row
  }
  return typeof stored === 'string' && stored === derivedText(table, rows);
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

/** Any column of the derived row that the stored row does not hold exactly (no array per row: millions). */
function differs(want: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  for (const k in want) if (want[k] !== stored[k]) return true;
  return false;
}

export function checkBalances(db: Db, sums: PointsSums, report: (d: Discrepancy) => void): number {
  const rows = sums.exact ? balancesFromSums(db, sums) : balancesBySql(db);
  // The township's "not counted" verdicts leave those entries' points out (decision 0720).
  const uncounted = uncountedByHousehold(db);
  for (const r of rows) {
    r.recomputed -= uncounted.get(r.household_id) ?? 0;
    if (r.stored !== r.recomputed) {
      report({
        kind: 'balance',
        householdId: r.household_id,
        stored: r.stored ?? 0,
        recomputed: r.recomputed,
      });
    }
  }
  return rows.length;
}

type BalanceCheck = { household_id: string; stored: number | null; recomputed: number };

/** Each household with points rows beside its stored balance, then balances with no points rows (recomputed 0). */
function balancesFromSums(db: Db, sums: PointsSums): BalanceCheck[] {
  const stored = new Map(
    db.prepare('SELECT household_id, balance FROM balances').raw().all() as [string, number][],
  );
  const rows: BalanceCheck[] = [];
  for (const [household_id, recomputed] of sums.byHousehold) {
    rows.push({ household_id, stored: stored.get(household_id) ?? null, recomputed });
  }
  for (const [household_id, balance] of stored) {
    if (!sums.byHousehold.has(household_id)) rows.push({ household_id, stored: balance, recomputed: 0 });
  }
  return rows;
}

function balancesBySql(db: Db): BalanceCheck[] {
  return db
    .prepare(
      `SELECT h.household_id, b.balance AS stored, h.total AS recomputed
       FROM (SELECT household_id, sum(amount) AS total FROM points_entries GROUP BY household_id) h
       LEFT JOIN balances b ON b.household_id = h.household_id
       UNION ALL
       SELECT b.household_id, b.balance, 0 FROM balances b
       WHERE b.household_id NOT IN (SELECT household_id FROM points_entries)`,
    )
    .all() as BalanceCheck[];
}

/** rowid, product, shop, qty, unit cost, and the stock card's qty and average after the move. */
type Move = [number, string, string, number, number, number | null, number | null];

/** Replays stock moves in insertion order (rowid), as the materialiser applied them. */
export function checkStock(db: Db, report: (d: Discrepancy) => void): number {
  const levels = new Map<string, { qty: number; avg: number; productId: string; shopId: string }>();
  const chunk = db
    .prepare(
      `SELECT m.rowid, m.product_id, m.shop_id, m.qty, m.unit_cost_fen, g.qty_after, g.avg_cost_after_fen
       FROM stock_moves m LEFT JOIN stock_ledger g ON g.move_id = m.id WHERE m.rowid > ? ORDER BY m.rowid LIMIT ?`,
    )
    .raw();
  let after = 0;
  for (
    let rows = chunk.all(after, CHUNK) as Move[];
    rows.length > 0;
    rows = chunk.all(after, CHUNK) as Move[]
  ) {
    for (const [rowid, productId, shopId, qty, cost, cardQty, cardAvg] of rows) {
      const key = `${productId}|${shopId}`;
      const level = levels.get(key);
      const onHand = level?.qty ?? 0;
      const avg = level ? level.avg : cost;
      const nextAvg = qty > 0 ? movingAverageCost(onHand, avg as Fen, qty, cost as Fen) : avg;
      levels.set(key, { qty: onHand + qty, avg: nextAvg, productId, shopId });
      // The stock card (stock_ledger) must say what the replay says after every move.
      if (cardQty !== onHand + qty || cardAvg !== nextAvg) {
        report({
          kind: 'stock',
          productId,
          shopId,
          stored: `stock card ${cardQty ?? 'missing'} @ ${cardAvg ?? 'missing'} (move ${rowid})`,
          recomputed: `${onHand + qty} @ ${nextAvg}`,
        });
      }
      after = rowid;
    }
  }
  const stored = db.prepare('SELECT product_id, shop_id, qty, avg_cost_fen FROM stock_levels').all() as {
    product_id: string;
    shop_id: string;
    qty: number;
    avg_cost_fen: number;
  }[];
  const seen = new Set<string>();
  for (const s of stored) {
    const key = `${s.product_id}|${s.shop_id}`;
    seen.add(key);
    const r = levels.get(key) ?? { qty: 0, avg: s.avg_cost_fen };
    if (r.qty !== s.qty || r.avg !== s.avg_cost_fen) {
      report({
        kind: 'stock',
        productId: s.product_id,
        shopId: s.shop_id,
        stored: `${s.qty} @ ${s.avg_cost_fen}`,
        recomputed: `${r.qty} @ ${r.avg}`,
      });
    }
  }
  for (const [key, r] of levels) {
    if (!seen.has(key))
      report({
        kind: 'stock',
        productId: r.productId,
        shopId: r.shopId,
        stored: 'missing',
        recomputed: `${r.qty} @ ${r.avg}`,
      });
  }
  return stored.length;
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (row as Record<string, unknown>)[k];
  return out;
}
