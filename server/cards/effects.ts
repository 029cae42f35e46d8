import type { Kysely, Transaction } from 'kysely';
import type { JournalEntry } from '../../src/journal';
import { blockInForce, type HeldBlock, liftedBy } from '../../src/journal/causal-blocks';
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
 * the next pull), a replacement retires the old card, and whether it is blocked follows
 * causality, as on the till (decision 0414, src/journal/causal-blocks.ts): a block stays
 * until an unblock names it, whatever the writing devices' clocks said. Returns true when
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
    await setState(trx, townshipId, e, uid, STATE[kind]);
  }
  return masterChanged;
}

/**
 * Card state again from the card entries the server holds, in receive order: for the
 * migration that brought in causal blocks, when card_state had been ordered by time.
 */
export async function rebuildCardState(trx: Trx): Promise<void> {
  const rows = await trx
    .selectFrom('entries')
    .select(['id', 'townshipId', 'kind', 'body', 'at'])
    .where('kind', 'in', Object.keys(STATE))
    .orderBy('recvSeq')
    .execute();
  for (const r of rows) {
    const e = { id: r.id, kind: r.kind, at: Number(r.at), body: JSON.parse(r.body) } as JournalEntry;
    await setState(
      trx,
      r.townshipId,
      e,
      (e.body as { cardUid: string }).cardUid,
      STATE[r.kind as keyof typeof STATE],
    );
  }
}

/** The block and lost entries of a card that no unblock has lifted, as the server holds them. */
export async function openBlockIds(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  uid: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('cardBlocks')
    .select('entryId')
    .where('townshipId', '=', townshipId)
    .where('uid', '=', uid)
    .where('status', 'is not', null)
    .where('liftedBy', 'is', null)
    .orderBy('entryId')
    .execute();
  return rows.map((r) => r.entryId);
}

async function setState(
  trx: Trx,
  townshipId: string,
  e: JournalEntry,
  uid: string,
  status: CardStateTable['status'],
): Promise<void> {
  const reason = (e.body as { reason: string }).reason;
  const put = (s: Omit<CardStateTable, 'uid' | 'townshipId'>) =>
    trx
      .insertInto('cardState')
      .values({ uid, townshipId, ...s })
      .onConflict((oc) =>
        oc.column('uid').doUpdateSet({ status: s.status, reason: s.reason, entryId: s.entryId, at: s.at }),
      )
      .execute();
  if (status === 'replaced') return void (await put({ status, reason, entryId: e.id, at: e.at }));
  const current = await trx
    .selectFrom('cardState')
    .select('status')
    .where('uid', '=', uid)
    .executeTakeFirst();
  // A card issued again after a replacement is a new binding; otherwise a replacement is final.
  if (current?.status === 'replaced' && e.kind !== 'card.issue') return;
  if (status === 'blocked' || status === 'lost') {
    // A lift may have arrived first (its row names this entry): it stays lifted.
    await trx
      .insertInto('cardBlocks')
      .values({ entryId: e.id, townshipId, uid, status, reason, at: e.at, liftedBy: null })
      .onConflict((oc) => oc.column('entryId').doUpdateSet({ uid, status, reason, at: e.at }))
      .execute();
  } else if (e.kind === 'card.unblock') {
    const named = (e.body as { lifts?: string[] }).lifts;
    for (const id of liftedBy(named, await openBlockIds(trx, townshipId, uid))) {
      await trx
        .insertInto('cardBlocks')
        .values({ entryId: id, townshipId, uid, status: null, reason: null, at: null, liftedBy: e.id })
        .onConflict((oc) => oc.column('entryId').doUpdateSet({ liftedBy: e.id }))
        .execute();
    }
  }
  const open = (await trx
    .selectFrom('cardBlocks')
    .select(['entryId', 'status', 'reason', 'at'])
    .where('townshipId', '=', townshipId)
    .where('uid', '=', uid)
    .where('status', 'is not', null)
    .where('liftedBy', 'is', null)
    .execute()) as HeldBlock[];
  const top = blockInForce(open.map((b) => ({ ...b, at: Number(b.at) })));
  await put(top ?? { status: 'active', reason, entryId: e.id, at: e.at });
}
