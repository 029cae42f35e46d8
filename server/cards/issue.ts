import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import type { CardView } from '../../src/console/people';
import { tillError } from '../../src/errors';
import type { JournalEntry } from '../../src/journal';
import type { ServerDatabase } from '../db/schema';
import { householdIn } from '../households/edit';
import { appendServerEntriesIn } from '../journal/server-journal';
import { openBlocks } from './open-blocks';

type Trx = Transaction<ServerDatabase>;

const noCard = (uid: string) => tillError('UNKNOWN_CARD', '没有这张卡', 'No such card', { uid });

export async function findCard(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  uid: string,
): Promise<CardView | null> {
  const r = await db
    .selectFrom('cards as c')
    .innerJoin('households as h', 'h.id', 'c.householdId')
    .leftJoin('members as m', 'm.id', 'c.memberId')
    .leftJoin('cardState as s', 's.uid', 'c.uid')
    .select([
      'c.uid',
      'c.householdId',
      'h.number as householdNumber',
      'c.memberId',
      'm.name as memberName',
      'c.status',
      'c.townshipId',
      's.status as state',
      's.reason',
    ])
    .where('c.uid', '=', uid)
    .executeTakeFirst();
  if (!r || r.townshipId !== townshipId) return null;
  const status = r.status === 'replaced' ? 'replaced' : (r.state ?? 'active');
  return {
    uid: r.uid,
    householdId: r.householdId,
    householdNumber: r.householdNumber,
    memberId: r.memberId,
    memberName: r.memberName,
    status,
    reason: status === 'lost' || status === 'blocked' ? (r.reason ?? '') : '',
  };
}

/** A UID is free when no card row has it, or it is already this member's own card. */
async function requireFree(trx: Trx, townshipId: string, uid: string, memberId: string): Promise<void> {
  const bound = await trx
    .selectFrom('cards as c')
    .leftJoin('members as m', 'm.id', 'c.memberId')
    .leftJoin('households as h', 'h.id', 'c.householdId')
    .select(['c.memberId', 'c.townshipId', 'm.name', 'h.number'])
    .where('c.uid', '=', uid)
    .executeTakeFirst();
  if (!bound) return;
  if (bound.memberId === memberId && bound.townshipId === townshipId) {
    throw tillError('INVALID_INPUT', '这张卡已经发给这个人了', 'This card is already issued to this person', {
      field: 'uid',
      reason: 'already-theirs',
    });
  }
  const who = bound.townshipId === townshipId ? `${bound.number ?? ''} ${bound.name ?? ''}`.trim() : '';
  throw tillError(
    'INVALID_INPUT',
    who ? `这张卡已经发给了别人（${who}），不能再发` : '这张卡已经发给了别人，不能再发',
    who
      ? `This card is already issued to someone else (${who})`
      : 'This card is already issued to someone else',
    { field: 'uid', reason: 'uid-taken' },
  );
}

async function memberOf(trx: Trx, townshipId: string, memberId: string) {
  const m = await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
  if (!m || m.townshipId !== townshipId)
    throw tillError('INVALID_INPUT', '没有这个人', 'No such person', { memberId, reason: 'unknown-member' });
  const h = await householdIn(trx, townshipId, m.householdId);
  if (h.status === 'closed')
    throw tillError(
      'HOUSEHOLD_CLOSED',
      '这一户已经注销，不能发卡',
      'This household is closed; no cards can be issued',
      {
        householdId: h.id,
      },
    );
  return m;
}

/** A member's first card, as a `card.issue` event of the server device. */
export async function issueCard(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  officerId: string,
  input: { memberId: string; uid: string },
): Promise<JournalEntry> {
  const m = await memberOf(trx, townshipId, input.memberId);
  await requireFree(trx, townshipId, input.uid, m.id);
  const own = await trx
    .selectFrom('cards')
    .select('uid')
    .where('memberId', '=', m.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (own)
    throw tillError(
      'INVALID_INPUT',
      `这个人已经有卡（${own.uid}），换卡请用“补卡”`,
      `This person already has a card (${own.uid}); use Replace for a new one`,
      { field: 'uid', reason: 'has-card' },
    );
  const [entry] = await appendServerEntriesIn(trx, clock, townshipId, [
    {
      kind: 'card.issue',
      clerkId: officerId,
      body: {
        cardUid: input.uid,
        householdId: m.householdId,
        memberId: m.id,
        replaces: null,
        reason: '发卡 issued',
      },
    },
  ]);
  return entry as JournalEntry;
}

/** A new card for the holder of `oldUid`: the old one is retired (`card.replace`), the new one issued. */
export async function replaceCard(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  officerId: string,
  input: { oldUid: string; newUid: string; reason: string },
): Promise<JournalEntry[]> {
  const old = await findCard(trx, townshipId, input.oldUid);
  if (!old) throw noCard(input.oldUid);
  if (old.status === 'replaced')
    throw tillError('CARD_REPLACED', '这张卡已经换过了', 'This card was already replaced', { uid: old.uid });
  if (!old.memberId)
    throw tillError(
      'INVALID_INPUT',
      '这张卡没有持卡人，请直接发新卡',
      'This card has no holder; issue a new card instead',
      {
        uid: old.uid,
      },
    );
  const m = await memberOf(trx, townshipId, old.memberId);
  await requireFree(trx, townshipId, input.newUid, m.id);
  return appendServerEntriesIn(trx, clock, townshipId, [
    {
      kind: 'card.replace',
      clerkId: officerId,
      body: { cardUid: old.uid, householdId: m.householdId, reason: input.reason },
    },
    {
      kind: 'card.issue',
      clerkId: officerId,
      body: {
        cardUid: input.newUid,
        householdId: m.householdId,
        memberId: m.id,
        replaces: old.uid,
        reason: input.reason,
      },
    },
  ]);
}

/** Lost blocks the card everywhere after sync; found lifts a loss or block. */
export async function setCardLost(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  officerId: string,
  input: { uid: string; lost: boolean; reason: string },
): Promise<JournalEntry> {
  const card = await findCard(trx, townshipId, input.uid);
  if (!card) throw noCard(input.uid);
  if (card.status === 'replaced')
    throw tillError(
      'CARD_REPLACED',
      '这张卡已经换过，不能再用',
      'This card was replaced and cannot be used',
      { uid: card.uid },
    );
  if (input.lost && card.status === 'lost')
    throw tillError('CARD_LOST', '这张卡已经挂失了', 'This card is already reported lost', { uid: card.uid });
  if (!input.lost && card.status === 'active')
    throw tillError('INVALID_INPUT', '这张卡没有挂失或冻结', 'This card is not lost or blocked', {
      uid: card.uid,
    });
  const [entry] = await appendServerEntriesIn(trx, clock, townshipId, [
    {
      kind: input.lost ? 'card.lost' : 'card.unblock',
      clerkId: officerId,
      body: {
        cardUid: card.uid,
        householdId: card.householdId,
        reason: input.reason,
        // An unblock names the blocks it lifts (decision 0414).
        ...(input.lost ? {} : { lifts: await openBlocks(trx, townshipId, card.uid) }),
      },
    },
  ]);
  return entry as JournalEntry;
}
