import type { TillContext } from './context';
import { stockProductView } from './stock-catalog';

/** Read models for the stockkeeper: straight off the stock ledger and the levels. */

export interface StockCardRow {
  at: number;
  kind: string;
  qty: number;
  qtyAfter: number;
  unitCostFen: number;
  avgCostAfterFen: number;
  valueAfterFen: number;
  reference: string;
}

export interface StockCard {
  productId: string;
  name: string;
  unit: string;
  qty: number;
  avgCostFen: number;
  /** Oldest first; the last `limit` moves when there are more. */
  rows: StockCardRow[];
  totalMoves: number;
}

export function stockCard(ctx: TillContext, productId: string, limit = 200): StockCard {
  const p = stockProductView(ctx, productId);
  const totalMoves = ctx.store
    .sql('SELECT count(*) FROM stock_ledger WHERE product_id = ? AND shop_id = ?')
    .pluck()
    .get(productId, ctx.shopId) as number;
  const rows = ctx.store
    .sql(
      `SELECT * FROM (SELECT rowid AS r, at, kind, qty, qty_after AS qtyAfter, unit_cost_fen AS unitCostFen,
         avg_cost_after_fen AS avgCostAfterFen, value_after_fen AS valueAfterFen, reference
       FROM stock_ledger WHERE product_id = ? AND shop_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY r`,
    )
    .all(productId, ctx.shopId, limit) as (StockCardRow & { r?: number })[];
  for (const r of rows) delete r.r;
  return {
    productId,
    name: p.name,
    unit: p.unit,
    qty: p.qty ?? 0,
    avgCostFen: p.avgCostFen,
    rows,
    totalMoves,
  };
}

export interface LowStockRow {
  productId: string;
  name: string;
  unit: string;
  qty: number;
  lowStock: number;
  /** Stock went below zero since the last count (decision 0802): count it. */
  needsCount: boolean;
}

/** Goods at or under their threshold, and goods sold below zero since their last count. */
export function lowStock(ctx: TillContext): LowStockRow[] {
  const rows = ctx.store
    .sql(
      `SELECT p.id AS productId, p.name, p.unit, coalesce(l.qty, 0) AS qty, p.low_stock AS lowStock,
         EXISTS (SELECT 1 FROM stock_ledger g WHERE g.product_id = p.id AND g.shop_id = @shop AND g.qty_after < 0
           AND g.rowid > coalesce((SELECT max(rowid) FROM stock_ledger h WHERE h.product_id = p.id
             AND h.shop_id = @shop AND h.kind = 'stocktake'), 0)) AS needsCount
       FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = @shop
       WHERE p.is_service = 0 AND p.active = 1
       ORDER BY p.category, p.name`,
    )
    .all({ shop: ctx.shopId }) as (Omit<LowStockRow, 'needsCount'> & { needsCount: number })[];
  return rows
    .filter((r) => r.needsCount === 1 || r.qty < 0 || (r.lowStock > 0 && r.qty <= r.lowStock))
    .map((r) => ({ ...r, needsCount: r.needsCount === 1 || r.qty < 0 }));
}

export interface StockValueRow {
  productId: string;
  name: string;
  category: string;
  qty: number;
  avgCostFen: number;
  valueFen: number;
}

export interface StockValuation {
  shopId: string;
  rows: StockValueRow[];
  totalFen: number;
  /** Goods donated in, at the donors' estimates (never part of the moving average). */
  donatedEstimateFen: number;
}

/** Stock value at moving-average cost, product by product, for this shop. */
export function stockValuation(ctx: TillContext): StockValuation {
  const rows = ctx.store
    .sql(
      `SELECT p.id AS productId, p.name, p.category, l.qty, l.avg_cost_fen AS avgCostFen,
         l.qty * l.avg_cost_fen AS valueFen
       FROM stock_levels l JOIN products p ON p.id = l.product_id
       WHERE l.shop_id = ? AND l.qty <> 0 ORDER BY p.category, p.name`,
    )
    .all(ctx.shopId) as StockValueRow[];
  const donated = ctx.store
    .sql(
      `SELECT coalesce(sum(json_extract(body, '$.qty') * coalesce(json_extract(body, '$.donatedValueFen'),
         json_extract(body, '$.unitCostFen'))), 0) FROM (
         SELECT body FROM journal WHERE kind = 'stock.donation'
         UNION ALL SELECT body FROM foreign_entries WHERE kind = 'stock.donation')
       WHERE json_extract(body, '$.shopId') = ?`,
    )
    .pluck()
    .get(ctx.shopId) as number;
  return {
    shopId: ctx.shopId,
    rows,
    totalFen: rows.reduce((s, r) => s + r.valueFen, 0),
    donatedEstimateFen: donated,
  };
}
