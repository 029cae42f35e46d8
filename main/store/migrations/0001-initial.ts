import type { Migration } from './types';

const immutable = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: ${table} rows are append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: ${table} rows are append-only'); END;`;

/**
 * Master data (replaced from the township server on pull), the device journal and
 * its ledger projections (append-only, enforced by triggers), and the materialised
 * balances and stock levels that the same transaction updates.
 */
export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE townships (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai'
) STRICT;

CREATE TABLE villages (
  id TEXT PRIMARY KEY,
  township_id TEXT NOT NULL REFERENCES townships(id),
  name TEXT NOT NULL
) STRICT;

CREATE TABLE shops (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  name TEXT NOT NULL,
  receipt_header TEXT NOT NULL DEFAULT '',
  receipt_footer TEXT NOT NULL DEFAULT '',
  -- JSON: { weekdays?: number[], ranges?: {from,to}[], hours?: {from,to} }; NULL = always open
  redemption_window TEXT
) STRICT;

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  shop_id TEXT REFERENCES shops(id),
  name TEXT NOT NULL,
  -- the device this one continues after a restore from backup (new epoch)
  previous_device_id TEXT
) STRICT;

CREATE TABLE clerks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk','stockkeeper','cadre','manager','officer')),
  shop_id TEXT REFERENCES shops(id),
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Local, never synced: failed PIN attempts and lockout.
CREATE TABLE clerk_lockouts (
  clerk_id TEXT PRIMARY KEY REFERENCES clerks(id),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER
) STRICT;

CREATE TABLE households (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  number TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  UNIQUE (village_id, number)
) STRICT;
CREATE INDEX households_number ON households(number);

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL REFERENCES households(id),
  name TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  is_head INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX members_household ON members(household_id);

CREATE TABLE cards (
  uid TEXT PRIMARY KEY,
  member_id TEXT REFERENCES members(id),
  household_id TEXT NOT NULL REFERENCES households(id),
  -- issued state from master data; blocks are journal events (card_state)
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','replaced'))
) STRICT;
CREATE INDEX cards_household ON cards(household_id);

CREATE TABLE rules (
  id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  name TEXT NOT NULL,
  points INTEGER NOT NULL,
  person_type TEXT NOT NULL DEFAULT 'all',
  needs_approval INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  barcode TEXT UNIQUE,
  name TEXT NOT NULL,
  pinyin TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '件',
  price_points INTEGER NOT NULL CHECK (price_points > 0),
  category TEXT NOT NULL DEFAULT '',
  is_service INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  favourite INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The device journal: one gap-free sequence, one hash chain.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  clerk_id TEXT,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

-- Entries pulled from other devices (server, other tills): count in balances, not in our chain.
CREATE TABLE foreign_entries (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  clerk_id TEXT,
  body TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (device_id, seq)
) STRICT;

CREATE TABLE points_entries (
  id TEXT PRIMARY KEY,
  entry_id TEXT NOT NULL,
  household_id TEXT NOT NULL REFERENCES households(id),
  amount INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('award','deduction','redemption','reversal','adjustment')),
  rule_id TEXT,
  sale_id TEXT,
  reason TEXT NOT NULL DEFAULT '',
  clerk_id TEXT,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL
) STRICT;
CREATE INDEX points_entries_household ON points_entries(household_id, at);
CREATE INDEX points_entries_device ON points_entries(device_id, device_seq);

CREATE TABLE stock_moves (
  id TEXT PRIMARY KEY,
  entry_id TEXT NOT NULL,
  product_id TEXT NOT NULL REFERENCES products(id),
  shop_id TEXT NOT NULL,
  qty INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('receive','donation','sale','return','adjust','stocktake','write-off')),
  unit_cost_fen INTEGER NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX stock_moves_device ON stock_moves(device_id, device_seq);

CREATE TABLE sales (
  id TEXT PRIMARY KEY,
  receipt_no TEXT NOT NULL,
  shop_id TEXT NOT NULL,
  household_id TEXT NOT NULL REFERENCES households(id),
  card_uid TEXT NOT NULL,
  clerk_id TEXT,
  shift_id TEXT,
  total_points INTEGER NOT NULL,
  balance_before INTEGER NOT NULL,
  balance_after INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  business_date TEXT NOT NULL
) STRICT;
CREATE INDEX sales_household ON sales(household_id, at);
CREATE INDEX sales_shift ON sales(shift_id);
CREATE INDEX sales_device ON sales(device_id, device_seq);

CREATE TABLE sale_lines (
  sale_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  name TEXT NOT NULL,
  qty INTEGER NOT NULL,
  unit_points INTEGER NOT NULL,
  points INTEGER NOT NULL,
  unit_cost_fen INTEGER NOT NULL,
  is_service INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no)
) STRICT;

-- Voids and returns: later entries pointing at the sale they reverse.
CREATE TABLE sale_reversals (
  id TEXT PRIMARY KEY,
  -- no foreign key: a reversal pulled from another till may arrive before its sale
  sale_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('void','return')),
  total_points INTEGER NOT NULL,
  reason TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  clerk_id TEXT,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX sale_reversals_sale ON sale_reversals(sale_id);
CREATE INDEX sale_reversals_device ON sale_reversals(device_id, device_seq);

CREATE TABLE sale_reversal_lines (
  reversal_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  qty INTEGER NOT NULL,
  points INTEGER NOT NULL,
  PRIMARY KEY (reversal_id, line_no)
) STRICT;

-- Materialised state, updated in the transaction that appends; verify recomputes it.
CREATE TABLE balances (
  household_id TEXT PRIMARY KEY REFERENCES households(id),
  balance INTEGER NOT NULL
) STRICT;

CREATE TABLE stock_levels (
  product_id TEXT NOT NULL REFERENCES products(id),
  shop_id TEXT NOT NULL,
  qty INTEGER NOT NULL,
  avg_cost_fen INTEGER NOT NULL,
  PRIMARY KEY (product_id, shop_id)
) STRICT;

-- Latest card event wins (block over anything older; only a newer unblock/replace lifts it).
CREATE TABLE card_state (
  uid TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('active','lost','blocked','replaced')),
  reason TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE household_state (
  household_id TEXT PRIMARY KEY REFERENCES households(id),
  resumes_on TEXT,
  reason TEXT,
  entry_id TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE shifts (
  id TEXT PRIMARY KEY,
  clerk_id TEXT,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  open_entry_id TEXT NOT NULL,
  close_entry_id TEXT
) STRICT;

${['journal', 'foreign_entries', 'points_entries', 'stock_moves', 'sales', 'sale_lines', 'sale_reversals', 'sale_reversal_lines'].map(immutable).join('\n')}
`,
};
