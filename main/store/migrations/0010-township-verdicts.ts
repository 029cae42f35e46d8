import type { Migration } from './types';

/**
 * The township's "not counted" verdicts (decision 0720): an entry the server stores but never
 * counts (an approver without the approver role as the server knows it). The entry and its
 * points row stay as they were hashed; the verdict is its own append-only row, and the balance
 * leaves the entry's points out. `verify` recomputes balances the same way.
 */
export const migration: Migration = {
  version: 10,
  name: 'township-verdicts',
  sql: `
CREATE TABLE uncounted_entries (
  entry_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER uncounted_entries_no_update BEFORE UPDATE ON uncounted_entries
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: uncounted_entries rows are append-only'); END;
CREATE TRIGGER uncounted_entries_no_delete BEFORE DELETE ON uncounted_entries
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: uncounted_entries rows are append-only'); END;
`,
};
