import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * The township side of earning points (issue 13, decision 0920):
 * - rules gain their limit and yearly cap, so the console shows and tills pull them;
 * - rule_versions keeps every version a rule.define entry wrote (console or till);
 * - points_awards is where each proposal, approval and rejection stands as the server
 *   knows it, from every device's entries: the console's approval list reads it, and
 *   ingest counts limits from it.
 */
export const pointsAwardTables: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('rules')
      .addColumn('limit_kind', 'text', (c) => c.notNull().defaultTo('none'))
      .execute();
    await db.schema.alterTable('rules').addColumn('year_cap', 'bigint').execute();
    await db.schema
      .createTable('rule_versions')
      .addColumn('entry_id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('clerk_id', 'text')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('rule_versions_rule')
      .on('rule_versions')
      .columns(['township_id', 'rule_id', 'at'])
      .execute();
    await db.schema
      .createTable('points_awards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('village_id', 'text')
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text')
      .addColumn('rule_id', 'text')
      .addColumn('rule_name', 'text')
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('proposed_by', 'text')
      .addColumn('batch_id', 'text')
      .addColumn('reverses', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('posted_entry_id', 'text')
      .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reversed_by', 'text')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('points_awards_status')
      .on('points_awards')
      .columns(['township_id', 'status', 'at'])
      .execute();
    await db.schema
      .createIndex('points_awards_rule')
      .on('points_awards')
      .columns(['rule_id', 'household_id', 'business_date'])
      .execute();
    await db.schema
      .createIndex('points_awards_posted')
      .on('points_awards')
      .column('posted_entry_id')
      .execute();
  },
};

/** An officer resolves a points flag with a note, as an overdraft is (0920). */
export const pointsFlagNotes: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('points_flags').addColumn('note', 'text').execute();
    await db.schema.alterTable('points_flags').addColumn('resolved_by_name', 'text').execute();
    await db.schema.alterTable('points_flags').addColumn('resolved_at', 'bigint').execute();
  },
};
