import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { ServerDatabase } from '../db/schema';
import { bumpMasterVersion } from '../master/version';
import { nameInitials } from './initials';

type Trx = Transaction<ServerDatabase>;

export interface HouseholdInput {
  villageId: string;
  number: string;
  address: string;
}

export interface MemberInput {
  name: string;
  tags: string[];
  isHead: boolean;
}

export const unknownHousehold = (id: string) =>
  tillError('UNKNOWN_HOUSEHOLD', '没有这一户', 'No such household', { householdId: id });

const numberTaken = (number: string) =>
  tillError(
    'INVALID_INPUT',
    `户号 ${number} 在这个村已经有了`,
    `House number ${number} is already used in this village`,
    {
      field: 'number',
      reason: 'duplicate-number',
    },
  );

/** A household of this township, or UNKNOWN_HOUSEHOLD (ids of other townships look the same as none). */
export async function householdIn(trx: Kysely<ServerDatabase>, townshipId: string, id: string) {
  const h = await trx.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h || h.townshipId !== townshipId) throw unknownHousehold(id);
  return h;
}

async function requireVillage(trx: Trx, townshipId: string, villageId: string): Promise<void> {
  const v = await trx
    .selectFrom('villages')
    .select('townshipId')
    .where('id', '=', villageId)
    .executeTakeFirst();
  if (!v || v.townshipId !== townshipId)
    throw tillError('INVALID_INPUT', '没有这个村', 'No such village', {
      field: 'villageId',
      reason: 'unknown-village',
    });
}

/** Creates (id null) or updates a household; a house number is unique within its village. */
export async function saveHousehold(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  id: string | null,
  input: HouseholdInput,
): Promise<string> {
  input = { villageId: input.villageId, number: input.number, address: input.address };
  await requireVillage(trx, townshipId, input.villageId);
  const clash = await trx
    .selectFrom('households')
    .select('id')
    .where('townshipId', '=', townshipId)
    .where('villageId', '=', input.villageId)
    .where('number', '=', input.number)
    .executeTakeFirst();
  if (clash && clash.id !== id) throw numberTaken(input.number);
  if (id) {
    await householdIn(trx, townshipId, id);
    await trx.updateTable('households').set(input).where('id', '=', id).execute();
  } else {
    id = newId(clock);
    await trx
      .insertInto('households')
      .values({ id, townshipId, ...input, status: 'active' })
      .execute();
  }
  await bumpMasterVersion(trx, townshipId);
  return id;
}

/** Adds (memberId null) or edits a member; one head per household. */
export async function saveMember(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  householdId: string,
  memberId: string | null,
  input: MemberInput,
): Promise<string> {
  await householdIn(trx, townshipId, householdId);
  const row = {
    name: input.name,
    initials: nameInitials(input.name),
    tags: JSON.stringify(input.tags),
    isHead: input.isHead ? 1 : 0,
  };
  if (input.isHead) {
    await trx.updateTable('members').set({ isHead: 0 }).where('householdId', '=', householdId).execute();
  }
  if (memberId) {
    const m = await memberIn(trx, townshipId, memberId);
    if (m.householdId !== householdId)
      throw tillError('INVALID_INPUT', '这个人不在这一户', 'This person is not in this household', {
        memberId,
      });
    await trx.updateTable('members').set(row).where('id', '=', memberId).execute();
  } else {
    memberId = newId(clock);
    await trx
      .insertInto('members')
      .values({ id: memberId, townshipId, householdId, ...row })
      .execute();
  }
  await bumpMasterVersion(trx, townshipId);
  return memberId;
}

async function memberIn(trx: Trx, townshipId: string, memberId: string) {
  const m = await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
  if (!m || m.townshipId !== townshipId)
    throw tillError('INVALID_INPUT', '没有这个人', 'No such person', { memberId, reason: 'unknown-member' });
  return m;
}

/**
 * Moves a member (marriage, a split household) with their cards; the points stay with
 * the household that earned them. The head moves only after another member is head.
 */
export async function moveMember(
  trx: Trx,
  townshipId: string,
  memberId: string,
  toHouseholdId: string,
): Promise<void> {
  const m = await memberIn(trx, townshipId, memberId);
  if (m.householdId === toHouseholdId)
    throw tillError('INVALID_INPUT', '已经在这一户了', 'Already in this household', {
      reason: 'same-household',
    });
  if (m.isHead === 1)
    throw tillError(
      'INVALID_INPUT',
      '户主不能直接迁出，请先把另一位家庭成员设为户主',
      'The head cannot move out; make another member the head first',
      { reason: 'head-cannot-move' },
    );
  const to = await householdIn(trx, townshipId, toHouseholdId);
  if (to.status === 'closed')
    throw tillError('HOUSEHOLD_CLOSED', '迁入的这一户已经注销', 'The household to move into is closed', {
      householdId: toHouseholdId,
    });
  await trx.updateTable('members').set({ householdId: toHouseholdId }).where('id', '=', memberId).execute();
  await trx
    .updateTable('cards')
    .set({ householdId: toHouseholdId })
    .where('memberId', '=', memberId)
    .execute();
  await bumpMasterVersion(trx, townshipId);
}

/** Closes a household: tills refuse it from the next pull; its ledger stays as it is. */
export async function closeHousehold(trx: Trx, townshipId: string, householdId: string): Promise<void> {
  const h = await householdIn(trx, townshipId, householdId);
  if (h.status === 'closed')
    throw tillError('HOUSEHOLD_CLOSED', '这一户已经注销', 'This household is already closed', {
      householdId,
    });
  await trx.updateTable('households').set({ status: 'closed' }).where('id', '=', householdId).execute();
  await bumpMasterVersion(trx, townshipId);
}

/**
 * Signs the household a new door plate (decision 0911): the version goes up by one, the
 * next pull carries the new plate, and tills refuse the old one from then on.
 */
export async function reissuePlate(trx: Trx, townshipId: string, householdId: string): Promise<number> {
  const h = await householdIn(trx, townshipId, householdId);
  if (h.status === 'closed')
    throw tillError(
      'HOUSEHOLD_CLOSED',
      '这一户已经注销，不能补发门牌',
      'This household is closed; no new plate',
      {
        householdId,
      },
    );
  const version = h.plateVersion + 1;
  await trx.updateTable('households').set({ plateVersion: version }).where('id', '=', householdId).execute();
  await bumpMasterVersion(trx, townshipId);
  return version;
}
