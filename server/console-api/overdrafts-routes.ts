import { z } from 'zod';
import { OverdraftResolveSchema, type OverdraftView } from '../../src/console/overdrafts';
import { tillError } from '../../src/errors';
import { parseWith } from '../routes/errors';
import { audited } from './audited';
import type { ConsoleRouteModule } from './deps';
import { requireOfficer, requireRowInScope, requireTownship, sessionOf, villageScope } from './guard';
import { id, num, townshipParam } from './township-of';

/** Overdraft review: households that two offline shops took below zero; resolved with a note. */
export const overdraftsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/overdrafts', async (req): Promise<OverdraftView[]> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('overdrafts as o')
      .leftJoin('households as h', 'h.id', 'o.householdId')
      .leftJoin('villages as v', 'v.id', 'h.villageId')
      .leftJoin('devices as d', 'd.id', 'o.deviceId')
      .leftJoin('overdraftNotes as n', 'n.overdraftId', 'o.id')
      .select([
        'o.id',
        'o.householdId',
        'h.number as householdNumber',
        'v.name as villageName',
        'o.deviceId',
        'd.name as deviceName',
        'o.entryId',
        'o.balanceAfter',
        'o.period',
        'o.detectedAt',
        'o.status',
        'n.note',
        'n.resolvedByName as resolvedBy',
        'n.resolvedAt',
      ])
      .where('o.townshipId', '=', t)
      .$if(village !== null, (q) => q.where('h.villageId', '=', village!))
      .orderBy('o.status')
      .orderBy('o.detectedAt', 'desc')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      ...r,
      balanceAfter: Number(r.balanceAfter),
      detectedAt: Number(r.detectedAt),
      resolvedAt: num(r.resolvedAt),
    }));
  });

  api.post('/townships/:townshipId/overdrafts/:overdraftId/resolve', async (req) => {
    const s = sessionOf(req);
    const p = parseWith(z.object({ townshipId: id, overdraftId: id }), req.params, false);
    requireOfficer(s, p.townshipId);
    const b = parseWith(OverdraftResolveSchema, req.body, false);
    const row = await db
      .selectFrom('overdrafts')
      .select(['townshipId', 'status', 'householdId'])
      .where('id', '=', p.overdraftId)
      .executeTakeFirst();
    requireRowInScope(s, p.townshipId, row, { overdraftId: p.overdraftId });
    if (row!.status === 'resolved')
      throw tillError('INVALID_INPUT', '这笔透支已经处理过了', 'This overdraft is already resolved', {
        overdraftId: p.overdraftId,
      });
    await audited(
      deps,
      s,
      p.townshipId,
      {
        action: 'overdraft.resolve',
        target: `overdraft:${p.overdraftId}`,
        details: { note: b.note, householdId: row!.householdId },
      },
      async (trx) => {
        await trx
          .updateTable('overdrafts')
          .set({ status: 'resolved' })
          .where('id', '=', p.overdraftId)
          .execute();
        await trx
          .insertInto('overdraftNotes')
          .values({
            overdraftId: p.overdraftId,
            townshipId: p.townshipId,
            note: b.note,
            resolvedBy: s.officer.id,
            resolvedByName: s.officer.name,
            resolvedAt: clock.now(),
          })
          .execute();
      },
    );
    return { ok: true };
  });
};
