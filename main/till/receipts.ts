import type { SaleView } from '../../src/api/contract';
import { saleReceipt, shiftReceipt } from '../../src/receipt';
import type { ReceiptInput } from '../printer';
import type { TillContext } from './context';
import { saleView } from './queries';
import { shiftSummary } from './shift';

/** What the printer gets for a sale, or for the void or return slip of its latest reversal. */
export function saleReceiptFor(
  ctx: TillContext,
  saleId: string,
  kind: 'sale' | 'void' | 'return',
): ReceiptInput {
  const sale = saleView(ctx, saleId);
  if (kind === 'sale') {
    const byPlate = ctx.store.sql('SELECT card_uid FROM sales WHERE id = ?').pluck().get(saleId) === '';
    return newSaleReceipt(ctx, sale, byPlate);
  }
  const reversal = ctx.store
    .sql(
      `SELECT r.id, r.at, r.total_points, c.name AS clerk FROM sale_reversals r LEFT JOIN clerks c ON c.id = r.clerk_id
       WHERE r.sale_id = ? ORDER BY r.device_seq DESC LIMIT 1`,
    )
    .get(saleId) as { id: string; at: number; total_points: number; clerk: string | null };
  const lines = ctx.store
    .sql(
      `SELECT rl.product_id, rl.qty, rl.points, l.name, l.unit_points FROM sale_reversal_lines rl
       JOIN sale_lines l ON l.sale_id = ? AND l.product_id = rl.product_id
       WHERE rl.reversal_id = ? ORDER BY rl.line_no`,
    )
    .all(saleId, reversal.id) as {
    product_id: string;
    qty: number;
    points: number;
    name: string;
    unit_points: number;
  }[];
  const balance = ctx.store.balance(sale.householdId);
  const receipt = saleReceipt(sale, {
    kind,
    receiptNo: sale.receiptNo,
    time: reversal.at,
    lines: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      qty: l.qty,
      unitPoints: l.unit_points,
      points: l.points,
    })),
    totalPoints: reversal.total_points,
    balanceBefore: balance - reversal.total_points,
    balanceAfter: balance,
  });
  // The slip names who voided, not who sold.
  return { ...receipt, clerkName: reversal.clerk ?? '', timeZone: ctx.timeZone };
}

/**
 * A sale's receipt from its view: for the sale just committed, from the view its entry
 * gives, so the receipt job is queued in the sale's transaction without its ledger rows.
 * A sale by door plate keeps no card (decision 0910): the receipt says how it was made.
 */
export function newSaleReceipt(ctx: TillContext, sale: SaleView, byDoorPlate: boolean): ReceiptInput {
  return { ...saleReceipt(sale), timeZone: ctx.timeZone, ...(byDoorPlate ? { byDoorPlate: true } : {}) };
}

export function shiftReceiptFor(ctx: TillContext, shiftId: string): ReceiptInput {
  const summary = shiftSummary(ctx, shiftId);
  return {
    ...shiftReceipt(summary, summary.closedAt ?? ctx.store.now()),
    receiptNo: shiftId.slice(-8).toUpperCase(),
    timeZone: ctx.timeZone,
  };
}
