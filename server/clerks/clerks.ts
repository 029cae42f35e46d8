import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import type { ClerkView } from '../../src/console/people';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { JournalEntry } from '../../src/journal';
import { assertPinAllowed } from '../../src/pin-policy';
import type { ClerkTable, ServerDatabase } from '../db/schema';
import { appendServerEntriesIn } from '../journal/server-journal';
import { hashClerkPin } from './pin-hash';

type Trx = Transaction<ServerDatabase>;

export interface ClerkInput {
  name: string;
  role: ClerkTable['role'];
  shopId: string | null;
  active: boolean;
  /** Required for a new clerk; given for an existing one it is a reset. Never stored in clear. */
  pin: string | null;
}

export async function listClerks(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  shopId: string | null,
): Promise<ClerkView[]> {
  let q = db
    .selectFrom('clerks as c')
    .leftJoin('shops as s', 's.id', 'c.shopId')
    .select(['c.id', 'c.name', 'c.role', 'c.shopId', 's.name as shopName', 'c.active', 'c.mustChangePin'])
    .where('c.townshipId', '=', townshipId)
    .orderBy('s.name')
    .orderBy('c.name');
  if (shopId) q = q.where('c.shopId', '=', shopId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, active: r.active === 1, mustChangePin: r.mustChangePin === 1 }));
}

/**
 * Creates (id null) or changes a clerk as a `clerk.set` event of the server device; the
 * clerk row tills pull follows from the event (server/clerks/effects.ts). A PIN set here
 * is an initial PIN: the till makes the clerk choose their own at the next login.
 */
export async function saveClerk(
  trx: Trx,
  clock: Clock,
  townshipId: string,
  officerId: string,
  id: string | null,
  input: ClerkInput,
): Promise<{ id: string; entry: JournalEntry }> {
  if (input.shopId) {
    const shop = await trx
      .selectFrom('shops')
      .select('townshipId')
      .where('id', '=', input.shopId)
      .executeTakeFirst();
    if (!shop || shop.townshipId !== townshipId)
      throw tillError('INVALID_INPUT', '没有这个超市', 'No such shop', {
        field: 'shopId',
        reason: 'unknown-shop',
      });
  } else if (input.role !== 'officer') {
    throw tillError('INVALID_INPUT', '请选择这个店员所在的超市', 'Choose the shop this clerk works in', {
      field: 'shopId',
      reason: 'shop-required',
    });
  }
  if (id) {
    const row = await trx.selectFrom('clerks').select('townshipId').where('id', '=', id).executeTakeFirst();
    if (!row || row.townshipId !== townshipId)
      throw tillError('UNKNOWN_CLERK', '没有这个店员', 'No such clerk', { clerkId: id });
  } else if (!input.pin) {
    throw tillError('INVALID_INPUT', '新店员需要一个初始密码', 'A new clerk needs an initial PIN', {
      field: 'pin',
      reason: 'pin-required',
    });
  }
  if (input.pin !== null) assertPinAllowed(input.pin);
  const clerkId = id ?? newId(clock);
  const pinHash = input.pin !== null ? await hashClerkPin(input.pin) : null;
  const [entry] = await appendServerEntriesIn(trx, clock, townshipId, [
    {
      kind: 'clerk.set',
      clerkId: officerId,
      body: {
        clerkId,
        name: input.name,
        role: input.role,
        shopId: input.shopId,
        active: input.active,
        pinHash,
        mustChangePin: pinHash !== null,
      },
    },
  ]);
  return { id: clerkId, entry: entry as JournalEntry };
}
