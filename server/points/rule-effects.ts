import type { Transaction } from 'kysely';
import type { JournalEntry } from '../../src/journal';
import type { ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/**
 * rule.define entries (the console's, through the server device, and a manager's at a
 * till) become the `rules` row tills pull with master data, and a `rule_versions` row,
 * so every version stays. Later in receive order wins. Returns true when a rule changed.
 */
export async function applyRuleEffects(
  trx: Trx,
  townshipId: string,
  entries: JournalEntry[],
): Promise<boolean> {
  let changed = false;
  for (const e of entries) {
    if (e.kind !== 'rule.define') continue;
    const b = e.body;
    const existing = await trx
      .selectFrom('rules')
      .select('townshipId')
      .where('id', '=', b.ruleId)
      .executeTakeFirst();
    if (existing && existing.townshipId !== townshipId) continue;
    const fields = {
      category: b.category,
      name: b.name,
      points: b.points,
      personType: b.personType,
      needsApproval: b.needsApproval ? 1 : 0,
      active: b.active ? 1 : 0,
      limitKind: b.limit,
      yearCap: b.limit === 'year' ? b.yearCap : null,
    };
    if (existing) await trx.updateTable('rules').set(fields).where('id', '=', b.ruleId).execute();
    else
      await trx
        .insertInto('rules')
        .values({ id: b.ruleId, townshipId, ...fields })
        .execute();
    await trx
      .insertInto('ruleVersions')
      .values({
        entryId: e.id,
        townshipId,
        ruleId: b.ruleId,
        at: e.at,
        clerkId: e.clerkId,
        deviceId: e.deviceId,
        body: JSON.stringify(b),
      })
      .onConflict((oc) => oc.column('entryId').doNothing())
      .execute();
    changed = true;
  }
  return changed;
}
