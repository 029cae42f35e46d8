import type { Transaction } from 'kysely';
import { tillError } from '../../src/errors';
import type { MasterDataPatch } from '../../src/sync/master-data';
import { inChunks } from '../db/bulk';
import type { ServerDatabase } from '../db/schema';

type Trx = Transaction<ServerDatabase>;

/** Tables keyed by row id (cards by uid) whose rows carry their township. */
const OWNED = ['villages', 'shops', 'clerks', 'households', 'members', 'cards', 'rules', 'products'] as const;
type Owned = (typeof OWNED)[number];

/** What each row points at, and in which table that must be a row of the same township. */
const REFERENCES: { table: Owned; field: string; target: Owned }[] = [
  { table: 'shops', field: 'villageId', target: 'villages' },
  { table: 'clerks', field: 'shopId', target: 'shops' },
  { table: 'households', field: 'villageId', target: 'villages' },
  { table: 'members', field: 'householdId', target: 'households' },
  { table: 'cards', field: 'householdId', target: 'households' },
  { table: 'cards', field: 'memberId', target: 'members' },
];

const keyOf = (table: Owned) => (table === 'cards' ? 'uid' : 'id');

const foreign = (table: string, id: string) =>
  tillError('FORBIDDEN', '这条资料属于别的乡镇，不能修改', 'This row belongs to another township', {
    table,
    id,
  });

/**
 * An officer's upsert may only touch rows of their own township and only point at rows
 * of it: rows are upserted by id, so without this an id of another township's clerk,
 * household or card would overwrite that row (PIN hash included) and move it here.
 * Runs inside the upsert's transaction, before any write.
 */
export async function guardTownship(trx: Trx, townshipId: string, patch: MasterDataPatch): Promise<void> {
  const keysOf = (table: Owned): string[] =>
    ((patch[table] ?? []) as Record<string, unknown>[]).map((r) => String(r[keyOf(table)]));
  const idsIn = async (table: Owned, ids: string[], mine: boolean): Promise<Set<string>> => {
    const key = keyOf(table);
    const rows = await inChunks(ids, (chunk) =>
      trx
        // biome-ignore lint/suspicious/noExplicitAny: one lookup over eight tables
        .selectFrom(table as any)
        .select(`${key} as k`)
        .where(key, 'in', chunk)
        .where('townshipId', mine ? '=' : '<>', townshipId)
        .execute(),
    );
    return new Set((rows as { k: string }[]).map((r) => r.k));
  };

  for (const table of OWNED) {
    const keys = keysOf(table);
    if (keys.length === 0) continue;
    const theirs = await idsIn(table, keys, false);
    const first = keys.find((k) => theirs.has(k));
    if (first) throw foreign(table, first);
  }
  for (const { table, field, target } of REFERENCES) {
    const refs = [
      ...new Set(
        ((patch[table] ?? []) as Record<string, unknown>[])
          .map((r) => r[field])
          .filter((v): v is string => typeof v === 'string'),
      ),
    ];
    if (refs.length === 0) continue;
    const inPatch = new Set(keysOf(target));
    const missing = refs.filter((r) => !inPatch.has(r));
    const stored = missing.length > 0 ? await idsIn(target, missing, true) : new Set<string>();
    const bad = missing.find((r) => !stored.has(r));
    if (bad)
      throw tillError('INVALID_INPUT', '引用的资料不在本乡镇', `The ${field} is not a row of this township`, {
        table,
        field,
        id: bad,
      });
  }
}
