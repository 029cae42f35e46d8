import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';

export function masterVersionKey(townshipId: string): string {
  return `master:${townshipId}`;
}

/** Any change a till must re-pull (master rows, a new device) moves the township's version. */
export async function bumpMasterVersion(db: Kysely<ServerDatabase>, townshipId: string): Promise<number> {
  const name = masterVersionKey(townshipId);
  await db
    .insertInto('counters')
    .values({ name, value: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function masterVersion(db: Kysely<ServerDatabase>, townshipId: string): Promise<number> {
  const row = await db
    .selectFrom('counters')
    .select('value')
    .where('name', '=', masterVersionKey(townshipId))
    .executeTakeFirst();
  return row?.value ?? 0;
}
