import type { PointsFlagView } from '../../src/console/points';
import type { ConsoleRouteModule } from '../console-api/deps';
import { resolveFlagRoute } from '../console-api/flag-resolve';
import { requireTownship, sessionOf, villageScope } from '../console-api/guard';
import { num } from '../console-api/township-of';
import type { PointsFlagReason } from '../db/schema';
import { parseWith } from '../routes/errors';
import { T } from './console-params';

/** Points flags raised at ingest (decision 0921): listed in the overdraft review, resolved by an officer with a note. */
export const pointsFlagsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db } = deps;

  api.get('/townships/:townshipId/points-flags', async (req): Promise<PointsFlagView[]> => {
    const { townshipId } = parseWith(T, req.params, false);
    const s = sessionOf(req);
    requireTownship(s, townshipId);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('pointsFlags as f')
      .leftJoin('households as h', 'h.id', 'f.householdId')
      .leftJoin('villages as v', 'v.id', 'h.villageId')
      .leftJoin('devices as d', 'd.id', 'f.deviceId')
      .leftJoin('pointsAwards as a', 'a.postedEntryId', 'f.entryId')
      .leftJoin('rules as r', 'r.id', 'a.ruleId')
      .select((eb) => [
        eb.fn.coalesce('a.ruleName', 'r.name').as('ruleName'),
        'f.id',
        'f.entryId',
        'f.householdId',
        'h.number as householdNumber',
        'v.name as villageName',
        'd.name as deviceName',
        'f.reason',
        'a.counted',
        'f.points',
        'f.period',
        'f.detectedAt',
        'f.status',
        'f.note',
        'f.resolvedByName as resolvedBy',
        'f.resolvedAt',
      ])
      .where('f.townshipId', '=', townshipId)
      .$if(village !== null, (q) => q.where('h.villageId', '=', village!))
      .orderBy('f.status')
      .orderBy('f.detectedAt', 'desc')
      .orderBy('f.id', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      ...r,
      reason: r.reason as PointsFlagReason,
      ruleName: r.ruleName ?? null,
      counted: r.counted === 1,
      points: Number(r.points),
      detectedAt: Number(r.detectedAt),
      note: r.note ?? null,
      resolvedBy: r.resolvedBy ?? null,
      resolvedAt: num(r.resolvedAt),
    }));
  });

  resolveFlagRoute(api, deps, {
    path: 'points-flags',
    table: 'pointsFlags',
    about: 'entryId',
    action: 'points.flag-resolve',
    target: 'points-flag',
    alreadyResolved: ['这条积分异常已经处理过了', 'This points flag is already resolved'],
  });
};
