import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { commitSale, contextFor, postPoints, receiveGoods, reverseSale, writeOffGoods } from '../main/till';
import { stockValuation } from '../main/till/stock-reports';
import { openServerDb } from '../server/db/connect';
import { stockLevelsTable } from '../server/db/stock-levels-table';
import { ManualClock, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import type { PeriodReport } from '../src/reports/reconciliation';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';

/**
 * The month-end report's stock value per shop is the till's own valuation at the same
 * cut-off (decision 0810): a till trades in February (two purchase costs, a donation, a
 * sale, its void, a write-off) and in March, syncs once, and the township's February close
 * and March report each equal what the till's stock valuation said at the end of that month.
 * The figures are also hand-computed, with the rounding that summing qty × unit cost misses.
 */
const NOW = startOfLocalDay('2027-04-02') + 10 * 3600_000;

describe.each(['sqlite', 'postgres'] as const)('stock value at month end on %s', (dialect) => {
  let town: SeededTownship;
  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 1, shopsPerVillage: 2, households: 1 },
      dirPrefix: 'jifen-stock-month-',
    });
  }, 120_000);
  afterAll(() => town?.close());

  test('February close and March report equal the till valuation at each cut-off', async () => {
    const { t, api, server, dir, stores } = town;
    const clock = new ManualClock(startOfLocalDay('2027-02-10') + 9 * 3600_000);
    const store = openStore(join(dir, 'till.db'), { clock });
    stores.push(store);
    const sync = new SyncClient({ store, clock });
    const { code } = await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`);
    await sync.enroll(server.url, code, '收银机');
    expect((await sync.syncNow()).state).toBe('idle');
    const ctx = contextFor(store);
    const manager = { id: t.clerkId, name: '店员', role: 'manager' as const };
    const soap = t.productIds[1]!;
    const h = t.households[0]!;
    const step = () => clock.advance(3600_000);
    const buy = (qty: number, unitCostFen: number) => {
      receiveGoods(ctx, manager, {
        kind: 'purchase',
        party: '县供销社',
        lines: [{ productId: soap, qty, unitCostFen }],
      });
      step();
    };

    buy(3, 300);
    buy(4, 333); // (900 + 1332) / 7 = 318.86 → 3.19
    receiveGoods(ctx, manager, {
      kind: 'donation',
      party: '爱心企业',
      lines: [{ productId: soap, qty: 5, unitCostFen: 0 }],
    });
    step();
    for (let i = 0; i < 4; i++)
      postPoints(ctx, manager, { householdId: h.id, ruleId: t.ruleIds[1]!, reason: '评议' });
    const sale = commitSale(
      ctx,
      manager,
      { saleId: newId(clock), cardUid: h.cardUid, lines: [{ productId: soap, qty: 2 }] },
      null,
    );
    step();
    buy(5, 400); // 10 at 3.19 + 5 at 4.00 = 3.46
    reverseSale(ctx, manager, manager, { saleId: sale.saleId, reason: '顾客退货' }); // 2 back at 3.19 → 3.43
    step();
    writeOffGoods(ctx, manager, { reason: 'damaged', lines: [{ productId: soap, qty: 1 }] });
    const february = stockValuation(ctx).totalFen;
    expect(february).toBe(16 * 343);

    clock.set(startOfLocalDay('2027-03-05') + 9 * 3600_000);
    buy(10, 250); // 16 at 3.43 + 10 at 2.50 = 3.07
    const march = stockValuation(ctx).totalFen;
    expect(march).toBe(26 * 307);
    expect(await sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    await sync.stop();

    const shopValue = (r: PeriodReport) => r.stock.find((s) => s.shopId === t.shopIds[0])?.valueFen;
    const closed = await api.call<{ report: PeriodReport }>(
      'POST',
      `/api/townships/${t.townshipId}/periods/2027-02/close`,
      {},
    );
    expect(shopValue(closed.report)).toBe(february);
    expect(closed.report.stockValueFen).toBe(february);
    expect(closed.report.stock.find((s) => s.shopId === t.shopIds[0])?.qty).toBe(16);
    const open = await api.call<{ report: PeriodReport }>(
      'GET',
      `/api/townships/${t.townshipId}/periods/2027-03/report.json`,
    );
    expect(shopValue(open.report)).toBe(march);
    expect(open.report.stockValueFen).toBe(march);
    if (dialect !== 'sqlite') return;

    // A database synced before migration 0810: no levels, months summed at qty × unit cost.
    // The migration rebuilds both by replaying the lines, and the report is the till's again.
    const serverDb = await openServerDb({ sqliteFile: join(dir, 'server.db') });
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the migration runs on the schema as it was
      const raw = serverDb.db as unknown as Kysely<any>;
      await sql`DROP TABLE stock_levels`.execute(raw);
      await sql`DROP INDEX stock_lines_shop_product`.execute(raw);
      await sql`UPDATE stock_totals SET value_fen = (SELECT coalesce(sum(l.value_fen), 0) FROM stock_lines l
        WHERE l.township_id = stock_totals.township_id AND l.period = stock_totals.period
          AND l.shop_id = stock_totals.shop_id)`.execute(raw);
      const summed = await api.call<{ report: PeriodReport }>(
        'GET',
        `/api/townships/${t.townshipId}/periods/2027-03/report.json`,
      );
      expect(shopValue(summed.report)).not.toBe(march);
      await stockLevelsTable.up(raw);
    } finally {
      await serverDb.close();
    }
    const rebuilt = await api.call<{ report: PeriodReport }>(
      'GET',
      `/api/townships/${t.townshipId}/periods/2027-03/report.json`,
    );
    expect(shopValue(rebuilt.report)).toBe(march);
  }, 120_000);
});
