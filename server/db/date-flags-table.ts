import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Entries whose business date is not the one their `at` gives in the township's zone
 * (decision 0723): stored and counted by `at`, and listed for an officer until resolved
 * with a note.
 */
export const dateFlagsTable: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('date_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      /** The date the till wrote, kept in the entry (its hash covers it). */
      .addColumn('till_date', 'text', (c) => c.notNull())
      /** The date `at` gives in the township's zone: the one the entry counts by. */
      .addColumn('at_date', 'text', (c) => c.notNull())
      .addColumn('detected_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('note', 'text')
      .addColumn('resolved_by_name', 'text')
      .addColumn('resolved_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('date_flags_township')
      .on('date_flags')
      .columns(['township_id', 'status'])
      .execute();
  },
};
