import type {
  ConsoleAuditTable,
  ConsoleSessionTable,
  CounterTable,
  OfficerSessionTable,
  OfficerTable,
  OverdraftNoteTable,
  ServerStateTable,
} from './schema-console';
import type {
  BalanceTable,
  CardBlockTable,
  CardStateTable,
  LedgerLineTable,
  LedgerTotalTable,
  PeriodCountTable,
  PeriodTable,
  StockLevelTable,
  StockLineTable,
  StockTotalTable,
} from './schema-ledger';
import type {
  CardTable,
  ClerkTable,
  HouseholdTable,
  MemberTable,
  ProductTable,
  RuleTable,
  RuleVersionTable,
  ShopTable,
  TownshipTable,
  VillageTable,
} from './schema-master';
import type {
  DateFlagTable,
  OverdraftTable,
  PointsAwardTable,
  PointsFlagTable,
  RefundFlagTable,
  SaleRefundTable,
} from './schema-review';
import type {
  DeviceTable,
  EnrollmentCodeTable,
  EntryTable,
  NonceTable,
  TillStatusTable,
} from './schema-sync';

export type * from './schema-console';
export type * from './schema-ledger';
export type * from './schema-master';
export type * from './schema-review';
export type * from './schema-sync';

/**
 * Server tables as Kysely sees them (camelCase; CamelCasePlugin maps to snake_case
 * columns). Booleans are 0/1 integers and JSON is text so both dialects store the
 * same values.
 */
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
  dateFlags: DateFlagTable;
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
