import type { Kysely, Migration, Transaction } from 'kysely';
import { rebuildCardState } from '../cards/effects';
import type { ServerDatabase } from './schema';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Causal card blocks at the township (decision 0414): every block or lost entry with the
 * unblock that lifted it, so the console shows what the tills decide by, not whichever
 * entry carried the later clock. Card state is rebuilt from the card entries held.
 */
export const cardBlocksTable: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('card_blocks')
      .addColumn('entry_id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('uid', 'text')
      .addColumn('status', 'text')
      .addColumn('reason', 'text')
      .addColumn('at', 'bigint')
      .addColumn('lifted_by', 'text')
      .execute();
    await db.schema
      .createIndex('card_blocks_uid')
      .on('card_blocks')
      .columns(['township_id', 'uid'])
      .execute();
    await rebuildCardState(db as unknown as Transaction<ServerDatabase>);
  },
};
