import type { Generated } from 'kysely';

/**
 * Server tables as Kysely sees them (camelCase; CamelCasePlugin maps to snake_case
 * columns). Booleans are 0/1 integers and JSON is text so both dialects store the
 * same values.
 */
export interface ServerStateTable {
  key: string;
  value: string;
}
export interface CounterTable {
  name: string;
  value: number;
}
export interface OfficerTable {
  id: string;
  username: string;
  name: string;
  role: 'officer' | 'cadre';
  passwordHash: string;
  townshipId: string | null;
  villageId: string | null;
  active: number;
  createdAt: number;
}
export interface OfficerSessionTable {
  tokenHash: string;
  officerId: string;
  expiresAt: number;
}
export interface TownshipTable {
  id: string;
  name: string;
  timeZone: string;
}
export interface VillageTable {
  id: string;
  townshipId: string;
  name: string;
}
export interface ShopTable {
  id: string;
  townshipId: string;
  villageId: string;
  name: string;
  receiptHeader: string;
  receiptFooter: string;
  redemptionWindow: string | null;
}
export interface ClerkTable {
  id: string;
  townshipId: string;
  name: string;
  role: 'clerk' | 'stockkeeper' | 'cadre' | 'manager' | 'officer';
  shopId: string | null;
  pinHash: string;
  active: number;
  /** 1: the PIN was set by an officer or manager and must be changed at the next till login (0620). */
  mustChangePin?: number;
}
export interface HouseholdTable {
  id: string;
  townshipId: string;
  villageId: string;
  number: string;
  address: string;
  status: 'active' | 'closed';
  /** The door plate's version (decision 0911): 1 until a reissue. */
  plateVersion: Generated<number>;
}
export interface MemberTable {
  id: string;
  townshipId: string;
  householdId: string;
  name: string;
  tags: string;
  isHead: number;
  /** Pinyin initials of the name, lower case (张三 → zs), written with the name (0620). */
  initials?: string;
}
export interface CardTable {
  uid: string;
  townshipId: string;
  memberId: string | null;
  householdId: string;
  status: 'active' | 'replaced';
}
export interface RuleTable {
  id: string;
  townshipId: string;
  category: string;
  name: string;
  points: number;
  personType: string;
  needsApproval: number;
  active: number;
  /** Decision 0920: once per event / month, a yearly cap on the sum (hundredths). */
  limitKind?: 'none' | 'event' | 'month' | 'year';
  yearCap?: number | null;
}
/** Every version of a rule, as each rule.define entry wrote it (0920). */
export interface RuleVersionTable {
  entryId: string;
  townshipId: string;
  ruleId: string;
  at: number;
  clerkId: string | null;
  deviceId: string;
  /** JSON of the rule.define body. */
  body: string;
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
export interface ProductTable {
  id: string;
  townshipId: string;
  barcode: string | null;
  name: string;
  pinyin: string;
  unit: string;
  pricePoints: number;
  category: string;
  isService: number;
  active: number;
  favourite: number;
  /** Yuan cost in fen as the console's price list keeps it (0622). */
  costFen?: number;
  /** Units per case, low-stock threshold, township change time (ms, 0 = none), barcodes (JSON list). */
  packSize?: number;
  lowStock?: number;
  updatedAt?: number;
  barcodes?: string;
}
export interface DeviceTable {
  id: string;
  townshipId: string;
  shopId: string | null;
  name: string;
  kind: 'till' | 'server';
  publicKey: string | null;
  status: 'active' | 'revoked' | 'superseded';
  previousDeviceId: string | null;
  enrolledAt: number;
  lastSeq: number;
  lastHash: string;
  lastSyncAt: number | null;
  /** Till clock minus server clock at the last signed request (ms). */
  lastClockSkewMs: number | null;
  /** Head seq the till reported in its last push or pull, and when (server clock). */
  reportedHead?: number | null;
  reportedHeadAt?: number | null;
}
export interface EnrollmentCodeTable {
  codeHash: string;
  townshipId: string;
  shopId: string;
  createdBy: string;
  expiresAt: number;
  usedAt: number | null;
  usedByDevice: string | null;
}
export interface NonceTable {
  deviceId: string;
  nonce: string;
  seenAt: number;
}
export interface EntryTable {
  deviceId: string;
  seq: number;
  id: string;
  townshipId: string;
  kind: string;
  at: number;
  businessDate: string;
  clerkId: string | null;
  body: string;
  prevHash: string;
  hash: string;
  /** Server receive order: the pull cursor. */
  recvSeq: number;
  receivedAt: number;
  /** Accounting period: the business month, or the next open one when that was locked. */
  period: string;
  /** 1 when the business month was already locked on arrival. */
  late: number;
}
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
/** A points entry stored but never counted (self-approval), for review. */
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
export interface PeriodTable {
  townshipId: string;
  period: string;
  closedAt: number;
  closedBy: string;
  report: string;
  signature: string;
}

/** A township console sign-in (decision 0600); the cookie holds the token, we keep its hash. */
export interface ConsoleSessionTable {
  tokenHash: string;
  officerId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}
/** One row per console change: who, when, what (append-only). */
export interface ConsoleAuditTable {
  id: string;
  townshipId: string | null;
  officerId: string | null;
  officerName: string;
  at: number;
  action: string;
  target: string;
  /** JSON text: the change's input, secrets left out. */
  details: string;
}

/** A card's block state from the newest card event of any device (0620). */
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
export interface CardStateTable {
  uid: string;
  townshipId: string;
  status: 'active' | 'lost' | 'blocked' | 'replaced';
  reason: string;
  entryId: string;
  at: number;
}

/** The note an officer wrote when resolving an overdraft (0601). */
export interface OverdraftNoteTable {
  overdraftId: string;
  townshipId: string;
  note: string;
  resolvedBy: string;
  resolvedByName: string;
  resolvedAt: number;
}

/** A till's last report about itself (0602). */
export interface TillStatusTable {
  deviceId: string;
  appVersion: string;
  /** JSON text: TillStatus['problems']. */
  problems: string;
  reportedAt: number;
}

export interface ServerDatabase {
  cardState: CardStateTable;
  serverState: ServerStateTable;
  counters: CounterTable;
  officers: OfficerTable;
  officerSessions: OfficerSessionTable;
  townships: TownshipTable;
  villages: VillageTable;
  shops: ShopTable;
  clerks: ClerkTable;
  households: HouseholdTable;
  members: MemberTable;
  cards: CardTable;
  rules: RuleTable;
  products: ProductTable;
  devices: DeviceTable;
  enrollmentCodes: EnrollmentCodeTable;
  nonces: NonceTable;
  entries: EntryTable;
  ledgerLines: LedgerLineTable;
  stockLines: StockLineTable;
  ledgerTotals: LedgerTotalTable;
  stockTotals: StockTotalTable;
  stockLevels: StockLevelTable;
  periodCounts: PeriodCountTable;
  balances: BalanceTable;
  overdrafts: OverdraftTable;
  pointsFlags: PointsFlagTable;
  saleRefunds: SaleRefundTable;
  refundFlags: RefundFlagTable;
  pointsAwards: PointsAwardTable;
  ruleVersions: RuleVersionTable;
  periods: PeriodTable;
  consoleSessions: ConsoleSessionTable;
  consoleAudit: ConsoleAuditTable;
  cardBlocks: CardBlockTable;
  overdraftNotes: OverdraftNoteTable;
  tillStatus: TillStatusTable;
}

export type Dialect = 'sqlite' | 'postgres';
