import type { Statement } from 'better-sqlite3';
import type { StockRow } from '../../src/ledger';
import { type Fen, movingAverageCost } from '../../src/money';
import type { Db } from '../store/database';

/**
 * Writes the stock card row of a move (ERPNext's Stock Ledger Entry): quantity after,
 * the unit cost the move used, and the moving average and value after it. The card runs
 * on from its own last row, the way the level moved when the move was committed: moves
 * are written in journal order, so the card's last row is the level before this move
 * (decision 0483; the same running formula migration 3 rebuilt the card with).
 */
export class StockLedgerWriter {
  private readonly insert: Statement;
  private readonly last: Statement;

  constructor(db: Db) {
    this.last = db
      .prepare(
        `SELECT qty_after, avg_cost_after_fen FROM stock_ledger WHERE product_id = ? AND shop_id = ?
         ORDER BY rowid DESC LIMIT 1`,
      )
      .raw();
    this.insert = db.prepare(
      `INSERT INTO stock_ledger (move_id, product_id, shop_id, kind, qty, qty_after, unit_cost_fen,
         avg_cost_after_fen, value_after_fen, reference, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(move: StockRow): void {
    const last = this.last.get(move.product_id, move.shop_id) as [number, number] | undefined;
    const onHand = last?.[0] ?? 0;
    const avg = (last?.[1] ?? 0) as Fen;
    const unitCost = move.unit_cost_fen as Fen;
    // Inflows move the average; outflows leave it as it was (the materialiser's rule for the level).
    const avgAfter =
      move.qty > 0 ? movingAverageCost(onHand, avg, move.qty, unitCost) : last ? avg : unitCost;
    const qtyAfter = onHand + move.qty;
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
