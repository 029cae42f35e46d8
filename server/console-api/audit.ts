import type { Kysely } from 'kysely';
import type { Clock } from '../../src/clock';
import { newId } from '../../src/ids';
import type { ServerDatabase } from '../db/schema';

export interface AuditActor {
  id: string | null;
  name: string;
  townshipId: string | null;
}

export interface AuditRecord {
  /** Dotted verb, e.g. 'shop.update', 'device.revoke'. */
  action: string;
  /** What was changed, e.g. 'shop:<id>'. */
  target: string;
  /** The change's input; never a password or PIN. */
  details: Record<string, unknown>;
}

/** Every console mutation writes one row, in the same transaction as the change when it has one. */
export async function writeAudit(
  db: Kysely<ServerDatabase>,
  clock: Clock,
  actor: AuditActor,
  record: AuditRecord,
  townshipId: string | null = actor.townshipId,
): Promise<void> {
  await db
    .insertInto('consoleAudit')
    .values({
      id: newId(clock),
      townshipId,
      officerId: actor.id,
      officerName: actor.name,
      at: clock.now(),
      action: record.action,
      target: record.target,
      details: JSON.stringify(record.details),
    })
    .execute();
}
