import { z } from 'zod';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireRowInScope, sessionOf } from '../console-api/guard';
import { scopedChange } from '../console-api/scoped-change';
import { parseWith } from '../routes/errors';
import { findCard, issueCard, replaceCard, setCardLost } from './issue';
import { normalizeUid } from './uid';

const id = z.uuid();
const TU = z.object({ townshipId: id, uid: z.string().max(60) });
const Reason = z.object({ reason: z.string().trim().max(200).default('') });

/** Cards page: look a UID up; issue, replace, report lost and found as server journal events. */
export const cardRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/cards/:uid', async (req) => {
    const p = parseWith(TU, req.params, false);
    const s = sessionOf(req);
    const uid = normalizeUid(p.uid);
    const card = await findCard(db, p.townshipId, uid);
    if (card) {
      const h = await db
        .selectFrom('households')
        .select(['townshipId', 'villageId'])
        .where('id', '=', card.householdId)
        .executeTakeFirst();
      requireRowInScope(s, p.townshipId, h, { uid });
    }
    return { uid, card };
  });

  api.post('/townships/:townshipId/cards', async (req) => {
    const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
    const b = parseWith(z.object({ memberId: id, uid: z.string().max(60) }), req.body, false);
    const uid = normalizeUid(b.uid);
    const s = sessionOf(req);
    return scopedChange(
      deps,
      req,
      townshipId,
      { memberId: b.memberId },
      { action: 'card.issue', target: `card:${uid}`, details: { memberId: b.memberId } },
      async (trx) => {
        const e = await issueCard(trx, clock, townshipId, s.officer.id, { memberId: b.memberId, uid });
        return { uid, entryId: e.id };
      },
    );
  });

  api.post('/townships/:townshipId/cards/:uid/replace', async (req) => {
    const p = parseWith(TU, req.params, false);
    const s = sessionOf(req);
    const b = parseWith(Reason.extend({ newUid: z.string().max(60) }), req.body, false);
    const oldUid = normalizeUid(p.uid);
    const newUid = normalizeUid(b.newUid);
    return scopedChange(
      deps,
      req,
      p.townshipId,
      { cardUid: oldUid },
      { action: 'card.replace', target: `card:${oldUid}`, details: { newUid, reason: b.reason } },
      async (trx) => {
        await replaceCard(trx, clock, p.townshipId, s.officer.id, {
          oldUid,
          newUid,
          reason: b.reason || '补卡 replaced',
        });
        return { uid: newUid };
      },
    );
  });

  for (const action of ['lost', 'found'] as const) {
    api.post(`/townships/:townshipId/cards/:uid/${action}`, async (req) => {
      const p = parseWith(TU, req.params, false);
      const s = sessionOf(req);
      const b = parseWith(Reason, req.body ?? {}, false);
      const uid = normalizeUid(p.uid);
      const reason = b.reason || (action === 'lost' ? '挂失 reported lost' : '找到 found');
      return scopedChange(
        deps,
        req,
        p.townshipId,
        { cardUid: uid },
        { action: `card.${action}`, target: `card:${uid}`, details: { reason } },
        async (trx) => {
          await setCardLost(trx, clock, p.townshipId, s.officer.id, { uid, lost: action === 'lost', reason });
          return { uid };
        },
      );
    });
  }
};
