import type { Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { type AuditRecord, writeAudit } from './audit';
import type { ConsoleDeps } from './deps';
import type { ConsoleSession } from './sessions';

const actor = (s: ConsoleSession) => ({
  id: s.officer.id,
  name: s.officer.name,
  townshipId: s.officer.townshipId,
});

/** Runs a console change and its audit row in one transaction: both or neither. */
export function audited<T>(
  deps: ConsoleDeps,
  s: ConsoleSession,
  townshipId: string,
  record: AuditRecord,
  change: (trx: Transaction<ServerDatabase>) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const result = await change(trx);
    await writeAudit(trx, deps.clock, actor(s), record, townshipId);
    return result;
  });
}

/**
 * For changes made through a server function that opens its own transaction (say,
 * upsertMasterData or closePeriod): the audit row follows the change, and a failed
 * change writes none.
 */
export async function auditedAfter<T>(
  deps: ConsoleDeps,
  s: ConsoleSession,
  townshipId: string,
  record: AuditRecord,
  change: () => Promise<T>,
): Promise<T> {
  const result = await change();
  await writeAudit(deps.db, deps.clock, actor(s), record, townshipId);
  return result;
}
