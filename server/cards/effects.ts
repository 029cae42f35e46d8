import type { Transaction } from 'kysely';
import type { JournalEntry } from '../../src/journal';
import type { CardStateTable, ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

const STATE = {
  'card.issue': 'active',
  'card.unblock': 'active',
  'card.block': 'blocked',
  'card.lost': 'lost',
  'card.replace': 'replaced',
} as const;

/**
 * What card events mean for the township's master data and card state, whichever device
 * wrote them: an issue binds the card to its household and member (tills learn it with
 * the next pull), a replacement retires the old card, and the newest event decides
 * whether a card is blocked (a block wins a tie, as on the till). Returns true when
 * master rows changed, so the caller moves the master version once per batch.
 */
export async function applyCardEffects(
  trx: Trx,
  townshipId: string,
  entries: JournalEntry[],
): Promise<boolean> {
  let masterChanged = false;
  for (const e of entries) {
    if (!(e.kind in STATE)) continue;
    const kind = e.kind as keyof typeof STATE;
    const uid = (e.body as { cardUid: string }).cardUid;
    if (e.kind === 'card.issue') {
      const b = e.body;
      const bound = await trx
        .selectFrom('cards')
        .select(['householdId', 'memberId', 'status', 'townshipId'])
        .where('uid', '=', uid)
        .executeTakeFirst();
      // A card still bound to another household is never rebound by an event; the console
      // refuses that before writing, and a till's offline issue is left for review.
      const takenElsewhere =
        bound &&
        (bound.townshipId !== townshipId ||
          (bound.householdId !== b.householdId && bound.status !== 'replaced'));
      if (takenElsewhere) continue;
      await trx
        .insertInto('cards')
        .values({ uid, townshipId, memberId: b.memberId, householdId: b.householdId, status: 'active' })
        .onConflict((oc) =>
          oc
            .column('uid')
            .doUpdateSet({ memberId: b.memberId, householdId: b.householdId, status: 'active' }),
        )
        .execute();
      if (b.replaces) {
        await trx.updateTable('cards').set({ status: 'replaced' }).where('uid', '=', b.replaces).execute();
      }
      masterChanged = true;
    }
    if (e.kind === 'card.replace') {
      await trx.updateTable('cards').set({ status: 'replaced' }).where('uid', '=', uid).execute();
      masterChanged = true;
    }
    await setState(trx, {
      uid,
      townshipId,
      status: STATE[kind],
      reason: (e.body as { reason: string }).reason,
      entryId: e.id,
      at: e.at,
    });
  }
  return masterChanged;
}

async function setState(trx: Trx, s: CardStateTable): Promise<void> {
  const current = await trx.selectFrom('cardState').select('at').where('uid', '=', s.uid).executeTakeFirst();
  const isBlock = s.status === 'blocked' || s.status === 'lost';
  if (current && (s.at < Number(current.at) || (s.at === Number(current.at) && !isBlock))) return;
  await trx
    .insertInto('cardState')
    .values(s)
    .onConflict((oc) =>
      oc.column('uid').doUpdateSet({ status: s.status, reason: s.reason, entryId: s.entryId, at: s.at }),
    )
    .execute();
}
