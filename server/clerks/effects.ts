import type { Transaction } from 'kysely';
import type { JournalEntry } from '../../src/journal';
import type { ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/**
 * Clerk events become the clerk rows tills pull: `clerk.set` (the console) defines a
 * clerk, `clerk.pin` (console or till) sets a PIN hash and whether it must be changed
 * at the next login. Returns true when a clerk row changed.
 */
export async function applyClerkEffects(
  trx: Trx,
  townshipId: string,
  entries: JournalEntry[],
): Promise<boolean> {
  let changed = false;
  for (const e of entries) {
    if (e.kind === 'clerk.set') {
      const b = e.body;
      const fields = { name: b.name, role: b.role, shopId: b.shopId, active: b.active ? 1 : 0 };
      const pin = b.pinHash ? { pinHash: b.pinHash, mustChangePin: b.mustChangePin ? 1 : 0 } : {};
      const existing = await trx
        .selectFrom('clerks')
        .select('townshipId')
        .where('id', '=', b.clerkId)
        .executeTakeFirst();
      if (existing) {
        if (existing.townshipId !== townshipId) continue;
        await trx
          .updateTable('clerks')
          .set({ ...fields, ...pin })
          .where('id', '=', b.clerkId)
          .execute();
      } else if (b.pinHash) {
        await trx
          .insertInto('clerks')
          .values({
            id: b.clerkId,
            townshipId,
            ...fields,
            pinHash: b.pinHash,
            mustChangePin: b.mustChangePin ? 1 : 0,
          })
          .execute();
      } else continue;
      changed = true;
    } else if (e.kind === 'clerk.pin') {
      const b = e.body;
      const r = await trx
        .updateTable('clerks')
        .set({ pinHash: b.pinHash, mustChangePin: b.mustChangePin ? 1 : 0 })
        .where('id', '=', b.clerkId)
        .where('townshipId', '=', townshipId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) changed = true;
    }
  }
  return changed;
}
