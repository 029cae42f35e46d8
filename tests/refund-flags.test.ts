import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RefundFlagView } from '../src/console/refund-flags';
import type { JournalEntry } from '../src/journal';
import { ConsoleClient } from './support/console-client';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { bodies, RawDevice, type Township } from './support/township';

/**
 * Issue 11 hole 6 / issue 10: two offline tills of one shop void or take back the same
 * sale and refund it twice. Both entries stand (goods and points moved), and the server
 * flags, at ingest, the void or return that went past the sale (decision 0311); an
 * officer sees it beside the overdrafts and resolves it with a note. A manager's PIN
 * unlock synced from a till lands in the audit trail (decision 0310).
 */
const NOW = Date.UTC(2027, 3, 15, 2, 0, 0);
const PW = 'refund-flags-pw';

describe.each(['sqlite', 'postgres'] as const)('refunds beyond the sale (server on %s)', (dialect) => {
  let town: SeededTownship;
  let t: Township;
  let tillA: RawDevice;
  let tillB: RawDevice;
  let officer: ConsoleClient;

  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 1, shopsPerVillage: 1, households: 3 },
      dirPrefix: 'jifen-refund-flags-',
    });
    t = town.t;
    await town.api.call('POST', '/api/officers', {
      username: 'wang',
      name: '王主任',
      password: PW,
      role: 'officer',
      townshipId: t.townshipId,
      villageId: null,
    });
    officer = await new ConsoleClient(town.server.url).signIn('wang', PW);
    tillA = new RawDevice(town.server.url, t.shopIds[0]!, town.server.clock);
    tillB = new RawDevice(town.server.url, t.shopIds[0]!, town.server.clock);
    await tillA.enroll(town.api);
    await tillB.enroll(town.api);
  }, 120_000);

  afterAll(async () => {
    await town?.close();
  });

  const push = async (d: RawDevice, entries: JournalEntry[]) => {
    const r = await d.post('/sync/push', { entries });
    expect(r.status, r.text).toBe(200);
  };
  const refund = (sale: JournalEntry & { kind: 'sale' }, mode: 'void' | 'return', qty: number) => {
    const line = { ...sale.body.lines[0]!, qty, points: qty * sale.body.lines[0]!.unitPoints };
    return {
      kind: 'sale.void' as const,
      body: {
        saleId: sale.id,
        householdId: sale.body.householdId,
        shopId: sale.body.shopId,
        reason: '顾客退货',
        approvedBy: t.clerkId,
        lines: [line],
        totalPoints: line.points,
        mode,
      },
    };
  };
  const balances = () =>
    town.api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);
  const flags = () => officer.call<RefundFlagView[]>('GET', `/townships/${t.townshipId}/refund-flags`);
  const saleOf = (d: RawDevice, h: number, qty: number) =>
    d.append(1, () =>
      bodies.sale(t.shopIds[0]!, t.households[h]!, t.productIds[0]!, qty, 500, 300),
    )[0] as JournalEntry & { kind: 'sale' };

  test('two tills void the same sale: the second void is flagged; an honest void and a partial return are not', async () => {
    const before = (await balances())[t.households[0]!.id] ?? 0;
    const sale = saleOf(tillA, 0, 2);
    await push(tillA, [sale]);
    // Both tills, offline from each other, void it; tillB had pulled the sale earlier.
    await push(
      tillA,
      tillA.append(1, () => refund(sale, 'void', 2)),
    );
    await push(
      tillB,
      tillB.append(1, () => refund(sale, 'void', 2)),
    );
    // Another sale, taken back in part: within the sale, nothing to flag.
    const other = saleOf(tillA, 1, 3);
    await push(tillA, [other]);
    await push(
      tillB,
      tillB.append(1, () => refund(other, 'return', 1)),
    );

    const list = await flags();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      saleId: sale.id,
      receiptNo: sale.body.receiptNo,
      reason: 'second-void',
      salePoints: 1000,
      refundedPoints: 2000,
      deviceName: `raw ${tillB.id.slice(-4)}`,
      firstDeviceName: `raw ${tillA.id.slice(-4)}`,
      householdNumber: expect.any(String),
      status: 'open',
    });
    // Both voids stand in the ledger: the household got 1000 back twice.
    expect((await balances())[t.households[0]!.id]).toBe(before - 1000 + 2000);
  });

  test('returns that together take back more than was sold are flagged at the one that went past', async () => {
    const sale = saleOf(tillA, 2, 2);
    await push(tillA, [sale]);
    await push(
      tillA,
      tillA.append(1, () => refund(sale, 'return', 1)),
    );
    await push(
      tillB,
      tillB.append(1, () => refund(sale, 'return', 1)),
    );
    expect((await flags()).filter((f) => f.saleId === sale.id)).toHaveLength(0);
    const third = tillB.append(1, () => refund(sale, 'return', 1));
    await push(tillB, third);
    const flagged = (await flags()).filter((f) => f.saleId === sale.id);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ reason: 'exceeds-sale', salePoints: 1000, refundedPoints: 1500 });
  });

  test('an officer resolves a flag with a note; a second resolve and an empty note are refused', async () => {
    const [open] = (await flags()).filter((f) => f.reason === 'second-void');
    const empty = await officer.raw('POST', `/townships/${t.townshipId}/refund-flags/${open!.id}/resolve`, {
      note: ' ',
    });
    expect(empty.status).toBe(400);
    await officer.call('POST', `/townships/${t.townshipId}/refund-flags/${open!.id}/resolve`, {
      note: '两台收银机都作废了，已从户里扣回 10 分',
    });
    const after = (await flags()).find((f) => f.id === open!.id)!;
    expect(after).toMatchObject({ status: 'resolved', resolvedBy: '王主任' });
    expect(after.note).toBe('两台收银机都作废了，已从户里扣回 10 分');
    const again = await officer.raw('POST', `/townships/${t.townshipId}/refund-flags/${open!.id}/resolve`, {
      note: '再来一次',
    });
    expect(again.status).toBe(400);
    expect(again.body.error?.zh).toContain('已经处理过了');
  });

  test("a manager's PIN unlock synced from a till is in the audit trail: who, whom, why", async () => {
    await push(
      tillA,
      tillA.append(1, () => ({
        kind: 'clerk.unlock' as const,
        body: { clerkId: t.clerkId, reason: '忘记密码', failedAttempts: 10, paths: ['login' as const] },
      })),
    );
    const audit = await officer.call<{
      rows: { action: string; officerName: string; target: string; details: Record<string, unknown> }[];
    }>('GET', `/townships/${t.townshipId}/audit?action=clerk.unlock`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      action: 'clerk.unlock',
      target: `clerk:${t.clerkId}`,
      details: {
        reason: '忘记密码',
        failedAttempts: 10,
        paths: ['login'],
        deviceName: `raw ${tillA.id.slice(-4)}`,
      },
    });
  });
});
