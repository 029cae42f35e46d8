import type { Migration } from './types';

/**
 * What a sale's checks may keep between sales: products, shops, and the settings but the
 * projected mark each sale moves and the sync bookkeeping each sync moves, which no check reads.
 */
const WATCHED = ['products', 'shops'] as const;
const WATCHED_KEY = "NOT (key = 'ledger.projected_through' OR substr(key, 1, 5) = 'sync.')";

/**
 * A value that changes with every row written to what a sale's checks keep (decision 0486).
 * It is random, not a count: a rolled-back write puts the old value back, and no later write
 * can make a value a cache already holds. A settings key left out of the exception only costs
 * a re-read, never a stale check. Cards and households are not kept: a household buys
 * about once a redemption period, so a kept row would seldom be read again.
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
${trigger('settings', 'INSERT', `WHEN ${WATCHED_KEY.replaceAll('key', 'NEW.key')}`)}
${trigger('settings', 'UPDATE', `WHEN ${WATCHED_KEY.replaceAll('key', 'NEW.key')} OR ${WATCHED_KEY.replaceAll('key', 'OLD.key')}`)}
${trigger('settings', 'DELETE', `WHEN ${WATCHED_KEY.replaceAll('key', 'OLD.key')}`)}
`,
};

function trigger(table: string, op: string, when: string): string {
  return `CREATE TRIGGER IF NOT EXISTS ${table}_${op.toLowerCase()}_generation AFTER ${op} ON ${table} ${when}
BEGIN UPDATE master_generation SET value = randomblob(8); END;`;
}
