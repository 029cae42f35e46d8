/** What ingest keeps from the entries: ledger and stock lines, running totals, levels, balances, periods and the card state. Conventions: see schema.ts. */
export interface LedgerLineTable {
  entryId: string;
  lineNo: number;
  townshipId: string;
  period: string;
  deviceId: string;
  shopId: string | null;
  villageId: string | null;
  householdId: string;
  kind: 'issued' | 'deducted' | 'redeemed' | 'reversed' | 'voided';
  category: string;
  points: number;
  costFen: number;
}
export interface StockLineTable {
  entryId: string;
  lineNo: number;
  townshipId: string;
  period: string;
  shopId: string;
  productId: string;
  kind: string;
  qty: number;
  valueFen: number;
}
/** Running sums per report cell, kept by ingest so a close reads groups, not entries. */
export interface LedgerTotalTable {
  townshipId: string;
  period: string;
  /** '' when unknown (a household missing from master data). */
  villageId: string;
  /** '' for the township's own device. */
  shopId: string;
  category: string;
  kind: LedgerLineTable['kind'];
  points: number;
  costFen: number;
  count: number;
}
/** Each shop's stock level and moving average, kept by ingest in receive order (decision 0810). */
export interface StockLevelTable {
  townshipId: string;
  shopId: string;
  productId: string;
  qty: number;
  avgCostFen: number;
  moves: number;
}
export interface StockTotalTable {
  townshipId: string;
  period: string;
  shopId: string;
  qty: number;
  valueFen: number;
}
export interface PeriodCountTable {
  townshipId: string;
  period: string;
  entries: number;
  late: number;
}
export interface BalanceTable {
  householdId: string;
  townshipId: string;
  balance: number;
}
export interface PeriodTable {
  townshipId: string;
  period: string;
  closedAt: number;
  closedBy: string;
  report: string;
  signature: string;
}
/** Card blocks the server holds and the unblock that lifted each (decision 0414); a lift may come first. */
export interface CardBlockTable {
  entryId: string;
  townshipId: string;
  uid: string | null;
  status: 'blocked' | 'lost' | null;
  reason: string | null;
  at: number | null;
  liftedBy: string | null;
}
/** A card's block state from the newest card event of any device (0620). */
export interface CardStateTable {
  uid: string;
  townshipId: string;
  status: 'active' | 'lost' | 'blocked' | 'replaced';
  reason: string;
  entryId: string;
  at: number;
}
