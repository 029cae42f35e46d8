import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { cardBlocksTable } from './card-blocks-table';
import { consoleTables, overdraftNotes, tillStatus } from './console-tables';
import { dateFlagsTable } from './date-flags-table';
import { memberInitials } from './member-initials';
import { peopleTables } from './people-tables';
import { plateVersions } from './plate-versions';
import { pointsAwardTables, pointsFlagNotes } from './points-awards-tables';
import { pointsFlagTables } from './points-tables';
import { productCostTable } from './product-cost-table';
import { productFields } from './product-fields';
import { refundTables } from './refund-tables';
import { rowVersions } from './row-versions';
import { stockLevelsTable } from './stock-levels-table';
import { trustTables } from './trust-tables';

/**
 * Server schema, written once with Kysely's schema builder so SQLite and PostgreSQL get
 * the same tables. Names are snake_case here (the CamelCasePlugin leaves them alone).
 * Ledger rows (entries, ledger_lines, stock_lines) are only ever inserted.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    const s = db.schema;
    await s
      .createTable('server_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await s
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('counters').values({ name: 'recv_seq', value: 0 }).execute();
    await s
      .createTable('officers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('township_id', 'text')
      .addColumn('village_id', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await s
      .createTable('officer_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('officer_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await s
      .createTable('townships')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .execute();
    const master = (name: string) => s.createTable(name).addColumn('township_id', 'text', (c) => c.notNull());
    await master('villages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await master('shops')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('receipt_header', 'text', (c) => c.notNull())
      .addColumn('receipt_footer', 'text', (c) => c.notNull())
      .addColumn('redemption_window', 'text')
      .execute();
    await master('clerks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text')
      .addColumn('pin_hash', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    await master('households')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();
    await master('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('is_head', 'integer', (c) => c.notNull())
      .execute();
    await master('cards')
      .addColumn('uid', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text')
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();
    await master('rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('points', 'bigint', (c) => c.notNull())
      .addColumn('person_type', 'text', (c) => c.notNull())
      .addColumn('needs_approval', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    await master('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('barcode', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('pinyin', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('price_points', 'bigint', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('is_service', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('favourite', 'integer', (c) => c.notNull())
      .execute();
    for (const t of ['villages', 'shops', 'clerks', 'households', 'members', 'cards', 'rules', 'products']) {
      await s.createIndex(`${t}_township`).on(t).column('township_id').execute();
    }
    await master('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('shop_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('previous_device_id', 'text')
      .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('last_sync_at', 'bigint')
      .addColumn('last_clock_skew_ms', 'bigint')
      .execute();
    await s
      .createTable('enrollment_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by_device', 'text')
      .execute();
    await s
      .createTable('nonces')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('nonces_pk', ['device_id', 'nonce'])
      .execute();
    await s.createIndex('nonces_seen').on('nonces').column('seen_at').execute();
    await s
      .createTable('entries')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('business_date', 'text', (c) => c.notNull())
      .addColumn('clerk_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('recv_seq', 'bigint', (c) => c.notNull().unique())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('late', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('entries_pk', ['device_id', 'seq'])
      .execute();
    await s.createIndex('entries_township_recv').on('entries').columns(['township_id', 'recv_seq']).execute();
    await s
      .createTable('ledger_lines')
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text')
      .addColumn('village_id', 'text')
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('points', 'bigint', (c) => c.notNull())
      .addColumn('cost_fen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_lines_pk', ['entry_id', 'line_no'])
      .execute();
    await s
      .createIndex('ledger_lines_period')
      .on('ledger_lines')
      .columns(['township_id', 'period', 'kind'])
      .execute();
    await s
      .createTable('ledger_totals')
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('village_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('points', 'bigint', (c) => c.notNull())
      .addColumn('cost_fen', 'bigint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_totals_pk', [
        'township_id',
        'period',
        'village_id',
        'shop_id',
        'category',
        'kind',
      ])
      .execute();
    await s
      .createTable('stock_totals')
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('qty', 'bigint', (c) => c.notNull())
      .addColumn('value_fen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_totals_pk', ['township_id', 'period', 'shop_id'])
      .execute();
    await s
      .createTable('period_counts')
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('entries', 'bigint', (c) => c.notNull())
      .addColumn('late', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('period_counts_pk', ['township_id', 'period'])
      .execute();
    await s
      .createTable('stock_lines')
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('qty', 'bigint', (c) => c.notNull())
      .addColumn('value_fen', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_lines_pk', ['entry_id', 'line_no'])
      .execute();
    await s.createIndex('stock_lines_period').on('stock_lines').columns(['township_id', 'period']).execute();
    await s
      .createTable('balances')
      .addColumn('household_id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('balance', 'bigint', (c) => c.notNull())
      .execute();
    await s
      .createTable('overdrafts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull().unique())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('balance_after', 'bigint', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('detected_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();
    await s
      .createTable('periods')
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_by', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('periods_pk', ['township_id', 'period'])
      .execute();
  },
};

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0620-people': peopleTables,
  '0622-product-cost': productCostTable,
  '0600-console': consoleTables,
  '0601-overdraft-notes': overdraftNotes,
  '0602-till-status': tillStatus,
  '0410-trust': trustTables,
  '0900-points-flags': pointsFlagTables,
  '0700-master-row-versions': rowVersions,
  '0630-member-initials': memberInitials,
  '0631-product-fields': productFields,
  '0632-card-blocks': cardBlocksTable,
  '0920-points-awards': pointsAwardTables,
  '0921-points-flag-notes': pointsFlagNotes,
  '0311-refund-flags': refundTables,
  '0810-stock-levels': stockLevelsTable,
  '0911-plate-versions': plateVersions,
  '0723-date-flags': dateFlagsTable,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: AnyDb): Promise<void> {
  // Each capability keeps its own number range (0410 trust, 0600 console, 0620 people, ...),
  // so a newer migration may sort before one a database already has: apply it anyway.
  const { error, results } = await new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`server migration ${failed} failed: ${String(error)}`);
  }
}
