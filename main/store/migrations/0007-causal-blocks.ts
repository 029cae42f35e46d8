import type { Migration } from './types';

/**
 * Card blocks and suspensions become causal, not clocked (decision 0414): every block or
 * suspension is kept with the entry that lifted it, if any. A lift may arrive before the
 * entry it names (another till's), so a row can exist with only `lifted_by` set until
 * the block itself arrives. Existing open blocks and suspensions are carried over.
 */
export const migration: Migration = {
  version: 7,
  name: 'causal-blocks',
  sql: `
CREATE TABLE card_blocks (
  entry_id TEXT PRIMARY KEY,
  uid TEXT,
  status TEXT,
  reason TEXT,
  at INTEGER,
  lifted_by TEXT
);
CREATE INDEX card_blocks_uid ON card_blocks(uid);
CREATE TABLE suspensions (
  entry_id TEXT PRIMARY KEY,
  household_id TEXT,
  resumes_on TEXT,
  reason TEXT,
  at INTEGER,
  lifted_by TEXT
);
CREATE INDEX suspensions_household ON suspensions(household_id);
INSERT INTO card_blocks (entry_id, uid, status, reason, at)
  SELECT entry_id, uid, status, reason, at FROM card_state WHERE status IN ('blocked', 'lost');
INSERT INTO suspensions (entry_id, household_id, resumes_on, reason, at)
  SELECT entry_id, household_id, resumes_on, reason, at FROM household_state WHERE resumes_on IS NOT NULL;
`,
};
