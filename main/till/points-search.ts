import { pinyin } from 'pinyin-pro';
import type { HouseholdHit } from '../../src/api/points';
import type { TillContext } from './context';

const initialsCache = new Map<string, string>();

/** 张三华 → "zsh": how villagers' names are typed on a till keyboard. */
function initials(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    initialsCache.set(name, v);
  }
  return v;
}

/**
 * Finds households for scoring by house number, a member's name, or the pinyin initials
 * of a name; at most 20 hits, house number first.
 */
export function findHouseholds(ctx: TillContext, query: string): HouseholdHit[] {
  const q = query.trim();
  const rows = ctx.store
    .sql(
      `SELECT h.id AS householdId, h.number, m.id AS memberId, m.name AS memberName, m.is_head,
         coalesce(b.balance, 0) AS balance
       FROM households h JOIN members m ON m.household_id = h.id
       LEFT JOIN balances b ON b.household_id = h.id
       WHERE h.status = 'active' ORDER BY h.number, m.is_head DESC, m.name`,
    )
    .all() as {
    householdId: string;
    number: string;
    memberId: string;
    memberName: string;
    is_head: number;
    balance: number;
  }[];
  const heads = new Map<string, string>();
  for (const r of rows) if (!heads.has(r.householdId)) heads.set(r.householdId, r.memberName);
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const latin = /^[a-z]+$/i.test(q);
  const hits: HouseholdHit[] = [];
  const seen = new Set<string>();
  const push = (r: (typeof rows)[number], member: boolean) => {
    const key = member ? r.memberId : r.householdId;
    if (seen.has(key) || hits.length >= 20) return;
    seen.add(key);
    hits.push({
      householdId: r.householdId,
      number: r.number,
      headName: heads.get(r.householdId) ?? '',
      memberId: member ? r.memberId : null,
      memberName: member ? r.memberName : null,
      balance: r.balance,
    });
  };
  for (const r of rows) if (r.is_head === 1 && r.number.toUpperCase().includes(upper)) push(r, false);
  for (const r of rows) {
    if (r.memberName.includes(q) || (latin && initials(r.memberName).startsWith(lower))) push(r, true);
  }
  return hits;
}
