import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, entryHash } from '../../src/journal';
import { LEDGER_TABLES } from '../../src/ledger';
import { type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { reverseSale } from '../till/reversal';
import { type EntryRow, entryFromRow } from './rows';
import { verifyStore } from './verify';

/**
 * verify compares stored ledger rows with the derived ones through one JSON text per
 * table and chunk (main/store/verify.ts): each change below, made behind the store's
 * back on the raw file, must still be found and named by its table.
 */
let f: TillFixture;
let deviceId: string;
beforeAll(() => {
  f = tillFixture();
  deviceId = f.store.deviceId;
  // A void, so that sale_reversals and sale_reversal_lines hold rows too.
  const sale = f.store.db.prepare('SELECT id FROM sales ORDER BY rowid DESC LIMIT 1').pluck().get() as string;
  reverseSale(f.ctx, f.clerk, f.manager, { saleId: sale, reason: '顾客退回' });
  f.store.close();
});
afterAll(() => f.cleanup());

/** Runs `sql` on the file without the append-only triggers, verifies, then undoes it. */
function verifyAfter(sql: string) {
  const db = new Database(f.path);
  try {
    db.exec('BEGIN');
    for (const t of LEDGER_TABLES) {
      db.exec(`DROP TRIGGER IF EXISTS ${t}_no_update; DROP TRIGGER IF EXISTS ${t}_no_delete`);
    }
    db.exec('DROP TRIGGER IF EXISTS journal_no_update');
    db.exec(sql);
    return verifyStore(db, deviceId);
  } finally {
    db.exec('ROLLBACK');
    db.close();
  }
}

const last = (table: string) => `rowid = (SELECT max(rowid) FROM ${table})`;

describe('verify finds a ledger row changed behind the store’s back', () => {
  it('passes the untouched file and has rows in the tables the changes touch', () => {
    expect(verifyAfter('SELECT 1').discrepancies).toEqual([]);
    const db = new Database(f.path, { readonly: true });
    for (const t of LEDGER_TABLES) {
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBeGreaterThan(0);
    }
    db.close();
  });

  it.each([
    ['points_entries', `UPDATE points_entries SET reason = reason || '改' WHERE ${last('points_entries')}`],
    ['points_entries', `UPDATE points_entries SET amount = amount + 1 WHERE ${last('points_entries')}`],
    ['points_entries', `UPDATE points_entries SET clerk_id = NULL WHERE ${last('points_entries')}`],
    [
      'points_entries',
      `UPDATE points_entries SET reason = reason || char(0) WHERE ${last('points_entries')}`,
    ],
    ['points_entries', `DELETE FROM points_entries WHERE ${last('points_entries')}`],
    [
      'points_entries',
      `INSERT INTO points_entries SELECT id || 'x', entry_id, household_id, amount, kind, rule_id, sale_id, reason,
         clerk_id, device_id, device_seq, at, business_date FROM points_entries WHERE ${last('points_entries')}`,
    ],
    ['stock_moves', `UPDATE stock_moves SET qty = qty - 1 WHERE ${last('stock_moves')}`],
    ['stock_moves', `UPDATE stock_moves SET reference = '' WHERE ${last('stock_moves')}`],
    ['stock_moves', `DELETE FROM stock_moves WHERE ${last('stock_moves')}`],
    ['sales', `UPDATE sales SET receipt_no = card_uid, card_uid = receipt_no WHERE ${last('sales')}`],
    ['sales', `UPDATE sales SET shift_id = id WHERE ${last('sales')}`],
    ['sale_lines', `UPDATE sale_lines SET name = name || ' ' WHERE ${last('sale_lines')}`],
    ['sale_lines', `UPDATE sale_lines SET is_service = 1 - is_service WHERE ${last('sale_lines')}`],
    // The fast path does not read a head table's device_id: a row moved to another device
    // must be missed by its chunk, and so found.
    ['points_entries', `UPDATE points_entries SET device_id = 'elsewhere' WHERE ${last('points_entries')}`],
    ['stock_moves', `UPDATE stock_moves SET device_id = 'elsewhere' WHERE ${last('stock_moves')}`],
    ['sales', `UPDATE sales SET device_id = 'elsewhere' WHERE ${last('sales')}`],
    ['sale_reversals', `UPDATE sale_reversals SET device_id = 'elsewhere' WHERE ${last('sale_reversals')}`],
  ])('in %s: %s', (table, sql) => {
    const report = verifyAfter(sql);
    expect(report.ok).toBe(false);
    expect(report.discrepancies).toContainEqual(expect.objectContaining({ kind: 'ledger-row', table }));
  });

  // The row counts stay equal, so only the value-by-value comparison of the fast path
  // (main/store/verify-rows.ts, sameValues) can find these: each must be reported as the
  // stored row that differs from its journal entry.
  it.each([
    [
      'points_entries',
      `UPDATE points_entries SET business_date = '1999-01-01' WHERE ${last('points_entries')}`,
    ],
    ['stock_moves', `UPDATE stock_moves SET unit_cost_fen = unit_cost_fen + 1 WHERE ${last('stock_moves')}`],
    ['sales', `UPDATE sales SET balance_after = balance_after - 1 WHERE ${last('sales')}`],
    ['sale_lines', `UPDATE sale_lines SET qty = qty + 1 WHERE ${last('sale_lines')}`],
    ['sale_reversals', `UPDATE sale_reversals SET reason = '改' WHERE ${last('sale_reversals')}`],
    [
      'sale_reversal_lines',
      `UPDATE sale_reversal_lines SET points = points - 1 WHERE ${last('sale_reversal_lines')}`,
    ],
  ])('with the counts unchanged, in %s: %s', (table, sql) => {
    const found = verifyAfter(sql).discrepancies.filter((d) => d.kind === 'ledger-row');
    expect(found).toEqual([
      expect.objectContaining({ table, detail: expect.stringMatching(/^stored .* differs from journal /) }),
    ]);
  });

  it('verifies bodies stored in another key order (files written before canonical bodies) and finds one changed', () => {
    const db = new Database(f.path);
    try {
      db.exec('BEGIN; DROP TRIGGER journal_no_update');
      const rows = db.prepare('SELECT seq, body FROM journal').all() as { seq: number; body: string }[];
      const reorder = db.prepare('UPDATE journal SET body = ? WHERE seq = ?');
      for (const r of rows) {
        const body = JSON.parse(r.body) as Record<string, unknown>;
        reorder.run(JSON.stringify(Object.fromEntries(Object.entries(body).reverse())), r.seq);
      }
      expect(verifyStore(db, deviceId).discrepancies).toEqual([]);
      db.prepare("UPDATE journal SET body = json_set(body, '$.reason', '改过') WHERE seq = 5").run();
      expect(verifyStore(db, deviceId).discrepancies).toContainEqual(
        expect.objectContaining({ kind: 'chain', seq: 5, detail: 'hash does not match content' }),
      );
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  });
});

describe('verify hashes SQLite’s canonical text of each entry', () => {
  // The fast hash check hashes the entry text SQLite writes around the stored body
  // (main/store/verify-chain.ts): a change to any header column must still fail its hash.
  it.each([
    ['clerk_id', 'UPDATE journal SET clerk_id = NULL WHERE seq = 5'],
    ['business_date', "UPDATE journal SET business_date = '2020-01-01' WHERE seq = 5"],
    ['at', 'UPDATE journal SET at = at + 1 WHERE seq = 5'],
    ['id', "UPDATE journal SET id = '00000000-0000-4000-8000-000000000000' WHERE seq = 5"],
    ['a quote in business_date', `UPDATE journal SET business_date = business_date || '","x' WHERE seq = 5`],
  ])('finds %s changed', (_, sql) => {
    expect(verifyAfter(sql).discrepancies).toContainEqual({
      kind: 'chain',
      seq: 5,
      detail: 'hash does not match content',
    });
  });
});

describe('verify checks every body against its schema', () => {
  /**
   * Rewrites one entry's body and hashes it and every later entry anew, so the chain and
   * the hashes hold and the ledger rows are unchanged: only the schema check can find it.
   */
  function rechained(kind: string, change: (body: Record<string, unknown>) => void) {
    const db = new Database(f.path, { readonly: true });
    const rows = db.prepare('SELECT * FROM journal ORDER BY seq').all() as EntryRow[];
    db.close();
    const at = rows.findIndex((r) => r.kind === kind);
    const body = JSON.parse(rows[at]!.body) as Record<string, unknown>;
    change(body);
    rows[at]!.body = canonicalJson(body);
    const sql: string[] = [];
    let prevHash = rows[at - 1]!.hash;
    for (const r of rows.slice(at)) {
      const hash = entryHash({ ...entryFromRow(r, deviceId), prevHash });
      const quoted = (s: string) => `'${s.replaceAll("'", "''")}'`;
      sql.push(
        `UPDATE journal SET body = ${quoted(r.body)}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${r.seq};`,
      );
      prevHash = hash;
    }
    return { sql: sql.join('\n'), seq: rows[at]!.seq };
  }

  type Body = Record<string, unknown>;
  it.each([
    ['points.award', 'a member id that is no uuid', { memberId: 'x' }],
    ['points.award', 'a rule name over 120', { ruleName: '规'.repeat(121) }],
    ['points.award', 'an optional proposal id set to a number', { proposalId: 1 }],
    ['points.deduct', 'an amount of 0.5', { amount: 0.5 }],
    ['stock.receive', 'a reason over 200', { reason: '采'.repeat(201) }],
    ['sale', 'both a card and a door plate', { doorPlate: { version: 1 } }],
    [
      'sale',
      'a line whose name is a space',
      { lines: (b: Body) => [{ ...(b.lines as Body[])[0], name: ' ' }] },
    ],
  ])('finds a %s body with %s, hashed anew', (kind, _, fields) => {
    const { sql, seq } = rechained(kind, (b) => {
      for (const [k, v] of Object.entries(fields)) b[k] = typeof v === 'function' ? v(b) : v;
    });
    const found = verifyAfter(sql).discrepancies;
    expect(found).toContainEqual({ kind: 'bad-body', deviceId, seq });
    expect(found.filter((d) => d.kind === 'chain')).toEqual([]);
  });
});

describe('verify and the township’s "not counted" verdicts (decision 0720)', () => {
  it('finds a verdict kept without its points taken out of the balance', () => {
    const report = verifyAfter(
      `INSERT INTO uncounted_entries (entry_id, reason, received_at)
       SELECT id, 'approver-role', 0 FROM points_entries WHERE amount <> 0 AND ${last('points_entries')}`,
    );
    expect(report.discrepancies).toEqual([expect.objectContaining({ kind: 'balance' })]);
  });

  it('verifies a file from before the verdicts table (read-only, never migrated)', () => {
    expect(verifyAfter('DROP TABLE uncounted_entries').discrepancies).toEqual([]);
  });
});

describe('verify holds the journal to the head the township acknowledged', () => {
  const acknowledged = (through: string, device = deviceId) =>
    `INSERT OR REPLACE INTO settings (key, value) VALUES
       ('sync.enrolment', json_object('deviceId', '${device}')), ('sync.pushed_through', ${through});`;
  const head = '(SELECT max(seq) FROM journal)';

  it('passes a journal that reaches the acknowledged seq', () => {
    expect(verifyAfter(acknowledged(head)).discrepancies).toEqual([]);
  });

  it('finds the last entries gone after they were pushed', () => {
    const report = verifyAfter(
      `${acknowledged(head)} DROP TRIGGER IF EXISTS journal_no_delete;
       DELETE FROM journal WHERE seq = ${head};`,
    );
    const db = new Database(f.path, { readonly: true });
    const n = db.prepare('SELECT max(seq) FROM journal').pluck().get() as number;
    db.close();
    expect(report.discrepancies).toContainEqual({
      kind: 'chain',
      seq: n,
      detail: `entries missing: the township acknowledged seq ${n}, the journal ends at ${n - 1}`,
    });
  });

  it('leaves the acknowledged seq of an earlier device id (a restored file) alone', () => {
    expect(verifyAfter(`${acknowledged(`${head} + 5`, 'another-device')}`).discrepancies).toEqual([]);
  });
});
