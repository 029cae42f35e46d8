import type { Migration } from './types';

/**
 * The sale's write path (issue 14, decision 0485): `sales_household` is dropped. No till
 * query filters or sorts sales by household (a household's history comes from
 * points_entries), yet every sale paid for one more index insert into a random leaf page
 * and its WAL frame. Rows and verify are unchanged.
 */
export const migration: Migration = {
  version: 11,
  name: 'sale-write-path',
  sql: `
DROP INDEX IF EXISTS sales_household;
`,
};
