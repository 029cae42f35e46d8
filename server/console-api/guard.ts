import type { FastifyRequest } from 'fastify';
import { tillError } from '../../src/errors';
import type { Db } from '../db/connect';
import type { ConsoleSession } from './sessions';
import { notSignedIn } from './sessions';

/**
 * Scope checks for console routes. The plugin has already loaded the session and, for
 * changes, checked CSRF; a route names the township (and village) its ids belong to and
 * these refuse anything outside the signed-in account's reach.
 */
export function sessionOf(req: FastifyRequest): ConsoleSession {
  if (!req.consoleSession) throw notSignedIn();
  return req.consoleSession;
}

export const outOfScope = (what: Record<string, unknown>) =>
  tillError(
    'FORBIDDEN',
    '这不是您管辖范围内的数据，没有做任何修改',
    'This is outside your township or village; nothing was changed',
    {
      reason: 'out-of-scope',
      ...what,
    },
  );

/** Officers: their township (an unscoped officer: any). Cadres: their township too, narrowed by village. */
export function requireTownship(s: ConsoleSession, townshipId: string): void {
  const t = s.officer.townshipId;
  if (t !== null && t !== townshipId) throw outOfScope({ townshipId });
}

export function requireOfficer(s: ConsoleSession, townshipId: string): void {
  requireTownship(s, townshipId);
  if (s.officer.role !== 'officer') {
    throw tillError('FORBIDDEN', '只有乡镇干部可以做这件事', 'Only a township officer may do this', {
      reason: 'role',
      need: 'officer',
    });
  }
}

/** The village a cadre is limited to, or null for officers (the whole township). */
export function villageScope(s: ConsoleSession): string | null {
  return s.officer.role === 'cadre' ? s.officer.villageId : null;
}

/** A row's township and village must lie inside the account's scope (and the URL's township). */
export function requireRowInScope(
  s: ConsoleSession,
  townshipId: string,
  row: { townshipId: string; villageId?: string | null } | undefined,
  what: Record<string, unknown>,
): void {
  if (!row || row.townshipId !== townshipId) throw outOfScope(what);
  requireTownship(s, townshipId);
  const v = villageScope(s);
  if (v !== null && row.villageId !== v) throw outOfScope(what);
}

export async function visibleTownships(
  db: Db,
  s: ConsoleSession,
): Promise<{ id: string; name: string; timeZone: string }[]> {
  let q = db.selectFrom('townships').select(['id', 'name', 'timeZone']).orderBy('name');
  if (s.officer.townshipId !== null) q = q.where('id', '=', s.officer.townshipId);
  return q.execute();
}
