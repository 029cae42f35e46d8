import type { Kysely } from 'kysely';
import type { TillStatus } from '../../src/sync/till-status';
import type { ServerDatabase } from '../db/schema';

/** Keeps what a till reported about itself in its last signed pull (older tills send nothing). */
export async function noteTillStatus(
  db: Kysely<ServerDatabase>,
  deviceId: string,
  status: TillStatus | undefined,
  now: number,
): Promise<void> {
  if (!status) return;
  const row = { appVersion: status.appVersion, problems: JSON.stringify(status.problems), reportedAt: now };
  await db
    .insertInto('tillStatus')
    .values({ deviceId, ...row })
    .onConflict((oc) => oc.column('deviceId').doUpdateSet(row))
    .execute();
}
