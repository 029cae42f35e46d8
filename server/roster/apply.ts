import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../src/clock';
import type { RosterRow, RosterSummary } from '../../src/console/people';
import { newId } from '../../src/ids';
import { inChunks } from '../db/bulk';
import type { ServerDatabase } from '../db/schema';
import { nameInitials } from '../households/initials';
import { appendServerEntriesIn, type ServerEntryInput } from '../journal/server-journal';
import { bumpMasterVersion } from '../master/version';

type Q = Kysely<ServerDatabase>;

/** What an import will do, computed the same way for the preview and for the write. */
export interface RosterPlan {
  newHouseholds: RosterRow[];
  changedHouseholds: { id: string; row: RosterRow; addressChanged: boolean }[];
  unchanged: number;
  newMembers: { householdKey: string; name: string; isHead: boolean }[];
  /** Existing members whose head flag flips. */
  headChanges: { memberId: string; isHead: boolean }[];
  /** Opening balance still to post per household key: the file's figure minus what was posted before. */
  openingDeltas: { householdKey: string; amount: number }[];
}

const keyOf = (villageId: string, number: string) => `${villageId}\u0000${number}`;

/**
 * Matches rows to households by village and house number, so importing the same file
 * twice changes nothing the second time and an edited file updates in place. Members
 * are matched by name; a member missing from the file stays (they may hold a card).
 */
export async function planRoster(q: Q, townshipId: string, rows: RosterRow[]): Promise<RosterPlan> {
  const existing = await q
    .selectFrom('households')
    .select(['id', 'villageId', 'number', 'address'])
    .where('townshipId', '=', townshipId)
    .execute();
  const byKey = new Map(existing.map((h) => [keyOf(h.villageId, h.number), h]));
  const matched = rows.map((r) => byKey.get(keyOf(r.villageId, r.number))).filter((h) => h !== undefined);
  const ids = matched.map((h) => h.id);
  const [members, openings] = await Promise.all([
    inChunks(ids, (chunk) =>
      q
        .selectFrom('members')
        .select(['id', 'householdId', 'name', 'isHead'])
        .where('householdId', 'in', chunk)
        .execute(),
    ),
    inChunks(ids, (chunk) =>
      q
        .selectFrom('ledgerLines')
        .select((eb) => ['householdId', eb.fn.sum<number>('points').as('points')])
        .where('householdId', 'in', chunk)
        .where('category', '=', 'opening')
        .groupBy('householdId')
        .execute(),
    ),
  ]);
  const membersOf = new Map<string, typeof members>();
  for (const m of members) membersOf.set(m.householdId, [...(membersOf.get(m.householdId) ?? []), m]);
  const openingOf = new Map(openings.map((o) => [o.householdId, Number(o.points)]));

  const plan: RosterPlan = {
    newHouseholds: [],
    changedHouseholds: [],
    unchanged: 0,
    newMembers: [],
    headChanges: [],
    openingDeltas: [],
  };
  for (const r of rows) {
    const key = keyOf(r.villageId, r.number);
    const h = byKey.get(key);
    const names = [r.head, ...r.members];
    if (!h) {
      plan.newHouseholds.push(r);
      for (const [i, name] of names.entries())
        plan.newMembers.push({ householdKey: key, name, isHead: i === 0 });
      if (r.opening) plan.openingDeltas.push({ householdKey: key, amount: r.opening });
      continue;
    }
    const mine = membersOf.get(h.id) ?? [];
    let changed = h.address !== r.address;
    for (const [i, name] of names.entries()) {
      const m = mine.find((x) => x.name === name);
      if (!m) {
        plan.newMembers.push({ householdKey: key, name, isHead: i === 0 });
        changed = true;
      }
    }
    for (const m of mine) {
      const shouldHead = m.name === r.head;
      if ((m.isHead === 1) !== shouldHead) {
        plan.headChanges.push({ memberId: m.id, isHead: shouldHead });
        changed = true;
      }
    }
    const delta = r.opening === null ? 0 : r.opening - (openingOf.get(h.id) ?? 0);
    if (delta !== 0) {
      plan.openingDeltas.push({ householdKey: key, amount: delta });
      changed = true;
    }
    if (changed) plan.changedHouseholds.push({ id: h.id, row: r, addressChanged: h.address !== r.address });
    else plan.unchanged++;
  }
  return plan;
}

/** Writes a plan in the caller's transaction: households, members, then opening-balance entries. */
export async function applyRoster(
  trx: Transaction<ServerDatabase>,
  clock: Clock,
  townshipId: string,
  officerId: string,
  rows: RosterRow[],
  source: string,
): Promise<RosterSummary> {
  const plan = await planRoster(trx, townshipId, rows);
  const idOf = new Map<string, string>();
  for (const h of plan.changedHouseholds) idOf.set(keyOf(h.row.villageId, h.row.number), h.id);
  const newRows = plan.newHouseholds.map((r) => {
    const id = newId(clock);
    idOf.set(keyOf(r.villageId, r.number), id);
    return {
      id,
      townshipId,
      villageId: r.villageId,
      number: r.number,
      address: r.address,
      status: 'active' as const,
    };
  });
  await inChunks(newRows, (chunk) => trx.insertInto('households').values(chunk).execute());
  for (const h of plan.changedHouseholds) {
    if (h.addressChanged) {
      await trx.updateTable('households').set({ address: h.row.address }).where('id', '=', h.id).execute();
    }
  }
  for (const c of plan.headChanges) {
    await trx
      .updateTable('members')
      .set({ isHead: c.isHead ? 1 : 0 })
      .where('id', '=', c.memberId)
      .execute();
  }
  const memberRows = plan.newMembers.map((m) => ({
    id: newId(clock),
    townshipId,
    householdId: idOf.get(m.householdKey) as string,
    name: m.name,
    initials: nameInitials(m.name),
    tags: '[]',
    isHead: m.isHead ? 1 : 0,
  }));
  await inChunks(memberRows, (chunk) => trx.insertInto('members').values(chunk).execute());
  const entries: ServerEntryInput[] = plan.openingDeltas.map((o) => ({
    kind: 'points.opening',
    clerkId: officerId,
    body: {
      householdId: idOf.get(o.householdKey) as string,
      amount: o.amount,
      // Data, not UI text: the village's own words, like a reason a cadre types.
      reason: '期初积分（花名册导入）',
      source: source.slice(0, 200),
    },
  }));
  await appendServerEntriesIn(trx, clock, townshipId, entries);
  if (newRows.length + plan.changedHouseholds.length > 0) await bumpMasterVersion(trx, townshipId);
  return {
    created: newRows.length,
    updated: plan.changedHouseholds.length,
    unchanged: plan.unchanged,
    membersAdded: memberRows.length,
    openingEntries: entries.length,
    openingPoints: plan.openingDeltas.reduce((s, o) => s + o.amount, 0),
  };
}
