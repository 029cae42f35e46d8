import type { DashboardShop, DashboardView } from '../../src/console/dashboard';
import { keyFingerprint } from '../../src/sync/setup-file';
import type { ConsoleRouteModule } from './deps';
import { requireTownship, sessionOf, villageScope } from './guard';
import { currentPeriod, num, townshipParam, townshipRow } from './township-of';

/** Every shop and till of the township (a cadre: their village), open overdrafts, months to close. */
export const dashboardRoutes: ConsoleRouteModule = (api, { db, clock, key }) => {
  api.get('/townships/:townshipId/dashboard', async (req): Promise<DashboardView> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const township = await townshipRow(db, t);
    const village = villageScope(s);
    const now = clock.now();
    let shopsQ = db
      .selectFrom('shops as s')
      .innerJoin('villages as v', 'v.id', 's.villageId')
      .select(['s.id', 's.name', 's.villageId', 'v.name as villageName'])
      .where('s.townshipId', '=', t);
    if (village) shopsQ = shopsQ.where('s.villageId', '=', village);
    const [shops, devices, overdraftCount, newest, counts, closed, statuses] = await Promise.all([
      shopsQ.orderBy('v.name').orderBy('s.name').execute(),
      db
        .selectFrom('devices')
        .selectAll()
        .where('townshipId', '=', t)
        .where('kind', '=', 'till')
        .orderBy('name')
        .execute(),
      db
        .selectFrom('overdrafts as o')
        .leftJoin('households as h', 'h.id', 'o.householdId')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('o.townshipId', '=', t)
        .where('o.status', '=', 'open')
        .$if(village !== null, (q) => q.where('h.villageId', '=', village!))
        .executeTakeFirst(),
      db
        .selectFrom('overdrafts as o')
        .leftJoin('households as h', 'h.id', 'o.householdId')
        .leftJoin('villages as v', 'v.id', 'h.villageId')
        .select([
          'o.id',
          'o.householdId',
          'h.number',
          'v.name as villageName',
          'o.balanceAfter',
          'o.period',
          'o.detectedAt',
        ])
        .where('o.townshipId', '=', t)
        .where('o.status', '=', 'open')
        .$if(village !== null, (q) => q.where('h.villageId', '=', village!))
        .orderBy('o.detectedAt', 'desc')
        .limit(10)
        .execute(),
      db.selectFrom('periodCounts').select(['period', 'entries']).where('townshipId', '=', t).execute(),
      db.selectFrom('periods').select('period').where('townshipId', '=', t).execute(),
      db
        .selectFrom('tillStatus as st')
        .innerJoin('devices as d', 'd.id', 'st.deviceId')
        .select(['st.deviceId', 'st.appVersion', 'st.problems', 'st.reportedAt'])
        .where('d.townshipId', '=', t)
        .execute(),
    ]);
    const statusOf = new Map(statuses.map((x) => [x.deviceId, x]));
    const byShop = new Map<string, DashboardShop>(shops.map((x) => [x.id, { ...x, tills: [] }]));
    for (const d of devices) {
      const shop = d.shopId ? byShop.get(d.shopId) : undefined;
      if (!shop) continue;
      const tillSeq = num(d.reportedHead);
      const serverSeq = Number(d.lastSeq);
      const st = statusOf.get(d.id);
      shop.tills.push({
        id: d.id,
        name: d.name,
        status: d.status,
        enrolledAt: Number(d.enrolledAt),
        lastSyncAt: num(d.lastSyncAt),
        serverSeq,
        tillSeq,
        tillSeqAt: num(d.reportedHeadAt),
        pending: tillSeq === null ? null : Math.max(0, tillSeq - serverSeq),
        clockOffsetMs: num(d.lastClockSkewMs),
        reported: st
          ? { appVersion: st.appVersion, problems: JSON.parse(st.problems), at: Number(st.reportedAt) }
          : null,
      });
    }
    const current = currentPeriod(now, township.timeZone);
    const closedSet = new Set(closed.map((c) => c.period));
    return {
      serverTime: now,
      timeZone: township.timeZone,
      fingerprint: keyFingerprint(key.publicKey),
      shops: [...byShop.values()],
      openOverdrafts: {
        count: Number(overdraftCount?.n ?? 0),
        newest: newest.map((o) => ({
          id: o.id,
          householdId: o.householdId,
          householdNumber: o.number,
          villageName: o.villageName,
          balanceAfter: Number(o.balanceAfter),
          period: o.period,
          detectedAt: Number(o.detectedAt),
        })),
      },
      periodsToClose: counts
        .filter((c) => c.period < current && !closedSet.has(c.period))
        .map((c) => ({ period: c.period, entries: Number(c.entries) }))
        .sort((a, b) => a.period.localeCompare(b.period)),
      silentTills: [...byShop.values()]
        .flatMap((x) => x.tills)
        .filter((x) => x.status === 'active' && x.reported === null).length,
    };
  });
};
