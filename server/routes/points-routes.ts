import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../src/clock';
import type { Db } from '../db/connect';
import { officerForToken, requireRole } from '../officers/auth';
import { parseWith } from './errors';

/** Points entries the server stored but did not count (self-approval), for review. */
export function pointsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const officer = (req: FastifyRequest) => officerForToken(db, clock, req.headers.authorization);

  app.get('/api/townships/:townshipId/points-flags', async (req) => {
    const o = await officer(req);
    const { townshipId } = parseWith(z.object({ townshipId: z.uuid() }), req.params, false);
    requireRole(o, 'cadre', townshipId);
    const rows = await db
      .selectFrom('pointsFlags')
      .selectAll()
      .where('townshipId', '=', townshipId)
      .where('status', '=', 'open')
      .orderBy('detectedAt')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, points: Number(r.points), detectedAt: Number(r.detectedAt) }));
  });
}
