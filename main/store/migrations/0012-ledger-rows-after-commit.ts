import type { Migration } from './types';

/**
 * The till's own entries have their ledger rows written just after their commit
 * (decision 0483). `ledger.projected_through` is the last own seq whose rows are written;
 * every entry already stored has them, so it starts at the journal's head.
 */
export const migration: Migration = {
  version: 12,
  name: 'ledger-rows-after-commit',
  sql: `
INSERT OR IGNORE INTO settings (key, value)
SELECT 'ledger.projected_through', CAST(coalesce(max(seq), 0) AS TEXT) FROM journal;
`,
};
