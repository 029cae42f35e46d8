import type { Statement } from 'better-sqlite3';
import type { StockRow } from '../../src/ledger';
import { applyMove } from '../../src/stock';
import type { Db } from '../store/database';

/**
 * Writes the stock card row of a move (ERPNext's Stock Ledger Entry): quantity after,
 * the unit cost the move used, and the moving average and value after it. The card runs
 * on from its own last row, the way the level moved when the move was committed: moves
 * are written in journal order, so the card's last row is the level before this move
 * (decision 0483; the rule is src/stock's applyMove, the one the level follows).
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
    const after = applyMove(
      last ? { qty: last[0], avgCostFen: last[1] } : null,
      move.qty,
      move.unit_cost_fen,
    );
    this.insert.run(
      move.id,
      move.product_id,
      move.shop_id,
      move.kind,
      move.qty,
      after.qty,
      move.unit_cost_fen,
      after.avgCostFen,
      after.qty * after.avgCostFen,
      move.reference,
      move.at,
    );
  }
}
