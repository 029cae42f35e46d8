import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { commitSale } from '../till/checkout';
import { saleView } from '../till/queries';
import { TillStore } from './till-store';
import { verifyStore } from './verify';

/** Decision 0483: the durable commit holds the entry and the state; its ledger rows follow. */
let f: TillFixture;
beforeEach(() => {
  f = tillFixture();
});
afterEach(() => f.cleanup());

const sell = (f: TillFixture) => {
  const towel = f.product('毛巾');
  return commitSale(
    f.ctx,
    f.clerk,
    { saleId: newId(f.clock), cardUid: f.cards.rich, lines: [{ productId: towel.id, qty: 2 }] },
    null,
  );
};

/** What another connection sees of the file: the committed state, not the store's. */
const onDisk = (path: string, saleId: string, householdId: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    const one = (sql: string, ...args: unknown[]) =>
      raw
        .prepare(sql)
        .pluck()
        .get(...args);
    return {
      journal: one('SELECT count(*) FROM journal WHERE id = ?', saleId),
      sales: one('SELECT count(*) FROM sales WHERE id = ?', saleId),
      points: one('SELECT count(*) FROM points_entries WHERE entry_id = ?', saleId),
      balance: one('SELECT balance FROM balances WHERE household_id = ?', householdId),
    };
  } finally {
    raw.close();
  }
};

describe('ledger rows written after the commit', () => {
  it('answers a sale from its entry; its rows follow on the next turn, and a read of them waits for them', async () => {
    const household = f.householdOf(f.cards.rich);
    const before = f.store.balance(household);
    const sale = sell(f);
    // Durable now: the entry and the balance the next sale's check reads; the rows are not written yet.
    expect(onDisk(f.path, sale.saleId, household)).toEqual({
      journal: 1,
      sales: 0,
      points: 0,
      balance: before - sale.totalPoints,
    });
    // The answer built from the entry is the view read back from the written rows.
    expect(saleView(f.ctx, sale.saleId)).toEqual(sale);
    expect(onDisk(f.path, sale.saleId, household)).toMatchObject({ sales: 1, points: 1 });

    const next = sell(f);
    await new Promise((resolve) => setImmediate(resolve));
    expect(onDisk(f.path, next.saleId, household)).toMatchObject({ journal: 1, sales: 1, points: 1 });
    expect(verifyStore(f.store.db, f.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
  });

  it("names the household's head as the rows' view does: the first member by is_head DESC, then name", () => {
    const household = f.householdOf(f.cards.rich);
    const db = f.store.db;
    const member = db.prepare('INSERT INTO members (id, household_id, name, is_head) VALUES (?, ?, ?, ?)');
    const heads: string[] = [];
    const check = () => {
      const sale = sell(f);
      expect(saleView(f.ctx, sale.saleId)).toEqual(sale);
      heads.push(sale.headName);
    };
    check();
    // A member who sorts first by name but is not the head.
    member.run(newId(f.clock), household, 'A', 0);
    check();
    // A second head who sorts before the first.
    member.run(newId(f.clock), household, 'B', 1);
    check();
    // No head at all: the first by name.
    db.prepare('UPDATE members SET is_head = 0 WHERE household_id = ?').run(household);
    check();
    expect(heads).toEqual(['张振华', '张振华', 'B', 'A']);
  });

  it('loses nothing to a crash between the commit and the rows: opening the file writes them', () => {
    const household = f.householdOf(f.cards.rich);
    const sale = sell(f);
    // A copy of the committed file is what a power cut right after the commit leaves.
    const crashed = join(f.dir, 'crashed.db');
    const raw = new Database(f.path, { readonly: true });
    raw.prepare('VACUUM INTO ?').run(crashed);
    raw.close();
    expect(onDisk(crashed, sale.saleId, household)).toMatchObject({ journal: 1, sales: 0 });

    const reopened = new TillStore(crashed);
    try {
      expect(onDisk(crashed, sale.saleId, household)).toMatchObject({ journal: 1, sales: 1, points: 1 });
      const stockCard = (s: TillStore) =>
        s.db.prepare('SELECT * FROM stock_ledger ORDER BY rowid DESC LIMIT 3').all();
      expect(stockCard(reopened)).toEqual(stockCard(f.store));
      expect(verifyStore(reopened.db, reopened.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
    } finally {
      reopened.close();
    }
  });
});
