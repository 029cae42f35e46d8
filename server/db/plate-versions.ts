import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * The version each household's door plate is signed with (decision 0911). Every plate
 * so far was version 1; a reissue raises it, and tills refuse the older plate.
 */
export const plateVersions: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('households')
      .addColumn('plate_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
