import { z } from 'zod';
import type { AuditPageView } from '../../src/console/audit';
import { parseWith } from '../routes/errors';
import type { ConsoleRouteModule } from './deps';
import { requireOfficer, sessionOf } from './guard';
import { townshipParam } from './township-of';

const PAGE = 100;
const Query = z.object({
  before: z.uuid().optional(),
  action: z.string().max(60).optional(),
});

/** The audit trail: every console change of the township, newest first, in pages. */
export const auditRoutes: ConsoleRouteModule = (api, { db }) => {
  api.get('/townships/:townshipId/audit', async (req): Promise<AuditPageView> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireOfficer(s, t);
    const q = parseWith(Query, req.query, false);
    const rows = await db
      .selectFrom('consoleAudit')
      .selectAll()
      .where('townshipId', '=', t)
      .$if(q.before !== undefined, (x) => x.where('id', '<', q.before!))
      .$if(!!q.action, (x) => x.where('action', 'like', `${q.action}%`))
      // UUIDv7 ids sort by time, and unlike `at` they never tie.
      .orderBy('id', 'desc')
      .limit(PAGE + 1)
      .execute();
    const page = rows.slice(0, PAGE);
    return {
      rows: page.map((r) => ({
        id: r.id,
        at: Number(r.at),
        officerName: r.officerName,
        action: r.action,
        target: r.target,
        details: JSON.parse(r.details) as Record<string, unknown>,
      })),
      nextBefore: rows.length > PAGE ? page[page.length - 1]!.id : null,
    };
  });
};
