import type { Statement } from 'better-sqlite3';
import type { StockRow } from '../../src/ledger';
import { applyMove } from '../../src/stock';
import type { Db } from '../store/database';
import { MultiRowInsert } from '../store/multi-row';

type Level = { qty: number; avgCostFen: number };

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
  private readonly rows: MultiRowInsert;
  /** Within a pull page: each card's last row, read once, and the page's rows, written together (decision 0497). */
  private page: Map<string, Level | null> | null = null;

  constructor(db: Db) {
    this.rows = new MultiRowInsert(
      db,
      `INSERT INTO stock_ledger (move_id, product_id, shop_id, kind, qty, qty_after, unit_cost_fen,
         avg_cost_after_fen, value_after_fen, reference, at)`,
      11,
    );
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

  beginPage(): void {
    this.rows.clear();
    this.page = new Map();
  }

  endPage(): void {
    this.page = null;
    this.rows.flush();
  }

  dropPage(): void {
    this.page = null;
    this.rows.clear();
  }

  record(move: StockRow): void {
    const page = this.page;
    const key = `${move.product_id}\u0000${move.shop_id}`;
    let before: Level | null | undefined = page?.get(key);
    if (before === undefined) {
      const last = this.last.get(move.product_id, move.shop_id) as [number, number] | undefined;
      before = last ? { qty: last[0], avgCostFen: last[1] } : null;
    }
    const after = applyMove(before, move.qty, move.unit_cost_fen);
    if (page) {
      page.set(key, after);
      const r = this.rows;
      r.value(move.id);
      r.value(move.product_id);
      r.value(move.shop_id);
      r.value(move.kind);
      r.value(move.qty);
      r.value(after.qty);
      r.value(move.unit_cost_fen);
      r.value(after.avgCostFen);
      r.value(after.qty * after.avgCostFen);
      r.value(move.reference);
      r.value(move.at);
      return;
    }
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
