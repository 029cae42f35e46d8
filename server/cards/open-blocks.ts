import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/**
 * The block and lost entries of a card the server holds that no unblock has lifted yet:
 * an unblock written at the township names them (decision 0414), so every till lifts
 * exactly these, whatever order the entries reach it in, and a lost report that reaches
 * the server later (a till's, with a slow clock) stays in force until it is named too.
 */
export async function openBlocks(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  uid: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'kind', 'body'])
    .where('townshipId', '=', townshipId)
    .where('kind', 'in', ['card.block', 'card.lost', 'card.unblock'])
    .where('body', 'like', `%"cardUid":"${uid}"%`)
    .orderBy('recvSeq')
    .execute();
  const open = new Set<string>();
  for (const r of rows) {
    const body = JSON.parse(r.body) as { cardUid: string; lifts?: string[] };
    if (body.cardUid !== uid) continue;
    if (r.kind === 'card.unblock') {
      for (const id of body.lifts ?? [...open]) open.delete(id);
    } else open.add(r.id);
  }
  return [...open];
}
