import type { Migration } from './types';

/**
 * A clerk whose PIN was set by someone else (the officer's initial PIN, a manager's
 * reset) must choose a new one at the next login. The flag comes with the clerk's
 * master data and from `clerk.pin` journal entries (decision 0702).
 */
export const migration: Migration = {
  version: 5,
  name: 'clerk-pins',
  sql: `
ALTER TABLE clerks ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0;
`,
};
