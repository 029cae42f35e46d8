import type { Migration } from './types';

/**
 * Drops `awards_rule (rule_id, household_id, business_date)`. The one query it served, a
 * rule's limits for one household (main/till/points-awards.ts), finds the same few rows
 * through `awards_household (household_id, business_date)`. Keyed by household, each of
 * the two took a leaf page per award of a pull page: 853 of a commit's 3,950 WAL frames
 * on a 100k-entry till, and an index insert per award (decision 0497).
 */
export const migration: Migration = {
  version: 14,
  name: 'awards-one-household-index',
  sql: 'DROP INDEX IF EXISTS awards_rule;',
};
