import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Month close judged by what the till said it holds (decision 0411): the head seq a till
 * reported in its last push or pull, and when. A device has synced past a cut-off when
 * it reported after the cut-off and the server holds every entry up to that head.
 */
export const trustTables: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('devices').addColumn('reported_head', 'bigint').execute();
    await db.schema.alterTable('devices').addColumn('reported_head_at', 'bigint').execute();
    await db.schema
      .createIndex('officer_sessions_expiry')
      .on('officer_sessions')
      .column('expires_at')
      .execute();
  },
};
