/** What the township reviews: overdrafts, refunds beyond the sale, points awards and the points flags. Conventions: see schema.ts. */
export interface OverdraftTable {
  id: string;
  townshipId: string;
  householdId: string;
  entryId: string;
  deviceId: string;
  balanceAfter: number;
  period: string;
  detectedAt: number;
  status: 'open' | 'resolved';
}
/** A void or return by the sale it gives back (decision 0311). */
export interface SaleRefundTable {
  entryId: string;
  townshipId: string;
  saleId: string;
  deviceId: string;
  mode: 'void' | 'return';
  points: number;
  /** JSON object: productId → quantity given back. */
  qtyByProduct: string;
}
/** A void or return that gives back more than its sale: a second void, or returns beyond it. */
export interface RefundFlagTable {
  id: string;
  townshipId: string;
  saleId: string;
  receiptNo: string;
  /** The void or return that went past the sale. */
  entryId: string;
  deviceId: string;
  /** The device of the first void or return of that sale. */
  firstDeviceId: string;
  householdId: string;
  reason: 'second-void' | 'exceeds-sale';
  salePoints: number;
  /** Points given back by all voids and returns of the sale so far, this one included. */
  refundedPoints: number;
  period: string;
  detectedAt: number;
  status: 'open' | 'resolved';
  note: string | null;
  resolvedByName: string | null;
  resolvedAt: number | null;
}
/** An entry whose business date is not the one its `at` gives in the township's zone (0723). */
export interface DateFlagTable {
  id: string;
  townshipId: string;
  entryId: string;
  deviceId: string;
  kind: string;
  at: number;
  /** The date the till wrote (in the entry, under its hash). */
  tillDate: string;
  /** The date `at` gives in the township's zone, which the entry counts by. */
  atDate: string;
  detectedAt: number;
  status: 'open' | 'resolved';
  note?: string | null;
  resolvedByName?: string | null;
  resolvedAt?: number | null;
}
/** Where each points proposal or posting stands as the server knows it (0920). */
export interface PointsAwardTable {
  /** The points.propose entry id, or the posting entry's id when it had no proposal. */
  id: string;
  townshipId: string;
  villageId: string | null;
  householdId: string;
  memberId: string | null;
  ruleId: string | null;
  ruleName: string | null;
  amount: number;
  reason: string;
  proposedBy: string | null;
  batchId: string | null;
  reverses: string | null;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: number | null;
  postedEntryId: string | null;
  /** 1 when the posting counts in balances (not self-approved, approver holds the role). */
  counted: number;
  reversedBy: string | null;
  deviceId: string;
  at: number;
  businessDate: string;
}
/**
 * Why a points entry was flagged: self-approval and an approver without the approver role
 * are never counted (0900, 0920); a limit breach that only showed after sync counts and is
 * flagged in receive order, like an overdraft (0403).
 */
export type PointsFlagReason =
  | 'self-approval'
  | 'approver-role'
  | 'limit-event'
  | 'limit-month'
  | 'limit-year';
/** A points entry stored but never counted (self-approval), or counted past a limit, for review. */
export interface PointsFlagTable {
  id: string;
  townshipId: string;
  entryId: string;
  deviceId: string;
  householdId: string;
  reason: PointsFlagReason;
  points: number;
  period: string;
  detectedAt: number;
  status: 'open' | 'resolved';
  /** Set when an officer resolves it in the console (0921). */
  note?: string | null;
  resolvedByName?: string | null;
  resolvedAt?: number | null;
}
