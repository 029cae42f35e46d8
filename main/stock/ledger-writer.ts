import type { Statement } from 'better-sqlite3';
import type { StockRow } from '../../src/ledger';
import type { Db } from '../store/database';

/**
 * Writes the stock card row of a move (ERPNext's Stock Ledger Entry): quantity after,
 * the unit cost the move used, and the moving average and value after it. Called by the
 * materialiser right after it moved the level, in the same transaction.
 */
export class StockLedgerWriter {
  private readonly insert: Statement;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO stock_ledger (move_id, product_id, shop_id, kind, qty, qty_after, unit_cost_fen,
         avg_cost_after_fen, value_after_fen, reference, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(move: StockRow, qtyAfter: number, avgAfter: number): void {
    this.insert.run(
      move.id,
      move.product_id,
      move.shop_id,
      move.kind,
      move.qty,
      qtyAfter,
      move.unit_cost_fen,
      avgAfter,
      qtyAfter * avgAfter,
      move.reference,
      move.at,
    );
  }
}
