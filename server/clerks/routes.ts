import { z } from 'zod';
import { CLERK_ROLES } from '../../src/journal/people-entries';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireOfficer, sessionOf } from '../console-api/guard';
import { scopedChange } from '../console-api/scoped-change';
import { parseWith } from '../routes/errors';
import { listClerks, saveClerk } from './clerks';

const id = z.uuid();
const ClerkBody = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(CLERK_ROLES),
  shopId: id.nullable(),
  active: z.boolean().default(true),
  pin: z.string().max(20).nullable().default(null),
});

/** Clerks and roles per shop; an officer sets the initial PIN the clerk changes at the till. */
export const clerkRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/clerks', async (req) => {
    const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
    const { shopId } = parseWith(z.object({ shopId: id.optional() }), req.query, false);
    requireOfficer(sessionOf(req), townshipId);
    return listClerks(db, townshipId, shopId ?? null);
  });

  const save = (clerkId: string | null) => async (req: Parameters<typeof sessionOf>[0]) => {
    const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
    const s = sessionOf(req);
    const b = parseWith(ClerkBody, req.body, false);
    const { pin, ...shown } = b;
    const details = { ...shown, pinSet: pin !== null };
    return scopedChange(
      deps,
      req,
      townshipId,
      { clerkId, shopId: b.shopId },
      { action: clerkId ? 'clerk.update' : 'clerk.create', target: `clerk:${clerkId ?? b.name}`, details },
      async (trx) => {
        const r = await saveClerk(trx, clock, townshipId, s.officer.id, clerkId, b);
        return { id: r.id };
      },
    );
  };

  api.post('/townships/:townshipId/clerks', save(null));
  api.put('/townships/:townshipId/clerks/:clerkId', async (req) => {
    const { clerkId } = parseWith(z.object({ clerkId: id }), req.params, false);
    return save(clerkId)(req);
  });
};
