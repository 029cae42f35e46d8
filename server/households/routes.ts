import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireRowInScope, requireTownship, sessionOf, villageScope } from '../console-api/guard';
import { scopedChange } from '../console-api/scoped-change';
import type { ServerDatabase } from '../db/schema';
import { parseWith } from '../routes/errors';
import { closeHousehold, householdIn, moveMember, reissuePlate, saveHousehold, saveMember } from './edit';
import { searchHouseholds } from './search';
import { householdStatement, householdView } from './statement';

const id = z.uuid();
const T = z.object({ townshipId: id });
const TH = z.object({ townshipId: id, householdId: id });
const TM = z.object({ townshipId: id, memberId: id });
const HouseholdBody = z.object({
  villageId: id,
  number: z.string().trim().min(1).max(40),
  address: z.string().trim().max(200).default(''),
});
const MemberBody = z.object({
  name: z.string().trim().min(1).max(120),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  isHead: z.boolean().default(false),
});

/**
 * Households and members pages (decision 0620): search and statements for officers and
 * a cadre's own village; changes by township officers, each audited in its transaction.
 */
export const householdRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/people/options', async (req) => {
    const { townshipId } = parseWith(T, req.params, false);
    const s = sessionOf(req);
    requireTownship(s, townshipId);
    const v = villageScope(s);
    let villages = db.selectFrom('villages').select(['id', 'name']).where('townshipId', '=', townshipId);
    if (v) villages = villages.where('id', '=', v);
    const [vs, shops] = await Promise.all([
      villages.orderBy('name').execute(),
      db
        .selectFrom('shops')
        .select(['id', 'name', 'villageId'])
        .where('townshipId', '=', townshipId)
        .orderBy('name')
        .execute(),
    ]);
    return { villages: vs, shops: v ? shops.filter((x) => x.villageId === v) : shops };
  });

  api.get('/townships/:townshipId/households', async (req) => {
    const { townshipId } = parseWith(T, req.params, false);
    const q = parseWith(
      z.object({
        q: z.string().max(40).default(''),
        villageId: id.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      req.query,
      false,
    );
    const s = sessionOf(req);
    requireTownship(s, townshipId);
    const scope = villageScope(s) ?? q.villageId ?? null;
    return searchHouseholds(db, townshipId, { q: q.q, villageId: scope, limit: q.limit });
  });

  const visible = async (req: Parameters<typeof sessionOf>[0], townshipId: string, householdId: string) => {
    const s = sessionOf(req);
    const h = await db
      .selectFrom('households')
      .select(['townshipId', 'villageId'])
      .where('id', '=', householdId)
      .executeTakeFirst();
    requireRowInScope(s, townshipId, h, { householdId });
    return s;
  };

  api.get('/townships/:townshipId/households/:householdId', async (req) => {
    const p = parseWith(TH, req.params, false);
    await visible(req, p.townshipId, p.householdId);
    return householdView(db, p.townshipId, p.householdId);
  });

  api.get('/townships/:townshipId/households/:householdId/statement', async (req) => {
    const p = parseWith(TH, req.params, false);
    await visible(req, p.townshipId, p.householdId);
    return {
      household: await householdView(db, p.townshipId, p.householdId),
      lines: await householdStatement(db, p.townshipId, p.householdId),
    };
  });

  api.post('/townships/:townshipId/households', async (req) => {
    const { townshipId } = parseWith(T, req.params, false);
    const b = parseWith(HouseholdBody.extend({ head: z.string().trim().min(1).max(120) }), req.body, false);
    return scopedChange(
      deps,
      req,
      townshipId,
      { villageId: b.villageId },
      { action: 'household.create', target: `household:${b.number}`, details: b },
      async (trx) => {
        const householdId = await saveHousehold(trx, clock, townshipId, null, b);
        await saveMember(trx, clock, townshipId, householdId, null, { name: b.head, tags: [], isHead: true });
        return { id: householdId };
      },
    );
  });

  api.put('/townships/:townshipId/households/:householdId', async (req) => {
    const p = parseWith(TH, req.params, false);
    const b = parseWith(HouseholdBody, req.body, false);
    return scopedChange(
      deps,
      req,
      p.townshipId,
      { householdId: p.householdId, villageId: b.villageId },
      { action: 'household.update', target: `household:${p.householdId}`, details: b },
      async (trx) => {
        await saveHousehold(trx, clock, p.townshipId, p.householdId, b);
        return { ok: true };
      },
    );
  });

  /** A change to one household that an officer gives a reason for, audited with it. */
  const withReason =
    <T>(
      action: string,
      change: (trx: Transaction<ServerDatabase>, townshipId: string, householdId: string) => Promise<T>,
    ) =>
    async (req: FastifyRequest) => {
      const p = parseWith(TH, req.params, false);
      const b = parseWith(z.object({ reason: z.string().trim().min(1).max(200) }), req.body, false);
      return scopedChange(
        deps,
        req,
        p.townshipId,
        { householdId: p.householdId },
        { action, target: `household:${p.householdId}`, details: b },
        (trx) => change(trx, p.townshipId, p.householdId),
      );
    };

  api.post(
    '/townships/:townshipId/households/:householdId/close',
    withReason('household.close', async (trx, t, h) => {
      await closeHousehold(trx, t, h);
      return { ok: true };
    }),
  );
  api.post(
    '/townships/:townshipId/households/:householdId/plate',
    withReason('household.plate', async (trx, t, h) => ({ plateVersion: await reissuePlate(trx, t, h) })),
  );

  api.post('/townships/:townshipId/households/:householdId/members', async (req) => {
    const p = parseWith(TH, req.params, false);
    const b = parseWith(MemberBody, req.body, false);
    return scopedChange(
      deps,
      req,
      p.townshipId,
      { householdId: p.householdId },
      { action: 'member.create', target: `household:${p.householdId}`, details: b },
      async (trx) => ({
        id: await saveMember(trx, clock, p.townshipId, p.householdId, null, b),
      }),
    );
  });

  api.put('/townships/:townshipId/members/:memberId', async (req) => {
    const p = parseWith(TM, req.params, false);
    const b = parseWith(MemberBody.extend({ householdId: id }), req.body, false);
    return scopedChange(
      deps,
      req,
      p.townshipId,
      { memberId: p.memberId, householdId: b.householdId },
      { action: 'member.update', target: `member:${p.memberId}`, details: b },
      async (trx) => {
        await saveMember(trx, clock, p.townshipId, b.householdId, p.memberId, b);
        return { ok: true };
      },
    );
  });

  api.post('/townships/:townshipId/members/:memberId/move', async (req) => {
    const p = parseWith(TM, req.params, false);
    const b = parseWith(z.object({ toHouseholdId: id }), req.body, false);
    return scopedChange(
      deps,
      req,
      p.townshipId,
      { memberId: p.memberId, householdId: b.toHouseholdId },
      { action: 'member.move', target: `member:${p.memberId}`, details: b },
      async (trx) => {
        await householdIn(trx, p.townshipId, b.toHouseholdId);
        await moveMember(trx, p.townshipId, p.memberId, b.toHouseholdId);
        return { ok: true };
      },
    );
  });
};
