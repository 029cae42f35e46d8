import type { Migration } from './types';

/**
 * What a sale's checks may keep between sales: cards, households, their card and household
 * events, products, shops, and the settings, all but the projected mark a sale moves itself.
 */
const WATCHED = ['cards', 'card_state', 'households', 'household_state', 'products', 'shops'] as const;
const PER_SALE_SETTING = 'ledger.projected_through';

/**
 * A value that changes with every row written to what a sale's checks keep (decision 0486).
 * It is random, not a count: a rolled-back write puts the old value back, and no later write
 * can make a value a cache already holds. A settings key left out of the exception only costs
 * a re-read, never a stale check.
 */
export const migration: Migration = {
  version: 13,
  name: 'master-generation',
  sql: `
CREATE TABLE IF NOT EXISTS master_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BLOB NOT NULL
) STRICT;
INSERT OR IGNORE INTO master_generation (id, value) VALUES (1, randomblob(8));
${WATCHED.flatMap((table) => ['INSERT', 'UPDATE', 'DELETE'].map((op) => trigger(table, op, ''))).join('\n')}
${trigger('settings', 'INSERT', `WHEN NEW.key <> '${PER_SALE_SETTING}'`)}
${trigger('settings', 'UPDATE', `WHEN NEW.key <> '${PER_SALE_SETTING}' OR OLD.key <> '${PER_SALE_SETTING}'`)}
${trigger('settings', 'DELETE', `WHEN OLD.key <> '${PER_SALE_SETTING}'`)}
`,
};

function trigger(table: string, op: string, when: string): string {
  return `CREATE TRIGGER IF NOT EXISTS ${table}_${op.toLowerCase()}_generation AFTER ${op} ON ${table} ${when}
BEGIN UPDATE master_generation SET value = randomblob(8); END;`;
}
