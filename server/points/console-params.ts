import { id, TownshipParams } from '../console-api/township-of';
import type { Db } from '../db/connect';

/** Route parameters of the points console routes: the console's township parameter, and more. */
export const T = TownshipParams;
export const TR = TownshipParams.extend({ ruleId: id });
export const TP = TownshipParams.extend({ proposalId: id });

/** Names of the people who propose and decide: till clerks and console accounts. */
export async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const [clerks, officers] = await Promise.all([
    db.selectFrom('clerks').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('officers').select(['id', 'name']).where('id', 'in', wanted).execute(),
  ]);
  return new Map([...clerks, ...officers].map((r) => [r.id, r.name]));
}
