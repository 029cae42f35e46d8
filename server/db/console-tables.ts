import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Township console (decision 0600): browser sessions (cookie token stored hashed) and
 * the audit trail every console change writes. The audit is append-only.
 */
export const consoleTables: Migration = {
  async up(db: AnyDb) {
    const s = db.schema;
    await s
      .createTable('console_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('officer_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await s
      .createTable('console_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text')
      .addColumn('officer_id', 'text')
      .addColumn('officer_name', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await s
      .createIndex('console_audit_township_at')
      .on('console_audit')
      .columns(['township_id', 'at'])
      .execute();
  },
};

/** Overdraft review (0601): the officer's note when resolving; the overdraft row itself belongs to sync. */
export const overdraftNotes: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('overdraft_notes')
      .addColumn('overdraft_id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('resolved_by', 'text', (c) => c.notNull())
      .addColumn('resolved_by_name', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** What each till last said about itself (0602): app version and reader/printer problems. */
export const tillStatus: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('till_status')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('app_version', 'text', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('reported_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
