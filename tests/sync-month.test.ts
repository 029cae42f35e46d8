import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type TillStore } from '../main/store';
import { SyncClient, SyncSettings } from '../main/sync';
import { commitSale, contextFor, postPoints, receiveStock, reverseSale } from '../main/till';
import {
  businessDate,
  lastDayOf,
  ManualClock,
  periodOf,
  previousPeriod,
  startOfLocalDay,
} from '../src/clock';
import { TillError } from '../src/errors';
import { newId } from '../src/ids';
import type { JournalEntry } from '../src/journal';
import type { PeriodReport } from '../src/reports/reconciliation';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import type { OfficerApi, ServerProcess } from './support/server-process';
import type { Township } from './support/township';

/**
 * A simulated month (February of a leap year): 10 tills in 5 villages trade every day of
 * it on their own clocks, each online only every third day; then, on the township's
 * clock an hour into March, every till syncs and the township closes the month. The sum
 * of the till ledgers, the server ledger and the month-end report must agree exactly, on
 * both database dialects.
 */
const NOW = startOfLocalDay('2028-03-01') + 60 * 60 * 1000;
const MONTH = previousPeriod(periodOf(businessDate(NOW)));
const DAYS = Number(lastDayOf(MONTH).slice(8));
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(['sqlite', 'postgres'] as const)('a month of traffic from 10 tills on %s', (dialect) => {
  let town: SeededTownship;
  let dir: string;
  let server: ServerProcess;
  let api: OfficerApi;
  let t: Township;
  let stores: TillStore[];

  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 5, shopsPerVillage: 2, households: 40 },
      dirPrefix: 'jifen-month-',
    });
    ({ dir, server, api, t, stores } = town);
  });

  afterAll(() => town?.close());

  test('sum of till ledgers = server ledger = month-end report', async () => {
    const clock = new ManualClock(startOfLocalDay(`${MONTH}-01`) + 9 * 60 * 60 * 1000);
    const rand = prng(dialect === 'sqlite' ? 7 : 11);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const manager = { id: t.clerkId, name: '店员', role: 'manager' as const };
    const tills: { store: TillStore; sync: SyncClient; sales: string[] }[] = [];
    for (const [i, shopId] of t.shopIds.entries()) {
      const store = openStore(join(dir, `till-${i}.db`), { clock });
      stores.push(store);
      const sync = new SyncClient({ store, clock, batchSize: 100 });
      const { code } = await api.call<{ code: string }>('POST', `/api/shops/${shopId}/enrollment-codes`);
      await sync.enroll(server.url, code, `收银机 ${i + 1}`);
      expect((await sync.syncNow()).state).toBe('idle');
      for (const productId of t.productIds) {
        receiveStock(contextFor(store), manager, {
          productId,
          qty: 150,
          unitCostFen: 1000 + Math.floor(rand() * 2000),
          donation: false,
          reference: '月初',
        });
      }
      tills.push({ store, sync, sales: [] });
    }

    let refusals = 0;
    for (let day = 0; day < DAYS; day++) {
      for (const [i, till] of tills.entries()) {
        const ctx = contextFor(till.store);
        for (let k = 0; k < 3; k++) {
          postPoints(ctx, manager, {
            householdId: pick(t.households).id,
            ruleId: pick(t.ruleIds),
            reason: '评议',
          });
          clock.advance(60_000);
        }
        for (let k = 0; k < 3; k++) {
          try {
            const sale = commitSale(
              ctx,
              manager,
              {
                saleId: newId(clock),
                cardUid: pick(t.households).cardUid,
                lines: [{ productId: pick(t.productIds), qty: 1 }],
              },
              null,
            );
            till.sales.push(sale.saleId);
          } catch (e) {
            if (!(e instanceof TillError)) throw e;
            refusals++;
          }
          clock.advance(60_000);
        }
        if (till.sales.length > 0 && rand() < 0.15) {
          reverseSale(ctx, manager, manager, { saleId: till.sales.pop()!, reason: '顾客退货' });
        }
        if ((day + i) % 3 === 0) expect((await till.sync.syncNow()).state).toBe('idle');
      }
      clock.advance(24 * 60 * 60 * 1000 - 10 * 6 * 60_000);
    }
    for (const till of tills) await till.sync.syncNow();
    for (const till of tills)
      expect(await till.sync.syncNow()).toMatchObject({ state: 'idle', pendingEntries: 0 });

    // Sum of the till ledgers, from each till's own journal.
    const expected = {
      issued: 0,
      deducted: 0,
      redeemed: 0,
      voided: 0,
      goodsCostFen: 0,
      stockValueFen: 0,
      entries: 0,
    };
    const perHousehold = new Map<string, number>();
    const add = (h: string, v: number) => perHousehold.set(h, (perHousehold.get(h) ?? 0) + v);
    for (const { store } of tills) {
      const own = store.journalAfter(0, 1_000_000) as JournalEntry[];
      expected.entries += own.length;
      for (const e of own) {
        if (e.kind === 'points.award' || e.kind === 'points.deduct') {
          if (e.kind === 'points.award') expected.issued += e.body.amount;
          else expected.deducted += e.body.amount;
          add(e.body.householdId, e.body.amount);
        }
        if (e.kind.startsWith('stock.') && 'unitCostFen' in e.body && 'qty' in e.body)
          expected.stockValueFen += e.body.qty * e.body.unitCostFen;
        if (e.kind === 'sale' || e.kind === 'sale.void') {
          const sign = e.kind === 'sale' ? -1 : 1;
          const cost = e.body.lines.reduce((s, l) => s + l.qty * l.unitCostFen, 0);
          if (e.kind === 'sale') expected.redeemed -= e.body.totalPoints;
          else expected.voided += e.body.totalPoints;
          expected.goodsCostFen -= sign * cost;
          expected.stockValueFen += sign * cost;
          add(e.body.householdId, sign * e.body.totalPoints);
        }
      }
    }
    expect(expected.redeemed).toBeLessThan(0);
    expect(expected.voided).toBeGreaterThan(0);

    // Server ledger.
    const balances = await api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);
    expect(balances).toEqual(Object.fromEntries(perHousehold));
    // Every till, after its last pull, holds the same balances as the server.
    for (const { store } of tills) {
      for (const [h, v] of perHousehold) expect(store.balance(h)).toBe(v);
    }

    // Month-end report.
    const { report } = await api.call<{ report: PeriodReport }>(
      'POST',
      `/api/townships/${t.townshipId}/periods/${MONTH}/close`,
      {},
    );
    expect(report.totals).toMatchObject({
      issued: expected.issued,
      deducted: expected.deducted,
      redeemed: expected.redeemed,
      voided: expected.voided,
      reversed: 0,
      goodsCostFen: expected.goodsCostFen,
      entries: expected.entries,
      lateEntries: 0,
    });
    expect(report.stockValueFen).toBe(expected.stockValueFen);
    expect(report.closingBalance).toBe([...perHousehold.values()].reduce((s, v) => s + v, 0));
    expect(report.byVillage.reduce((s, r) => s + r.net, 0)).toBe(report.totals.net);
    expect(report.byShop.reduce((s, r) => s + r.redeemed, 0)).toBe(expected.redeemed);
    expect(report.byShop).toHaveLength(10);
    expect(report.devices.every((d) => d.syncedPastCutoff)).toBe(true);
    const overdrafts = await api.call<unknown[]>('GET', `/api/townships/${t.townshipId}/overdrafts`);
    expect(report.overdrafts).toHaveLength(overdrafts.length);
    for (const { store } of tills) expect(new SyncSettings(store).overdrafts).toHaveLength(overdrafts.length);
    // Tills refuse sales beyond the balance or stock they know; those write nothing.
    expect(refusals + tills.reduce((n, x) => n + x.sales.length, 0)).toBeGreaterThan(0);
    // A month of ten tills: about 20 s on a quiet 2-core machine, and 60 s was seen under load.
  }, 180_000);
});
