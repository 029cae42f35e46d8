import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Households, members, cards and clerks as the console edits them (decision 0620):
 * pinyin initials stored at write time so search is an index range, not a scan; the
 * clerk's must-change-PIN flag; card state derived from card journal events of any
 * device; indexes the household search and statement read through.
 */
export const peopleTables: Migration = {
  async up(db: AnyDb) {
    const s = db.schema;
    await s
      .alterTable('members')
      .addColumn('initials', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await s
      .alterTable('clerks')
      .addColumn('must_change_pin', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await s
      .createTable('card_state')
      .addColumn('uid', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await s.createIndex('members_initials').on('members').columns(['township_id', 'initials']).execute();
    await s.createIndex('members_name').on('members').columns(['township_id', 'name']).execute();
    await s.createIndex('members_household').on('members').column('household_id').execute();
    await s.createIndex('households_number').on('households').columns(['township_id', 'number']).execute();
    await s.createIndex('cards_household').on('cards').column('household_id').execute();
    await s.createIndex('ledger_lines_household').on('ledger_lines').column('household_id').execute();
  },
};
