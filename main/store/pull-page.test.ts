import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { entryHash, type JournalEntry, type UnchainedEntry } from '../../src/journal';
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

  it('skips what is stored by (device, seq) or by id, the till’s own, and its own repeats, asked once a page (0476)', () => {
    const a = tillFixture();
    const b = tillFixture();
    const c = tillFixture();
    fixtures.push(a, b, c);
    // a keeps the seed's device, whose entries b holds in its own journal (an earlier epoch).
    b.store.startNewEpoch();
    c.store.startNewEpoch();
    const household = a.householdOf(a.cards.rich);
    let amount = 0;
    const awards = (f: TillFixture, n: number) =>
      Array.from({ length: n }, () => f.store.append(awardEntry(f, household, ++amount)) as JournalEntry);
    const x = awards(a, 10);
    const y = awards(c, 4);
    const own = b.store.append(awardEntry(b, household, 500)) as JournalEntry;
    const seedEntry = a.store.journalAfter(0, 1)[0]!;
    expect(b.store.db.prepare('SELECT count(*) FROM journal WHERE id = ?').pluck().get(seedEntry.id)).toBe(1);
    /** The entry with some fields changed, hashed again: it passes the checks. */
    const as = (e: JournalEntry, change: { id?: string; seq?: number }): JournalEntry => {
      const changed = { ...e, ...change } as JournalEntry;
      return { ...changed, hash: entryHash(changed) };
    };
    const newIdOf = () => newId(a.clock);

    // Stored before: a's seqs with gaps (x1, x5, x8, x9 and after), x4's seq under another id, and y1.
    const before = [x[0]!, x[2]!, x[3]!, as(x[4]!, { id: newIdOf() }), x[6]!, y[1]!];
    expect(b.store.applyForeign(before)).toEqual({ applied: 6, skipped: 0 });
    const rows = () =>
      b.store.db.prepare('SELECT device_id, seq, id FROM foreign_entries ORDER BY rowid').all() as {
        device_id: string;
        seq: number;
        id: string;
      }[];
    const storedBefore = rows();
    const balance = b.store.balance(household);
    const points = b.store.db.prepare('SELECT max(rowid) FROM points_entries').pluck().get() as number;

    const page: [JournalEntry, 'applied' | 'skipped'][] = [
      [x[0]!, 'skipped'],
      [x[1]!, 'applied'],
      [x[2]!, 'skipped'],
      [x[3]!, 'skipped'],
      // Its (device, seq) is stored, under another id.
      [x[4]!, 'skipped'],
      [x[5]!, 'applied'],
      [x[6]!, 'skipped'],
      [x[7]!, 'applied'],
      [x[8]!, 'applied'],
      [x[9]!, 'applied'],
      // The page's own repeats: the same entry, and its (device, seq) under another id.
      [x[1]!, 'skipped'],
      [as(x[5]!, { id: newIdOf() }), 'skipped'],
      // A stored id under another seq; then that seq, which nothing stored, with an id of its own.
      [as(y[1]!, { seq: 1000 }), 'skipped'],
      [as(y[0]!, { seq: 1000, id: newIdOf() }), 'applied'],
      [y[2]!, 'applied'],
      // The page's own id under another seq.
      [as(y[2]!, { seq: 1001 }), 'skipped'],
      // x4's id, skipped above by its seq and stored nowhere, under a seq of its own.
      [as(x[4]!, { seq: x[9]!.seq + 1 }), 'applied'],
      // Ids in this till's journal: the seed's, from the device of that epoch, and its own, from another.
      [seedEntry, 'skipped'],
      [as(y[3]!, { id: own.id }), 'skipped'],
      // This till's own entry.
      [own, 'skipped'],
    ];
    const applied = page.filter(([, what]) => what === 'applied').map(([e]) => e);
    expect(b.store.applyForeign(page.map(([e]) => e))).toEqual({ applied: 8, skipped: 12 });
    expect(rows()).toEqual([
      ...storedBefore,
      ...applied.map((e) => ({ device_id: e.deviceId, seq: e.seq, id: e.id })),
    ]);
    expect(b.store.balance(household)).toBe(
      balance + applied.reduce((sum, e) => sum + (e.body as { amount: number }).amount, 0),
    );
    expect(
      b.store.db
        .prepare('SELECT entry_id FROM points_entries WHERE rowid > ? ORDER BY rowid')
        .pluck()
        .all(points),
    ).toEqual(applied.map((e) => e.id));

    // A resend changes nothing.
    expect(b.store.applyForeign(page.map(([e]) => e))).toEqual({ applied: 0, skipped: 20 });
    expect(rows()).toHaveLength(storedBefore.length + 8);
  });
});
