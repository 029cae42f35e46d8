import type { Kysely } from 'kysely';
import { tillError } from '../../src/errors';
import { type LedgerGroup, type PeriodReport, pivot } from '../../src/reports/reconciliation';
import type { ServerDatabase } from '../db/schema';
import { heldPastCutoff } from '../devices/reported-head';
import { PERIOD, periodCutoff } from './cutoff';

type Q = Kysely<ServerDatabase>;

/**
 * Computes the reconciliation of one township month from the ledger projection. Runs
 * inside the close transaction (holding the sync lock) so the locked report is exactly
 * what the ledger held at that moment.
 */
export async function computeReport(
  db: Q,
  townshipId: string,
  period: string,
  now: number,
): Promise<PeriodReport> {
  if (!PERIOD.test(period))
    throw tillError('INVALID_INPUT', '期间格式应为 YYYY-MM', 'Period must be YYYY-MM', { period });
  const township = await db
    .selectFrom('townships')
    .selectAll()
    .where('id', '=', townshipId)
    .executeTakeFirst();
  if (!township) throw tillError('INVALID_INPUT', '没有这个乡镇', 'No such township', { townshipId });
  const cutoff = periodCutoff(period, township.timeZone);
  const t = townshipId;

  const [groups, villages, shops, stock, closing, counts, overdrafts, voids, devices, closed] =
    await Promise.all([
      db
        .selectFrom('ledgerTotals')
        .select(['villageId', 'shopId', 'category', 'kind', 'points', 'costFen', 'count'])
        .where('townshipId', '=', t)
        .where('period', '=', period)
        .execute(),
      db.selectFrom('villages').select(['id', 'name']).where('townshipId', '=', t).execute(),
      db.selectFrom('shops').select(['id', 'name']).where('townshipId', '=', t).execute(),
      // Value changes at each shop's moving average, kept by ingest (decision 0810).
      db
        .selectFrom('stockTotals')
        .select((eb) => [
          'shopId',
          eb.fn.sum<number>('qty').as('qty'),
          eb.fn.sum<number>('valueFen').as('valueFen'),
        ])
        .where('townshipId', '=', t)
        .where('period', '<=', period)
        .groupBy('shopId')
        .execute(),
      db
        .selectFrom('ledgerTotals')
        .select((eb) => eb.fn.sum<number>('points').as('total'))
        .where('townshipId', '=', t)
        .where('period', '<=', period)
        .executeTakeFirst(),
      db
        .selectFrom('periodCounts')
        .select(['entries', 'late'])
        .where('townshipId', '=', t)
        .where('period', '=', period)
        .executeTakeFirst(),
      db
        .selectFrom('overdrafts as o')
        .leftJoin('households as h', 'h.id', 'o.householdId')
        .select(['o.householdId', 'h.number', 'o.entryId', 'o.deviceId', 'o.balanceAfter'])
        .where('o.townshipId', '=', t)
        .where('o.period', '=', period)
        .orderBy('o.detectedAt')
        .execute(),
      db
        .selectFrom('ledgerLines as l')
        .leftJoin('households as h', 'h.id', 'l.householdId')
        .select(['l.entryId', 'l.shopId', 'h.number', 'l.points', 'l.costFen'])
        .where('l.townshipId', '=', t)
        .where('l.period', '=', period)
        .where('l.kind', '=', 'voided')
        .orderBy('l.entryId')
        .execute(),
      db
        .selectFrom('devices')
        .select([
          'id',
          'name',
          'shopId',
          'lastSyncAt',
          'lastSeq',
          'lastClockSkewMs',
          'reportedHead',
          'reportedHeadAt',
        ])
        .where('townshipId', '=', t)
        .where('kind', '=', 'till')
        .where('status', '=', 'active')
        .orderBy('name')
        .execute(),
      db
        .selectFrom('periods')
        .select('period')
        .where('townshipId', '=', t)
        .where('period', '=', period)
        .executeTakeFirst(),
    ]);
  const villageName = new Map(villages.map((v) => [v.id, v.name]));
  const shopName = new Map(shops.map((s) => [s.id, s.name]));
  const p = pivot(
    groups.map(
      (g) =>
        ({
          ...g,
          villageId: g.villageId === '' ? null : g.villageId,
          shopId: g.shopId === '' ? null : g.shopId,
          points: Number(g.points),
          costFen: Number(g.costFen),
          count: Number(g.count),
        }) as LedgerGroup,
    ),
    { village: (id) => villageName.get(id) ?? id, shop: (id) => shopName.get(id) ?? id },
  );
  const stockRows = stock
    .map((s) => ({
      shopId: s.shopId,
      name: shopName.get(s.shopId) ?? s.shopId,
      qty: Number(s.qty),
      valueFen: Number(s.valueFen),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return {
    townshipId,
    townshipName: township.name,
    period,
    cutoff,
    generatedAt: now,
    closed: closed !== undefined,
    totals: { ...p.totals, entries: Number(counts?.entries ?? 0), lateEntries: Number(counts?.late ?? 0) },
    byVillage: p.byVillage,
    byShop: p.byShop,
    byCategory: p.byCategory,
    stock: stockRows,
    stockValueFen: stockRows.reduce((s, r) => s + r.valueFen, 0),
    closingBalance: Number(closing?.total ?? 0),
    overdrafts: overdrafts.map((o) => ({
      householdId: o.householdId,
      householdNumber: o.number ?? o.householdId,
      entryId: o.entryId,
      deviceId: o.deviceId,
      balanceAfter: Number(o.balanceAfter),
    })),
    voids: voids.map((v) => ({
      entryId: v.entryId,
      shopName: v.shopId ? (shopName.get(v.shopId) ?? v.shopId) : '-',
      householdNumber: v.number ?? '-',
      points: Number(v.points),
      costFen: Number(v.costFen),
    })),
    devices: devices.map((d) => ({
      deviceId: d.id,
      name: d.name,
      shopName: d.shopId ? (shopName.get(d.shopId) ?? d.shopId) : '-',
      lastSyncAt: d.lastSyncAt === null ? null : Number(d.lastSyncAt),
      lastSeq: Number(d.lastSeq),
      clockSkewMs: d.lastClockSkewMs === null ? null : Number(d.lastClockSkewMs),
      // Not lastSyncAt: any stored batch or pull sets that, even one cut off midway.
      syncedPastCutoff: heldPastCutoff({ ...d, lastSeq: Number(d.lastSeq) }, cutoff),
    })),
  };
}
