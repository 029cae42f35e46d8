import type { Migration } from './types';

/**
 * Earning points (issue 13, decisions 0900–0903):
 * - rules gain their limit (once per event, once per month, a yearly cap);
 *   rule_versions keeps every version a rule.define entry wrote;
 * - awards is where every award, deduction and reversal stands: proposed, approved or
 *   rejected (materialised state, rebuilt from the journal; only approved entries are in
 *   points_entries and so in balances);
 * - black_listings keeps each black-listing with its lift, and honours the red list, for
 *   the monthly notice.
 * Entries already in the journal are carried over so limits count them.
 */
export const migration: Migration = {
  version: 4,
  name: 'points',
  sql: `
ALTER TABLE rules ADD COLUMN limit_kind TEXT NOT NULL DEFAULT 'none'
  CHECK (limit_kind IN ('none', 'event', 'month', 'year'));
ALTER TABLE rules ADD COLUMN year_cap INTEGER;

CREATE TABLE rule_versions (
  entry_id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  clerk_id TEXT,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX rule_versions_rule ON rule_versions (rule_id, at);

CREATE TABLE awards (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  member_id TEXT,
  rule_id TEXT,
  rule_name TEXT,
  amount INTEGER NOT NULL,
  reason TEXT NOT NULL,
  proposed_by TEXT,
  batch_id TEXT,
  reverses TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by TEXT,
  decision_reason TEXT,
  posted_entry_id TEXT,
  reversed_by TEXT,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  decided_at INTEGER
) STRICT;
CREATE INDEX awards_household ON awards (household_id, business_date);
CREATE INDEX awards_pending ON awards (at) WHERE status = 'pending';
CREATE INDEX awards_rule ON awards (rule_id, household_id, business_date);
CREATE INDEX awards_posted ON awards (posted_entry_id);

CREATE TABLE black_listings (
  entry_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  resumes_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  lifted_by TEXT,
  lifted_on TEXT
) STRICT;
CREATE INDEX black_listings_household ON black_listings (household_id, business_date);

CREATE TABLE honours (
  entry_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  title TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL
) STRICT;
CREATE INDEX honours_date ON honours (business_date);

INSERT INTO awards (id, household_id, member_id, rule_id, rule_name, amount, reason, proposed_by,
  batch_id, reverses, status, decided_by, posted_entry_id, at, business_date, decided_at)
SELECT id, json_extract(body, '$.householdId'), json_extract(body, '$.memberId'),
  json_extract(body, '$.ruleId'), json_extract(body, '$.ruleName'), json_extract(body, '$.amount'),
  json_extract(body, '$.reason'), json_extract(body, '$.proposedBy'), NULL,
  json_extract(body, '$.reverses'), 'approved', json_extract(body, '$.approvedBy'), id, at, business_date, at
FROM (SELECT id, body, at, business_date, kind FROM journal
      UNION ALL SELECT id, body, at, business_date, kind FROM foreign_entries)
WHERE kind IN ('points.award', 'points.deduct', 'points.reverse');

INSERT INTO black_listings (entry_id, household_id, resumes_on, reason, at, business_date)
SELECT id, json_extract(body, '$.householdId'), json_extract(body, '$.resumesOn'),
  json_extract(body, '$.reason'), at, business_date
FROM (SELECT id, body, at, business_date, kind FROM journal
      UNION ALL SELECT id, body, at, business_date, kind FROM foreign_entries)
WHERE kind = 'household.suspend';
`,
};
