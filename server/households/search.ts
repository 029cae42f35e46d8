import type { HouseholdHit } from '../../src/console/people';
import type { Db } from '../db/connect';

export interface HouseholdQuery {
  /** House number prefix, name prefix (汉字) or pinyin initials prefix (zs → 张三). */
  q: string;
  /** A cadre's village, or a village the officer picked; null: the whole township. */
  villageId: string | null;
  limit?: number;
}

/** [q, q + U+FFFF): a prefix as an index range, the same on SQLite and PostgreSQL. */
const upper = (q: string) => `${q}\uffff`;

const natural = new Intl.Collator('zh-CN', { numeric: true });

/**
 * Household search for the console. Every branch is an index range over values
 * written with the row (house number, member name, member pinyin initials), so the
 * cost follows the number of hits, not the number of households.
 */
export async function searchHouseholds(
  db: Db,
  townshipId: string,
  query: HouseholdQuery,
): Promise<HouseholdHit[]> {
  const q = query.q.trim().slice(0, 40);
  const limit = Math.min(query.limit ?? 50, 200);
  const ids = new Set<string>();

  let byNumber = db
    .selectFrom('households')
    .select('id')
    .where('townshipId', '=', townshipId)
    .orderBy('number')
    .limit(limit);
  if (q) byNumber = byNumber.where('number', '>=', q).where('number', '<', upper(q));
  if (query.villageId) byNumber = byNumber.where('villageId', '=', query.villageId);
  for (const r of await byNumber.execute()) ids.add(r.id);

  const letters = /^[a-z]+$/i.test(q);
  if (q && !/^\d+$/.test(q)) {
    const column = letters ? 'initials' : 'name';
    const key = letters ? q.toLowerCase() : q;
    let byMember = db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.householdId')
      .select('m.householdId')
      .where('m.townshipId', '=', townshipId)
      .where(`m.${column}`, '>=', key)
      .where(`m.${column}`, '<', upper(key))
      .limit(limit);
    if (query.villageId) byMember = byMember.where('h.villageId', '=', query.villageId);
    for (const r of await byMember.execute()) ids.add(r.householdId);
  }
  return loadHits(db, [...ids].slice(0, limit));
}

async function loadHits(db: Db, ids: string[]): Promise<HouseholdHit[]> {
  if (ids.length === 0) return [];
  const [rows, members, balances] = await Promise.all([
    db
      .selectFrom('households as h')
      .innerJoin('villages as v', 'v.id', 'h.villageId')
      .select(['h.id', 'h.number', 'h.villageId', 'v.name as villageName', 'h.address', 'h.status'])
      .where('h.id', 'in', ids)
      .execute(),
    db
      .selectFrom('members')
      .select(['householdId', 'name', 'isHead'])
      .where('householdId', 'in', ids)
      .execute(),
    db.selectFrom('balances').select(['householdId', 'balance']).where('householdId', 'in', ids).execute(),
  ]);
  const balanceOf = new Map(balances.map((b) => [b.householdId, Number(b.balance)]));
  return rows
    .map((h) => {
      const mine = members.filter((m) => m.householdId === h.id);
      return {
        ...h,
        head: mine.find((m) => m.isHead === 1)?.name ?? null,
        memberCount: mine.length,
        balance: balanceOf.get(h.id) ?? 0,
      };
    })
    .sort((a, b) => natural.compare(a.villageName, b.villageName) || natural.compare(a.number, b.number));
}
