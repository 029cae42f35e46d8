import type { Transaction } from 'kysely';
import { newId } from '../../src/ids';
import type { JournalEntry } from '../../src/journal';
import { inChunks } from '../db/bulk';
import type { DeviceTable, ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/**
 * A manager's unlock of a clerk at a till (`clerk.unlock`, decision 0310) goes into the
 * township's audit trail as it arrives, beside the officers' own changes: who unlocked
 * whom, at which till, why, and how many wrong PINs had been counted.
 */
export async function auditUnlocks(
  trx: Trx,
  device: DeviceTable,
  fresh: readonly JournalEntry[],
  now: number,
): Promise<void> {
  const unlocks = fresh.filter(
    (e): e is JournalEntry & { kind: 'clerk.unlock' } => e.kind === 'clerk.unlock',
  );
  if (unlocks.length === 0) return;
  const ids = [...new Set(unlocks.flatMap((e) => [e.body.clerkId, e.clerkId ?? '']))];
  const names = new Map(
    (await trx.selectFrom('clerks').select(['id', 'name']).where('id', 'in', ids).execute()).map((c) => [
      c.id,
      c.name,
    ]),
  );
  const rows = unlocks.map((e) => ({
    id: newId({ now: () => now }),
    townshipId: device.townshipId,
    officerId: null,
    officerName: names.get(e.clerkId ?? '') ?? e.clerkId ?? '?',
    at: e.at,
    action: 'clerk.unlock',
    target: `clerk:${e.body.clerkId}`,
    details: JSON.stringify({
      clerkName: names.get(e.body.clerkId) ?? null,
      reason: e.body.reason,
      failedAttempts: e.body.failedAttempts,
      paths: e.body.paths,
      deviceId: device.id,
      deviceName: device.name,
      entryId: e.id,
    }),
  }));
  await inChunks(rows, (chunk) => trx.insertInto('consoleAudit').values(chunk).execute());
}
