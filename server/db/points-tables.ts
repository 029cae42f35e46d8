import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Points entries the server stores (the device's chain must stay whole) but never counts,
 * flagged for the township to review: today a self-approved award, deduction or reversal
 * (decision 0900). Like overdrafts, a flag is open until an officer resolves it.
 */
export const pointsFlagTables: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('points_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('points', 'bigint', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('detected_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .execute();
    await db.schema
      .createIndex('points_flags_township')
      .on('points_flags')
      .columns(['township_id', 'status'])
      .execute();
  },
};
