import type { DateFlagView } from '../../src/console/date-flags';
import type { ConsoleRouteModule } from './deps';
import { resolveFlagRoute } from './flag-resolve';
import { requireTownship, sessionOf, villageScope } from './guard';
import { num, townshipParam } from './township-of';

/**
 * Entries a till dated otherwise than their `at` gives in the township's zone (decision
 * 0723): the date it wrote, the date the entry counts by and the month it counts in.
 * Listed under the overdrafts; an officer resolves one with a note.
 */
export const dateFlagsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db } = deps;

  api.get('/townships/:townshipId/date-flags', async (req): Promise<DateFlagView[]> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('dateFlags as f')
      .leftJoin('entries as e', 'e.id', 'f.entryId')
      .leftJoin('devices as d', 'd.id', 'f.deviceId')
      .leftJoin('shops as s', 's.id', 'd.shopId')
      .select([
        'f.id',
        'f.entryId',
        'f.kind',
        'd.name as deviceName',
        's.name as shopName',
        'f.at',
        'f.tillDate',
        'f.atDate',
        'e.period',
        'e.late',
        'f.detectedAt',
        'f.status',
        'f.note',
        'f.resolvedByName as resolvedBy',
        'f.resolvedAt',
      ])
      .where('f.townshipId', '=', t)
      .$if(village !== null, (q) => q.where('s.villageId', '=', village!))
      .orderBy('f.status')
      .orderBy('f.detectedAt', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      ...r,
      at: Number(r.at),
      late: Number(r.late) === 1,
      detectedAt: Number(r.detectedAt),
      note: r.note ?? null,
      resolvedBy: r.resolvedBy ?? null,
      resolvedAt: num(r.resolvedAt),
    }));
  });

  resolveFlagRoute(api, deps, {
    path: 'date-flags',
    table: 'dateFlags',
    about: 'entryId',
    action: 'date-flag.resolve',
    target: 'date-flag',
    alreadyResolved: ['这条日期记录已经处理过了', 'This date flag is already resolved'],
  });
};
