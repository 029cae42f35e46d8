import type { Migration } from './types';

/**
 * Restocking (issue 12, decisions 0800–0802):
 * - products gain yuan cost, pack size, low-stock threshold, the time their data took
 *   effect, and several barcodes (JSON list; product_barcodes is its unique index, kept
 *   by triggers so master data, catalog entries and imports all go through one rule);
 * - product_prices keeps every points price a product had, from when;
 * - stock_ledger is the ERPNext-style stock card: each move with the quantity after it,
 *   the unit cost it used, and the moving average and value after it (materialised in
 *   the transaction that appends the move, rebuilt here from the moves already stored);
 * - stock_counts / stock_count_lines hold stocktakes from count to approval;
 * - print_jobs learns the 'document' kind (receiving slips, count sheets).
 */
export const migration: Migration = {
  version: 3,
  name: 'stock',
  sql: `
ALTER TABLE products ADD COLUMN cost_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN pack_size INTEGER NOT NULL DEFAULT 1 CHECK (pack_size >= 1);
ALTER TABLE products ADD COLUMN low_stock INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN barcodes TEXT NOT NULL DEFAULT '[]';
UPDATE products SET barcodes = json_array(barcode) WHERE barcode IS NOT NULL;

CREATE TABLE product_barcodes (
  barcode TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id)
) STRICT;
CREATE INDEX product_barcodes_product ON product_barcodes(product_id);
INSERT INTO product_barcodes (barcode, product_id) SELECT j.value, p.id FROM products p, json_each(p.barcodes) j;

-- Master data may set only the main barcode: product_barcodes holds it beside the list.
CREATE TRIGGER products_barcodes_ai AFTER INSERT ON products BEGIN
  INSERT INTO product_barcodes (barcode, product_id) SELECT j.value, NEW.id FROM json_each(NEW.barcodes) j;
  INSERT INTO product_barcodes (barcode, product_id) SELECT NEW.barcode, NEW.id
    WHERE NEW.barcode IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(NEW.barcodes) j WHERE j.value = NEW.barcode);
END;
CREATE TRIGGER products_barcodes_au AFTER UPDATE OF barcodes, barcode ON products BEGIN
  DELETE FROM product_barcodes WHERE product_id = NEW.id;
  INSERT INTO product_barcodes (barcode, product_id) SELECT j.value, NEW.id FROM json_each(NEW.barcodes) j;
  INSERT INTO product_barcodes (barcode, product_id) SELECT NEW.barcode, NEW.id
    WHERE NEW.barcode IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(NEW.barcodes) j WHERE j.value = NEW.barcode);
END;

CREATE TABLE product_prices (
  product_id TEXT NOT NULL REFERENCES products(id),
  price_points INTEGER NOT NULL,
  from_at INTEGER NOT NULL
) STRICT;
CREATE INDEX product_prices_product ON product_prices(product_id, from_at);
INSERT INTO product_prices (product_id, price_points, from_at) SELECT id, price_points, updated_at FROM products;
CREATE TRIGGER products_price_ai AFTER INSERT ON products BEGIN
  INSERT INTO product_prices (product_id, price_points, from_at) VALUES (NEW.id, NEW.price_points, NEW.updated_at);
END;
CREATE TRIGGER products_price_au AFTER UPDATE OF price_points ON products
WHEN NEW.price_points <> OLD.price_points BEGIN
  INSERT INTO product_prices (product_id, price_points, from_at) VALUES (NEW.id, NEW.price_points, NEW.updated_at);
END;

CREATE TABLE stock_ledger (
  move_id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  shop_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty INTEGER NOT NULL,
  qty_after INTEGER NOT NULL,
  unit_cost_fen INTEGER NOT NULL,
  avg_cost_after_fen INTEGER NOT NULL,
  value_after_fen INTEGER NOT NULL,
  reference TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX stock_ledger_card ON stock_ledger(product_id, shop_id);

CREATE TEMP TABLE ordered AS SELECT id, product_id, shop_id, kind, qty, unit_cost_fen, reference, at,
  row_number() OVER (PARTITION BY product_id, shop_id ORDER BY rowid) AS n FROM stock_moves;
CREATE INDEX temp.ordered_n ON ordered(product_id, shop_id, n);
WITH RECURSIVE card AS (
  SELECT id, product_id, shop_id, kind, qty, unit_cost_fen, reference, at, n,
    qty AS qty_after, unit_cost_fen AS avg_after
  FROM ordered WHERE n = 1
  UNION ALL
  SELECT o.id, o.product_id, o.shop_id, o.kind, o.qty, o.unit_cost_fen, o.reference, o.at, o.n,
    c.qty_after + o.qty,
    CASE WHEN o.qty <= 0 THEN c.avg_after
         WHEN c.qty_after <= 0 THEN o.unit_cost_fen
         ELSE (2 * (c.qty_after * c.avg_after + o.qty * o.unit_cost_fen) + (c.qty_after + o.qty))
              / (2 * (c.qty_after + o.qty)) END
  FROM card c JOIN ordered o ON o.product_id = c.product_id AND o.shop_id = c.shop_id AND o.n = c.n + 1
)
INSERT INTO stock_ledger (move_id, product_id, shop_id, kind, qty, qty_after, unit_cost_fen,
  avg_cost_after_fen, value_after_fen, reference, at)
SELECT id, product_id, shop_id, kind, qty, qty_after, unit_cost_fen, avg_after, qty_after * avg_after, reference, at
FROM card ORDER BY product_id, shop_id, n;
DROP TABLE temp.ordered;

CREATE TABLE stock_counts (
  id TEXT PRIMARY KEY,
  shop_id TEXT NOT NULL,
  counted_by TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'posted', 'cancelled')),
  approved_by TEXT,
  closed_at INTEGER
) STRICT;

CREATE TABLE stock_count_lines (
  count_id TEXT NOT NULL REFERENCES stock_counts(id),
  product_id TEXT NOT NULL REFERENCES products(id),
  book_qty INTEGER NOT NULL,
  counted_qty INTEGER,
  counted_at INTEGER,
  -- the number of stock moves of the product when the line was counted: more at approval = stock moved
  moves_at_count INTEGER,
  open INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (count_id, product_id)
) STRICT;
-- One open count per product (Odoo PR #10677: two counts of one product both applied and lost stock).
CREATE UNIQUE INDEX stock_count_lines_one_open ON stock_count_lines(product_id) WHERE open = 1;

CREATE TABLE print_jobs_next (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'return', 'shift-summary', 'test-page', 'document')),
  payload_json TEXT NOT NULL,
  sale_id TEXT,
  reprint_of TEXT REFERENCES print_jobs (id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_error TEXT,
  printed_at INTEGER
) STRICT;
PRAGMA defer_foreign_keys = ON;
INSERT INTO print_jobs_next SELECT * FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_next RENAME TO print_jobs;
CREATE INDEX print_jobs_open ON print_jobs (seq) WHERE state IN ('pending', 'sending');
CREATE INDEX print_jobs_sale ON print_jobs (sale_id) WHERE sale_id IS NOT NULL;

CREATE TRIGGER stock_ledger_no_update BEFORE UPDATE ON stock_ledger
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: stock_ledger rows are append-only'); END;
CREATE TRIGGER stock_ledger_no_delete BEFORE DELETE ON stock_ledger
BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: stock_ledger rows are append-only'); END;
`,
};
