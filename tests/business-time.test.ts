import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { commitSale, contextFor, receiveStock } from '../main/till';
import { businessDate, lastDayOf, ManualClock, nextPeriod, startOfLocalDay } from '../src/clock';
import { newId } from '../src/ids';
import type { PeriodReport } from '../src/reports/reconciliation';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import type { OfficerApi } from './support/server-process';
import type { Township } from './support/township';

/**
 * Business time at a month's edge, from the till through sync to the month-end close:
 * a sale a tenth of a second before midnight on the last day belongs to that month on
 * the till, in the server's ledger and in the closed report; one at midnight belongs to
 * the next. A till whose clock is nine hours slow dates its entries by its own clock,
 * consistently, and the report names it and says by how much it was off.
 */
const MONTH = '2027-02';
const NEXT = nextPeriod(MONTH);
const MIDNIGHT = startOfLocalDay(`${NEXT}-01`);
/** The township's clock: ten minutes into the next month. */
const NOW = MIDNIGHT + 10 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe.each(['sqlite', 'postgres'] as const)('business time at the month edge on %s', (dialect) => {
  let town: SeededTownship;
  let dir: string;
  let api: OfficerApi;
  let t: Township;
  let stores: TillStore[];

  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 1, shopsPerVillage: 2, households: 2 },
      dirPrefix: 'jifen-edge-',
    });
    ({ dir, api, t, stores } = town);
    await api.call('POST', `/api/townships/${t.townshipId}/awards`, {
      householdId: t.households[0]!.id,
      amount: 100_000,
      reason: '乡镇表彰',
    });
  });

  afterAll(() => town?.close());

  const manager = () => ({ id: t.clerkId, name: '店员', role: 'manager' as const });
  async function till(shop: number, clock: ManualClock, name: string) {
    const store = openStore(join(dir, `${name}.db`), { clock });
    stores.push(store);
    const sync = new SyncClient({ store, clock });
    const { code } = await api.call<{ code: string }>(
      'POST',
      `/api/shops/${t.shopIds[shop]}/enrollment-codes`,
    );
    await sync.enroll(town.server.url, code, name);
    expect((await sync.syncNow()).state).toBe('idle');
    receiveStock(contextFor(store), manager(), {
      productId: t.productIds[0]!,
      qty: 10,
      unitCostFen: 2000,
      donation: false,
      reference: '县供销社',
    });
    return { store, sync };
  }
  const sell = (store: TillStore) =>
    commitSale(
      contextFor(store),
      manager(),
      {
        saleId: newId(store.clock),
        cardUid: t.households[0]!.cardUid,
        lines: [{ productId: t.productIds[0]!, qty: 1 }],
      },
      null,
    );
  const report = (period: string) =>
    api.call<{ report: PeriodReport }>('GET', `/api/townships/${t.townshipId}/periods/${period}/report.json`);

  test('a sale at 23:59:59.9 on the last day is that month on the till, on the server and in the close', async () => {
    const clock = new ManualClock(MIDNIGHT - HOUR);
    const edge = await till(0, clock, 'edge');
    clock.set(MIDNIGHT - 100);
    const last = sell(edge.store);
    clock.set(MIDNIGHT);
    const first = sell(edge.store);
    const price = last.totalPoints;
    const dated = edge.store.db
      .prepare('SELECT business_date FROM journal WHERE id IN (?, ?) ORDER BY seq')
      .pluck()
      .all(last.saleId, first.saleId);
    expect(dated).toEqual([lastDayOf(MONTH), `${NEXT}-01`]);
    expect(await edge.sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });

    // The slow till: nine hours behind, so to it the township's 00:10 is 15:10 the day before.
    const slowClock = new ManualClock(NOW - 9 * HOUR);
    const slow = await till(1, slowClock, 'slow');
    const slowSale = sell(slow.store);
    expect(await slow.sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });
    const slowEntry = slow.store.db
      .prepare('SELECT at, business_date AS businessDate FROM journal WHERE id = ?')
      .get(slowSale.saleId) as { at: number; businessDate: string };
    expect(slowEntry.businessDate).toBe(lastDayOf(MONTH));
    expect(slowEntry.businessDate).toBe(businessDate(slowEntry.at));

    const preview = (await report(MONTH)).report;
    expect(preview.totals.redeemed).toBe(-2 * price);
    expect((await report(NEXT)).report.totals.redeemed).toBe(-price);

    const closed = await api.call<{ report: PeriodReport }>(
      'POST',
      `/api/townships/${t.townshipId}/periods/${MONTH}/close`,
      {},
    );
    expect(closed.report.closed).toBe(true);
    expect(closed.report.totals.redeemed).toBe(-2 * price);
    const byShop = new Map(closed.report.byShop.map((s) => [s.name, s.redeemed]));
    expect([...byShop.values()].sort()).toEqual([-price, -price]);
    expect((await report(NEXT)).report.totals.redeemed).toBe(-price);

    // Which till's clock was off, and by how much, in the report and its exports.
    const rows = new Map(closed.report.devices.map((d) => [d.name, d.clockSkewMs]));
    expect(Math.abs(rows.get('edge')!)).toBeGreaterThan(9 * 60 * 1000);
    expect(Math.abs(rows.get('edge')!)).toBeLessThan(HOUR);
    expect(Math.round(rows.get('slow')! / 60_000)).toBe(-9 * 60);
    const csv = await (
      await api.raw('GET', `/api/townships/${t.townshipId}/periods/${MONTH}/report.csv`)
    ).text();
    expect(csv).toMatch(/slow,[^\r\n]*慢 9 小时 \/ 9 h slow/);
  });
});
