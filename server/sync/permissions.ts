import type { Transaction } from 'kysely';
import type { JournalEntry } from '../../src/journal';
import { syncRefusal } from '../../src/sync/refusals';
import { oneOf } from '../db/bulk';
import type { ClerkTable, DeviceTable, ServerDatabase } from '../db/schema';

/**
 * What each device may write, judged by the server from what it knows (the device's
 * shop, the clerk's role and shop in master data), never from what the entry claims.
 * A stolen backup signs as its till, so the key alone must not let it mint points.
 *
 * One line per entry kind. A kind with no line is refused from every device: adding an
 * entry kind means adding its line here (tests/trust-permissions.test.ts checks that).
 * Keyed by string so a line can land before or after the kind itself.
 *
 * - `till`: roles of the clerk named by `clerkId` that may write it from a till; an empty
 *   list means tills may not write it at all.
 * - `shopField`: a body field that must be the writing till's own shop.
 * - `approver`: a body field naming a clerk who must hold one of `approverRoles`.
 * - `server`: the township's own device may write it (officer routes check the officer).
 */
type Role = ClerkTable['role'];

export interface Permission {
  till: readonly Role[];
  shopField?: 'shopId';
  approver?: 'approvedBy';
  approverRoles?: readonly Role[];
  /** A body field naming the clerk the entry is about: the writer, unless a manager writes it. */
  subject?: 'clerkId';
  server: boolean;
}

const ANY: readonly Role[] = ['clerk', 'stockkeeper', 'cadre', 'manager', 'officer'];
const MANAGERS: readonly Role[] = ['manager', 'officer'];
const STOCK: readonly Role[] = ['stockkeeper', 'manager'];
const CADRES: readonly Role[] = ['cadre', 'manager', 'officer'];

export const PERMISSIONS: Readonly<Record<string, Permission>> = {
  sale: { till: ANY, shopField: 'shopId', server: false },
  'sale.void': {
    till: ANY,
    shopField: 'shopId',
    approver: 'approvedBy',
    approverRoles: MANAGERS,
    server: false,
  },
  'points.award': { till: CADRES, server: true },
  'points.deduct': { till: CADRES, server: true },
  'points.reverse': { till: CADRES, server: true },
  'points.propose': { till: CADRES, server: true },
  'points.reject': { till: CADRES, server: true },
  'points.opening': { till: [], server: true },
  // Managers edit the rule catalog at the till (issue 13); the edit is a journal entry.
  'rule.define': { till: MANAGERS, server: true },
  'household.honour': { till: CADRES, server: true },
  'catalog.product': { till: STOCK, shopField: 'shopId', server: true },
  'stock.receive': { till: STOCK, shopField: 'shopId', server: false },
  'stock.donation': { till: STOCK, shopField: 'shopId', server: false },
  'stock.adjust': { till: STOCK, shopField: 'shopId', server: false },
  'stock.stocktake': { till: STOCK, shopField: 'shopId', server: false },
  'stock.writeoff': { till: STOCK, shopField: 'shopId', server: false },
  'card.block': { till: ANY, server: true },
  'card.lost': { till: ANY, server: true },
  // Lifting a block is the township's call: a till that could unblock would undo a loss report.
  'card.unblock': { till: [], server: true },
  'card.replace': { till: [], server: true },
  // Binding a card to a household decides whose points it spends.
  'card.issue': { till: CADRES, server: true },
  'clerk.set': { till: [], server: true },
  'clerk.pin': { till: ANY, subject: 'clerkId', server: true },
  // A manager's unlock at the till, history only (decision 0310).
  'clerk.unlock': { till: MANAGERS, subject: 'clerkId', server: false },
  'household.suspend': { till: CADRES, server: true },
  'household.lift': { till: CADRES, server: true },
  'shift.open': { till: ANY, shopField: 'shopId', server: false },
  'shift.close': { till: ANY, shopField: 'shopId', server: false },
};

type Trx = Transaction<ServerDatabase>;

const refuse = (e: JournalEntry, why: string, extra: Record<string, unknown> = {}) =>
  syncRefusal('not-permitted', { seq: e.seq, id: e.id, kind: e.kind, why, ...extra });

/**
 * Refuses the batch at the first entry its device may not write. Loads the named clerks
 * and households once per batch. Households must belong to the device's township.
 * Returns the village of every household the entries name (each is in the township),
 * which ingest projects with: one lookup of the batch's households, not two.
 */
export async function checkPermissions(
  trx: Trx,
  device: DeviceTable,
  entries: readonly JournalEntry[],
): Promise<Map<string, string | null>> {
  const bodyOf = (e: JournalEntry) => e.body as Record<string, unknown>;
  const clerkIds = new Set<string>();
  const householdIds = new Set<string>();
  for (const e of entries) {
    if (e.clerkId) clerkIds.add(e.clerkId);
    const b = bodyOf(e);
    if (typeof b.approvedBy === 'string') clerkIds.add(b.approvedBy);
    if (typeof b.clerkId === 'string') clerkIds.add(b.clerkId);
    if (typeof b.householdId === 'string') householdIds.add(b.householdId);
  }
  const [clerkRows, householdRows] = await Promise.all([
    device.kind === 'till' && clerkIds.size > 0
      ? trx
          .selectFrom('clerks')
          .select(['id', 'role', 'shopId'])
          .where('townshipId', '=', device.townshipId)
          .where('id', 'in', [...clerkIds])
          .execute()
      : Promise.resolve([]),
    // By id alone, the township checked below: with both in the WHERE, SQLite may scan the
    // township's households instead of looking up the batch's.
    householdIds.size > 0
      ? trx
          .selectFrom('households')
          .select(['id', 'townshipId', 'villageId'])
          .where((eb) => oneOf(trx, eb, 'id', [...householdIds]))
          .execute()
      : Promise.resolve([]),
  ]);
  // A township-wide clerk (no shop) may work at any shop of the township.
  const clerks = new Map(
    clerkRows.filter((c) => c.shopId === null || c.shopId === device.shopId).map((c) => [c.id, c.role]),
  );
  const households = new Map<string, string | null>();
  for (const h of householdRows) if (h.townshipId === device.townshipId) households.set(h.id, h.villageId);

  for (const e of entries) {
    const p = PERMISSIONS[e.kind];
    if (!p) throw refuse(e, 'no permission line for this kind');
    const b = bodyOf(e);
    if (typeof b.householdId === 'string' && !households.has(b.householdId))
      throw refuse(e, 'household not in this township', { householdId: b.householdId });
    if (device.kind === 'server') {
      if (!p.server) throw refuse(e, 'the township device may not write this kind');
      continue;
    }
    if (p.till.length === 0) throw refuse(e, 'tills may not write this kind');
    const role = e.clerkId ? clerks.get(e.clerkId) : undefined;
    if (!role) throw refuse(e, 'clerk unknown at this shop', { clerkId: e.clerkId });
    if (!p.till.includes(role)) throw refuse(e, 'clerk role may not write this kind', { role });
    if (p.shopField && b[p.shopField] !== device.shopId)
      throw refuse(e, 'entry names another shop', { shopId: b[p.shopField] });
    if (p.approver) {
      const approver = clerks.get(String(b[p.approver]));
      if (!approver || !(p.approverRoles ?? MANAGERS).includes(approver))
        throw refuse(e, 'approver is not a manager at this shop', { approvedBy: b[p.approver] });
    }
    if (p.subject) {
      const subject = String(b[p.subject]);
      if (!clerks.has(subject)) throw refuse(e, 'clerk unknown at this shop', { clerkId: subject });
      if (subject !== e.clerkId && !MANAGERS.includes(role))
        throw refuse(e, 'only a manager may act for another clerk', { clerkId: subject });
    }
  }
  return households;
}
