import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FlagResolveSchema } from '../../src/console/points';
import { tillError } from '../../src/errors';
import { parseWith } from '../routes/errors';
import { audited } from './audited';
import type { ConsoleDeps } from './deps';
import { requireOfficer, requireRowInScope, sessionOf } from './guard';
import { id } from './township-of';

const Params = z.object({ townshipId: id, flagId: id });

/** A kind of flag the server raises at ingest and an officer resolves with a note, once. */
export interface ResolvableFlag {
  /** The route is POST /townships/:townshipId/<path>/:flagId/resolve. */
  path: string;
  table: 'refundFlags' | 'pointsFlags' | 'dateFlags';
  /** The column the audit row names beside the note: the sale or the entry flagged. */
  about: 'saleId' | 'entryId';
  /** The audit row's action; its target is `<target>:<flagId>`. */
  action: string;
  target: string;
  /** The refusal for a second resolve, zh-CN then English. */
  alreadyResolved: [string, string];
}

/**
 * Registers the resolve route of one kind of flag: only an officer of the flag's township,
 * a note of 2–500 characters, an open flag; the change and its audit row in one transaction.
 * The overdraft review's refund flags (decision 0311) and points flags (0921) share it.
 */
export function resolveFlagRoute(api: FastifyInstance, deps: ConsoleDeps, flag: ResolvableFlag): void {
  const { db, clock } = deps;
  api.post(`/townships/:townshipId/${flag.path}/:flagId/resolve`, async (req) => {
    const s = sessionOf(req);
    const p = parseWith(Params, req.params, false);
    requireOfficer(s, p.townshipId);
    const b = parseWith(FlagResolveSchema, req.body, false);
    const row = (await db
      .selectFrom(flag.table)
      .select(['townshipId', 'status', flag.about])
      .where('id', '=', p.flagId)
      .executeTakeFirst()) as
      | { townshipId: string; status: string; saleId?: string; entryId?: string }
      | undefined;
    requireRowInScope(s, p.townshipId, row, { flagId: p.flagId });
    if (row!.status === 'resolved')
      throw tillError('INVALID_INPUT', flag.alreadyResolved[0], flag.alreadyResolved[1], {
        flagId: p.flagId,
      });
    await audited(
      deps,
      s,
      p.townshipId,
      {
        action: flag.action,
        target: `${flag.target}:${p.flagId}`,
        details: { note: b.note, [flag.about]: row![flag.about] },
      },
      (trx) =>
        trx
          .updateTable(flag.table)
          .set({ status: 'resolved', note: b.note, resolvedByName: s.officer.name, resolvedAt: clock.now() })
          .where('id', '=', p.flagId)
          .where('status', '=', 'open')
          .execute(),
    );
    return { ok: true };
  });
}
