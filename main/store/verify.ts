import type { Statement } from 'better-sqlite3';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../../src/journal';
import { deriveLedgerRows, LEDGER_TABLES } from '../../src/ledger';
import { type Fen, movingAverageCost } from '../../src/money';
import type { Db } from './database';
import { bodyIsValid, type EntryRow, entryFromRow } from './rows';

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
const RANGE: Record<(typeof LEDGER_TABLES)[number], string> = {
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

const CHUNK = 2000;
const MAX_REPORTED = 1000;

type Report = (d: Discrepancy) => void;
type TableCounts = Record<(typeof LEDGER_TABLES)[number], number>;

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
    const local = db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
    const entries = checkDevice(
      db,
      deviceId,
      (after) => local.all(after, CHUNK) as EntryRow[],
      true,
      expected,
      report,
    );
    const foreignDevices = db
      .prepare('SELECT DISTINCT device_id FROM foreign_entries ORDER BY device_id')
      .pluck()
      .all() as string[];
    const foreign = db.prepare(
      'SELECT * FROM foreign_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    let foreignEntries = 0;
    for (const device of foreignDevices) {
      foreignEntries += checkDevice(
        db,
        device,
        (after) => foreign.all(device, after, CHUNK) as EntryRow[],
        false,
        expected,
        report,
      );
    }
    for (const table of LEDGER_TABLES) {
      const stored = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      if (stored !== expected[table]) {
        report({
          kind: 'ledger-row',
          table,
          detail: `${stored} rows stored, ${expected[table]} in the journal`,
        });
      }
    }
    const households = checkBalances(db, report);
    const stockLevels = checkStock(db, report);
    return { entries, foreignEntries, households, stockLevels };
  });
  const counts = run();
  return { ok: discrepancies.length === 0, ...counts, discrepancies };
}

/** One device's entries, chunk by chunk: chain (own device) or entry hashes (foreign), then its ledger rows. */
function checkDevice(
  db: Db,
  deviceId: string,
  chunkAfter: (seq: number) => EntryRow[],
  chained: boolean,
  expected: TableCounts,
  report: Report,
): number {
  const range = Object.fromEntries(LEDGER_TABLES.map((t) => [t, db.prepare(RANGE[t])])) as Record<
    (typeof LEDGER_TABLES)[number],
    Statement<unknown[]>
  >;
  let prev = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  for (let rows = chunkAfter(0); rows.length > 0; rows = chunkAfter(prev.seq)) {
    const entries = rows.map((r) => entryFromRow(r, deviceId));
    for (const e of entries) {
      if (chained) {
        if (e.seq !== prev.seq + 1)
          report({ kind: 'chain', detail: `seq gap (expected ${prev.seq + 1})`, seq: e.seq });
        if (e.prevHash !== prev.hash)
          report({ kind: 'chain', detail: 'previous hash does not match', seq: e.seq });
      }
      if (entryHash(e) !== e.hash) {
        report(
          chained
            ? { kind: 'chain', detail: 'hash does not match content', seq: e.seq }
            : { kind: 'foreign-hash', deviceId, seq: e.seq },
        );
      }
      if (!bodyIsValid(e)) report({ kind: 'bad-body', deviceId, seq: e.seq });
      prev = { seq: e.seq, hash: e.hash };
    }
    count += entries.length;
    compareRows(deviceId, entries, range, expected, report);
  }
  return count;
}

function compareRows(
  deviceId: string,
  entries: JournalEntry[],
  range: Record<(typeof LEDGER_TABLES)[number], Statement<unknown[]>>,
  expected: TableCounts,
  report: Report,
): void {
  const lo = entries[0]!.seq;
  const hi = entries.at(-1)!.seq;
  const want = Object.fromEntries(LEDGER_TABLES.map((t) => [t, [] as object[]])) as Record<
    (typeof LEDGER_TABLES)[number],
    object[]
  >;
  for (const e of entries) {
    const d = deriveLedgerRows(e) as unknown as Record<(typeof LEDGER_TABLES)[number], object[]>;
    for (const table of LEDGER_TABLES) for (const row of d[table]) want[table].push(row);
  }
  for (const table of LEDGER_TABLES) {
    const stored = range[table].all(deviceId, lo, hi) as Record<string, unknown>[];
    const rows = want[table];
    expected[table] += rows.length;
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

/** Any column of the derived row that the stored row does not hold exactly (no array per row: millions). */
function differs(want: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  for (const k in want) if (want[k] !== stored[k]) return true;
  return false;
}

function checkBalances(db: Db, report: (d: Discrepancy) => void): number {
  const rows = db
    .prepare(
      `SELECT h.household_id, b.balance AS stored, h.total AS recomputed
       FROM (SELECT household_id, sum(amount) AS total FROM points_entries GROUP BY household_id) h
       LEFT JOIN balances b ON b.household_id = h.household_id
       UNION ALL
       SELECT b.household_id, b.balance, 0 FROM balances b
       WHERE b.household_id NOT IN (SELECT household_id FROM points_entries)`,
    )
    .all() as { household_id: string; stored: number | null; recomputed: number }[];
  for (const r of rows) {
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

/** rowid, product, shop, qty, unit cost, and the stock card's qty and average after the move. */
type Move = [number, string, string, number, number, number | null, number | null];

/** Replays stock moves in insertion order (rowid), as the materialiser applied them. */
function checkStock(db: Db, report: (d: Discrepancy) => void): number {
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
