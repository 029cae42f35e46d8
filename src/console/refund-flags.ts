/** GET /console/api/townships/:townshipId/refund-flags (decision 0311). */
export interface RefundFlagView {
  id: string;
  saleId: string;
  receiptNo: string;
  householdId: string;
  householdNumber: string | null;
  villageName: string | null;
  /** The till whose void or return went past the sale, and the till that refunded it first. */
  deviceName: string | null;
  firstDeviceName: string | null;
  reason: 'second-void' | 'exceeds-sale';
  salePoints: number;
  refundedPoints: number;
  period: string;
  detectedAt: number;
  status: 'open' | 'resolved';
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}
