import type { ReceiptInput } from '../printer';
import type { TillContext } from './context';
import { saleView } from './queries';
import { shiftSummary } from './shift';

/** What the printer gets for a sale, a void slip or a return slip. */
export function saleReceipt(
  ctx: TillContext,
  saleId: string,
  kind: 'sale' | 'void' | 'return',
): ReceiptInput {
  const sale = saleView(ctx, saleId);
  if (kind === 'sale') {
    return {
      kind,
      receiptNo: sale.receiptNo,
      time: sale.at,
      timeZone: ctx.timeZone,
      clerkName: sale.clerkName,
      household: { number: sale.householdNumber, headName: sale.headName },
      lines: sale.lines.map((l) => ({
        name: l.name,
        qty: l.qty,
        unitPoints: l.unitPoints,
        points: l.points,
      })),
      totalPoints: sale.totalPoints,
      balanceBefore: sale.balanceBefore,
      balanceAfter: sale.balanceAfter,
      saleId: sale.saleId,
      shift: null,
    };
  }
  const reversal = ctx.store
    .sql(
      `SELECT r.id, r.at, r.total_points, c.name AS clerk FROM sale_reversals r LEFT JOIN clerks c ON c.id = r.clerk_id
       WHERE r.sale_id = ? ORDER BY r.device_seq DESC LIMIT 1`,
    )
    .get(saleId) as { id: string; at: number; total_points: number; clerk: string | null };
  const lines = ctx.store
    .sql(
      `SELECT rl.qty, rl.points, l.name, l.unit_points FROM sale_reversal_lines rl
       JOIN sale_lines l ON l.sale_id = ? AND l.product_id = rl.product_id
       WHERE rl.reversal_id = ? ORDER BY rl.line_no`,
    )
    .all(saleId, reversal.id) as { qty: number; points: number; name: string; unit_points: number }[];
  const balance = ctx.store.balance(sale.householdId);
  return {
    kind,
    receiptNo: sale.receiptNo,
    time: reversal.at,
    timeZone: ctx.timeZone,
    clerkName: reversal.clerk ?? '',
    household: { number: sale.householdNumber, headName: sale.headName },
    lines: lines.map((l) => ({ name: l.name, qty: l.qty, unitPoints: l.unit_points, points: l.points })),
    totalPoints: reversal.total_points,
    balanceBefore: balance - reversal.total_points,
    balanceAfter: balance,
    saleId: sale.saleId,
    shift: null,
  };
}

export function shiftReceipt(ctx: TillContext, shiftId: string): ReceiptInput {
  const s = shiftSummary(ctx, shiftId);
  return {
    kind: 'shift-summary',
    receiptNo: shiftId.slice(-8).toUpperCase(),
    time: s.closedAt ?? ctx.store.now(),
    timeZone: ctx.timeZone,
    clerkName: s.clerkName,
    household: null,
    lines: [],
    totalPoints: s.pointsRedeemed,
    balanceBefore: null,
    balanceAfter: null,
    saleId: null,
    shift: {
      openedAt: s.openedAt,
      closedAt: s.closedAt,
      sales: s.sales,
      voids: s.voids,
      pointsRedeemed: s.pointsRedeemed,
      goods: s.goods.map((g) => ({ name: g.name, qty: g.qty, points: g.points })),
    },
  };
}
