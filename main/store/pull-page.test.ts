import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import type { JournalEntry, UnchainedEntry } from '../../src/journal';
import { awardEntry, ledgerCounts, type TillFixture, tillFixture } from '../../tests/support/till-fixture';

/**
 * A pulled page writes its rows together at its end (decision 0497). These pages hold
 * what one entry of a page reads from another: an approval of a proposal, a rejection, a
 * reversal, receipts and sales that move one moving average and one stock card, and an
 * entry sent twice. The pulling till must end with exactly the writing till's rows.
 */
const fixtures: TillFixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

/** Every row of the tables a pulled entry writes, in rowid order. */
function rowsOf(f: TillFixture): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of [
    'balances',
    'stock_levels',
    'stock_ledger',
    'awards',
    'points_entries',
    'sales',
    'sale_lines',
    'stock_moves',
  ]) {
    out[t] = f.store.db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

describe('a pulled page', () => {
  it('ends with the writing till’s rows, balances, stock levels, stock card and award state', () => {
    const a = tillFixture();
    const b = tillFixture();
    fixtures.push(a, b);
    // Both copies of one seed: b takes a device id of its own, so a's new entries are foreign to it.
    b.store.startNewEpoch();
    const shopId = a.ctx.shopId;
    const rich = { id: a.householdOf(a.cards.rich), cardUid: a.cards.rich };
    const other = a.store.db
      .prepare('SELECT id FROM households WHERE id <> ? LIMIT 1')
      .pluck()
      .get(rich.id) as string;
    const product = a.product('酱油').id;
    const write = (
      e: Omit<UnchainedEntry, 'id' | 'deviceId' | 'at' | 'businessDate' | 'clerkId'>,
      clerk = a.cadre.id,
    ) => a.store.append({ ...a.store.header(clerk), ...e } as UnchainedEntry);
    const points = (householdId: string, amount: number, extra: Record<string, unknown> = {}) => ({
      householdId,
      memberId: null,
      ruleId: null,
      amount,
      reason: '志愿服务',
      proposedBy: a.clerk.id,
      approvedBy: a.cadre.id,
      reverses: null,
      ...extra,
    });
    const proposal = (householdId: string, amount: number) => ({
      householdId,
      memberId: null,
      ruleId: null,
      ruleName: null,
      amount,
      reason: '打扫卫生',
      proposedBy: a.clerk.id,
      batchId: null,
      reverses: null,
    });
    const sale = (qty: number) => ({
      kind: 'sale' as const,
      body: {
        shopId,
        householdId: rich.id,
        cardUid: rich.cardUid,
        receiptNo: `R-${newId(a.clock).slice(-8)}`,
        lines: [
          {
            productId: product,
            name: '酱油',
            qty,
            unitPoints: 500,
            points: qty * 500,
            unitCostFen: 300,
            isService: false,
          },
        ],
        totalPoints: qty * 500,
        balanceBefore: 0,
        balanceAfter: 0,
        shiftId: null,
      },
    });
    const receive = (qty: number, unitCostFen: number) => ({
      kind: 'stock.receive' as const,
      body: { productId: product, shopId, qty, unitCostFen, reason: '采购入库', reference: '' },
    });

    const from = a.store.lastSeq();
    const direct = write({ kind: 'points.award', body: points(rich.id, 1000) });
    const proposed = write({ kind: 'points.propose', body: proposal(other, 300) }, a.clerk.id);
    write({ kind: 'points.award', body: points(other, 300, { proposalId: proposed.id }) });
    const refused = write({ kind: 'points.propose', body: proposal(other, 200) }, a.clerk.id);
    write({
      kind: 'points.reject',
      body: { proposalId: refused.id, householdId: other, rejectedBy: a.cadre.id, reason: '不符合' },
    });
    write({ kind: 'points.reverse', body: points(rich.id, -1000, { reverses: direct.id }) });
    write(receive(10, 500));
    write(sale(3));
    write(receive(5, 800));
    write(sale(2));
    write({ kind: 'points.award', body: points(rich.id, 700) });
    const fresh = a.store.journalAfter(from, 100);
    expect(fresh).toHaveLength(11);

    // One page, with its first entry sent again at its end.
    expect(b.store.applyForeign([...fresh, fresh[0]!])).toEqual({ applied: 11, skipped: 1 });
    expect(rowsOf(b)).toEqual(rowsOf(a));
    expect(b.store.db.prepare('SELECT status FROM awards WHERE id = ?').pluck().get(refused.id)).toBe(
      'rejected',
    );
    // A resend changes nothing.
    const after = ledgerCounts(b.store);
    expect(b.store.applyForeign(fresh)).toEqual({ applied: 0, skipped: 11 });
    expect(ledgerCounts(b.store)).toEqual(after);
    expect(rowsOf(b)).toEqual(rowsOf(a));
  });

  it('that fails stores nothing of itself, and leaves nothing behind for the next page', () => {
    const a = tillFixture();
    const b = tillFixture();
    fixtures.push(a, b);
    b.store.startNewEpoch();
    const household = a.householdOf(a.cards.rich);
    const award = (householdId: string, amount: number) =>
      a.store.append(awardEntry(a, householdId, amount)) as JournalEntry;
    const good = award(household, 400);
    // A household the pulling till does not know: its rows fail their foreign key there.
    a.store.db.pragma('foreign_keys = OFF');
    const unknown = award(newId(a.clock), 900);
    a.store.db.pragma('foreign_keys = ON');
    const later = award(household, 50);
    const before = ledgerCounts(b.store);
    const balance = b.store.balance(household);

    expect(() => b.store.applyForeign([good, unknown])).toThrow(/FOREIGN KEY/);
    expect(ledgerCounts(b.store)).toEqual(before);
    expect(b.store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get()).toBe(0);
    // The next page holds none of the failed one's rows.
    expect(b.store.applyForeign([good, later])).toEqual({ applied: 2, skipped: 0 });
    expect(b.store.balance(household)).toBe(balance + 450);
    expect(
      b.store.db.prepare('SELECT count(*) FROM points_entries WHERE entry_id = ?').pluck().get(unknown.id),
    ).toBe(0);
    expect(b.store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get()).toBe(2);
  });
});
