import type { SaleView, ShiftSummary } from '../api/contract';
import type { ReceiptData, ReceiptKind } from './types';

/**
 * Receipts from what the till API already returns, so the till service enqueues a
 * sale or a shift summary without restating its fields. Header, footer and the reprint
 * flag are left to the printer service (settings, reprintLast).
 */
export type ReceiptFields = Omit<ReceiptData, 'header' | 'footer' | 'reprint'>;

/**
 * A sale receipt; for a void or a return pass the kind with what was given back and the
 * household's balances around that entry (the SaleView's balances are the sale's own).
 */
export function saleReceipt(
  sale: SaleView,
  change?: {
    kind: Exclude<ReceiptKind, 'sale' | 'shift-summary'>;
    receiptNo: string;
    time: number;
    lines: SaleView['lines'];
    totalPoints: number;
    balanceBefore: number;
    balanceAfter: number;
  },
): ReceiptFields {
  const c = change ?? { ...sale, kind: 'sale' as const, time: sale.at };
  return {
    kind: c.kind,
    receiptNo: c.receiptNo,
    time: c.time,
    clerkName: sale.clerkName,
    household: { number: sale.householdNumber, headName: sale.headName },
    lines: c.lines.map(({ name, qty, unitPoints, points }) => ({ name, qty, unitPoints, points })),
    totalPoints: c.totalPoints,
    balanceBefore: c.balanceBefore,
    balanceAfter: c.balanceAfter,
    saleId: sale.saleId,
    shift: null,
  };
}

export function shiftReceipt(summary: ShiftSummary, time: number): ReceiptFields {
  return {
    kind: 'shift-summary',
    receiptNo: '',
    time,
    clerkName: summary.clerkName,
    household: null,
    lines: [],
    totalPoints: summary.pointsRedeemed,
    balanceBefore: null,
    balanceAfter: null,
    saleId: null,
    shift: {
      openedAt: summary.openedAt,
      closedAt: summary.closedAt,
      sales: summary.sales,
      voids: summary.voids,
      pointsRedeemed: summary.pointsRedeemed,
      goods: summary.goods.map(({ name, qty, points }) => ({ name, qty, points })),
    },
  };
}
