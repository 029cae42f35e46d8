import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { openBlockIds } from './effects';

/**
 * The block and lost entries of a card the server holds that no unblock has lifted yet:
 * an unblock written at the township names them (decision 0414), so every till lifts
 * exactly these, whatever order the entries reach it in, and a lost report that reaches
 * the server later (a till's, with a slow clock) stays in force until it is named too.
 */
export function openBlocks(db: Kysely<ServerDatabase>, townshipId: string, uid: string): Promise<string[]> {
  return openBlockIds(db, townshipId, uid);
}
