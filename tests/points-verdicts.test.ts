import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPin, openStore, type TillStore, verifyStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { contextFor } from '../main/till';
import { proposeAward } from '../main/till/points-awards';
import { householdStatement, monthlyNotice } from '../main/till/points-notice';
import { householdView } from '../main/till/queries';
import { ManualClock } from '../src/clock';
import { newId } from '../src/ids';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';

/** 10:00 in Shanghai on 2027-04-15. */
const NOW = Date.UTC(2027, 3, 15, 2, 0, 0);

/**
 * The township's verdict reaches the tills (decision 0720): an award approved at a till by
 * someone the server does not know as an approver (a cadre the township demoted before the
 * till heard of it) is stored and never counted at the server, and after a sync neither the
 * till that wrote it nor another till counts it: all three show the same balance.
 */
describe.each(['sqlite', 'postgres'] as const)('the township verdict reaches the till on %s', (dialect) => {
  let town: SeededTownship;
  const zhou = newId({ now: () => NOW });
  const zhouAs = (role: 'cadre' | 'clerk') => ({
    id: zhou,
    name: '周会计',
    role,
    shopId: null,
    pinHash: hashPin('2580'),
    active: true,
  });
  const tills: { store: TillStore; sync: SyncClient }[] = [];

  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 1, shopsPerVillage: 2, households: 2 },
      dirPrefix: 'jifen-points-verdicts-',
    });
    await town.api.call('PUT', `/api/townships/${town.t.townshipId}/master`, { clerks: [zhouAs('cadre')] });
    for (const [i, shopId] of town.t.shopIds.entries()) {
      const clock = new ManualClock(NOW);
      const store = openStore(join(town.dir, `till-${i}.db`), { clock });
      town.stores.push(store);
      const sync = new SyncClient({ store, clock });
      const { code } = await town.api.call<{ code: string }>('POST', `/api/shops/${shopId}/enrollment-codes`);
      await sync.enroll(town.server.url, code, `till-${i}`);
      expect((await sync.syncNow()).state).toBe('idle');
      tills.push({ store, sync });
    }
  });

  afterAll(() => town?.close());

  test('an award the township does not count is left out of both tills’ balances, with the reason', async () => {
    const h = town.t.households[1]!.id;
    const serverBalance = async () =>
      (await town.api.call<Record<string, number>>('GET', `/api/townships/${town.t.townshipId}/balances`))[
        h
      ] ?? 0;
    const before = await serverBalance();
    // The township takes 周's approver role away; the first till has not pulled since.
    await town.api.call('PUT', `/api/townships/${town.t.townshipId}/master`, { clerks: [zhouAs('clerk')] });
    const [a, b] = tills as [(typeof tills)[0], (typeof tills)[0]];
    const ctx = contextFor(a.store);
    const manager = { id: town.t.clerkId, name: '店长', role: 'manager' as const };
    const award = proposeAward(
      ctx,
      manager,
      { householdId: h, memberId: null, ruleId: null, amount: 500, reason: '清扫村道' },
      { id: zhou, name: '周会计', role: 'cadre' },
    );
    expect(a.store.balance(h)).toBe(before + 500);

    expect((await a.sync.syncNow()).state).toBe('idle');
    expect((await b.sync.syncNow()).state).toBe('idle');
    expect(await serverBalance()).toBe(before);
    expect(a.store.balance(h)).toBe(before);
    expect(b.store.balance(h)).toBe(before);
    for (const t of [a, b]) {
      const view = householdView(contextFor(t.store), h);
      expect(view.balance).toBe(before);
      expect(view.recent.find((l) => l.id === award.postedEntryId)).toMatchObject({
        amount: 500,
        uncounted: 'approver-role',
      });
      const statement = householdStatement(contextFor(t.store), {
        householdId: h,
        from: '2027-04-01',
        to: '2027-04-30',
      });
      expect(statement.closing).toBe(before);
      expect(statement.lines.find((l) => l.id === award.postedEntryId)).toMatchObject({
        amount: 500,
        balance: before,
        uncounted: 'approver-role',
      });
      // The next month opens without it, and the village's notice does not list it.
      const may = householdStatement(contextFor(t.store), {
        householdId: h,
        from: '2027-05-01',
        to: '2027-05-31',
      });
      expect(may.opening).toBe(before);
      const notice = monthlyNotice(contextFor(t.store), { villageId: null, period: '2027-04' });
      expect(notice.entries.map((e) => e.id)).not.toContain(award.postedEntryId);
      expect(verifyStore(t.store.db, t.store.deviceId)).toMatchObject({ ok: true, discrepancies: [] });
    }
    // A second sync brings nothing twice.
    expect((await a.sync.syncNow()).state).toBe('idle');
    expect((await b.sync.syncNow()).state).toBe('idle');
    expect([a.store.balance(h), b.store.balance(h)]).toEqual([before, before]);
  });

  test('the uncounted award does not use up a monthly rule: the till lets a counted one through, as the server does', async () => {
    const h = town.t.households[0]!.id;
    const at = `/api/townships/${town.t.townshipId}`;
    const serverBalance = async () =>
      (await town.api.call<Record<string, number>>('GET', `${at}/balances`))[h] ?? 0;
    const ruleId = newId({ now: () => NOW + 1 });
    const li = { id: newId({ now: () => NOW + 2 }), name: '李书记', role: 'cadre' as const };
    await town.api.call('PUT', `${at}/master`, {
      rules: [
        {
          id: ruleId,
          category: '环境卫生',
          name: '卫生评比（每月）',
          points: 300,
          personType: '全体',
          needsApproval: true,
          active: true,
          limitKind: 'month',
        },
      ],
      clerks: [{ ...li, shopId: null, pinHash: hashPin('3691'), active: true }],
    });
    const [a, b] = tills as [(typeof tills)[0], (typeof tills)[0]];
    expect((await a.sync.syncNow()).state).toBe('idle');
    const before = await serverBalance();
    const ctx = contextFor(a.store);
    const manager = { id: town.t.clerkId, name: '店长', role: 'manager' as const };
    const target = { householdId: h, memberId: null, ruleId, amount: null, reason: '院落整洁' };
    // Approved by 周 on a till that still takes him for a cadre: the township does not count it.
    proposeAward(ctx, manager, target, { id: zhou, name: '周会计', role: 'cadre' });
    expect((await a.sync.syncNow()).state).toBe('idle');
    expect(a.store.balance(h)).toBe(before);
    // This month's award is still to be given, at the till as at the township.
    proposeAward(ctx, manager, target, li);
    expect((await a.sync.syncNow()).state).toBe('idle');
    expect((await b.sync.syncNow()).state).toBe('idle');
    expect(await serverBalance()).toBe(before + 300);
    expect([a.store.balance(h), b.store.balance(h)]).toEqual([before + 300, before + 300]);
  });
});
