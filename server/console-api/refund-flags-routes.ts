import type { RefundFlagView } from '../../src/console/refund-flags';
import type { ConsoleRouteModule } from './deps';
import { resolveFlagRoute } from './flag-resolve';
import { requireTownship, sessionOf, villageScope } from './guard';
import { num, townshipParam } from './township-of';

/**
 * Refunds beyond the sale (decision 0311): a second void, or returns past what was sold,
 * that offline tills made of one sale. Listed beside the overdrafts; an officer resolves
 * one with a note.
 */
export const refundFlagsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db } = deps;

  api.get('/townships/:townshipId/refund-flags', async (req): Promise<RefundFlagView[]> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('refundFlags as f')
      .leftJoin('households as h', 'h.id', 'f.householdId')
      .leftJoin('villages as v', 'v.id', 'h.villageId')
      .leftJoin('devices as d', 'd.id', 'f.deviceId')
      .leftJoin('devices as d1', 'd1.id', 'f.firstDeviceId')
      .select([
        'f.id',
        'f.saleId',
        'f.receiptNo',
        'f.householdId',
        'h.number as householdNumber',
        'v.name as villageName',
        'd.name as deviceName',
        'd1.name as firstDeviceName',
        'f.reason',
        'f.salePoints',
        'f.refundedPoints',
        'f.period',
        'f.detectedAt',
        'f.status',
        'f.note',
        'f.resolvedByName as resolvedBy',
        'f.resolvedAt',
      ])
      .where('f.townshipId', '=', t)
      .$if(village !== null, (q) => q.where('h.villageId', '=', village!))
      .orderBy('f.status')
      .orderBy('f.detectedAt', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      ...r,
      salePoints: Number(r.salePoints),
      refundedPoints: Number(r.refundedPoints),
      detectedAt: Number(r.detectedAt),
      resolvedAt: num(r.resolvedAt),
    }));
  });

  resolveFlagRoute(api, deps, {
    path: 'refund-flags',
    table: 'refundFlags',
    about: 'saleId',
    action: 'refund-flag.resolve',
    target: 'refund-flag',
    alreadyResolved: ['这条退款记录已经处理过了', 'This refund flag is already resolved'],
  });
};
