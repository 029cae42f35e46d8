import { z } from 'zod';
import type { SerializedTillError } from '../errors';
import { type CardIssueResults, cardIssueSchemas } from './card-issue';
import { type DoorPlateResults, doorPlateSchemas } from './door-plate';
import { LOCKOUT_PUBLIC_CALLS, type LockoutResults, lockoutSchemas } from './lockout';
import { type HouseholdDebt, type OverdraftResults, overdraftSchemas } from './overdraft';
import { type PointsResults, pointsSchemas } from './points';
import { type SaleLookupResults, saleLookupSchemas } from './sale-lookup';
import { type SettingsResults, settingsSchemas } from './settings';
import { SETUP_PUBLIC_CALLS, type SetupResults, setupSchemas } from './setup';
import { type StockResults, stockSchemas } from './stock';

/**
 * The till API: one handler map, call name → params schema and result type, plus the
 * events the till service pushes. Both transports (Electron IPC and HTTP/WebSocket)
 * validate params with these same schemas before a use case sees them.
 */

const id = z.uuid();
const cardUid = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[^0-9A-F]/g, ''))
  .pipe(z.string().regex(/^[0-9A-F]{8,20}$/, 'card UID must be 4–10 bytes of hex'));
const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits');
const qty = z.number().int().min(1).max(9999);

export type Role = 'clerk' | 'stockkeeper' | 'cadre' | 'manager' | 'officer';

export interface ClerkView {
  id: string;
  name: string;
  role: Role;
}

export type CardStatus = 'active' | 'lost' | 'blocked' | 'replaced';
export type HouseholdStatus = 'active' | 'suspended' | 'closed';

export interface MemberView {
  id: string;
  name: string;
  tags: string[];
  isHead: boolean;
}

export interface LedgerLineView {
  id: string;
  at: number;
  kind: string;
  /** Signed points in hundredths. */
  amount: number;
  text: string;
  /** Set when the township stores this entry but does not count it (decision 0720). */
  uncounted?: 'approver-role' | 'self-approval' | null;
}

export interface HouseholdView {
  id: string;
  number: string;
  villageName: string;
  address: string;
  headName: string;
  members: MemberView[];
  /** Hundredths. */
  balance: number;
  status: HouseholdStatus;
  /** First day redemption is allowed again, when suspended. */
  resumesOn: string | null;
  suspensionReason: string | null;
  recent: LedgerLineView[];
  /** Set when the balance is below zero (an overdraft): shown as a debt. */
  debt?: HouseholdDebt | null;
}

export interface CardView {
  uid: string;
  /** 'unregistered': no such card in this township (never "active"). */
  status: CardStatus | 'unregistered';
  memberName: string | null;
  household: HouseholdView | null;
  /** Why the card is lost or blocked (as recorded when it was reported); null otherwise. */
  reason: string | null;
}

export interface ProductView {
  id: string;
  barcode: string | null;
  name: string;
  pinyin: string;
  unit: string;
  /** Hundredths. */
  pricePoints: number;
  costFen: number;
  category: string;
  isService: boolean;
  /** Units on hand at this shop; null for services. */
  stock: number | null;
  favourite: boolean;
}

export interface SaleView {
  saleId: string;
  receiptNo: string;
  at: number;
  householdId: string;
  householdNumber: string;
  headName: string;
  clerkName: string;
  lines: { productId: string; name: string; qty: number; unitPoints: number; points: number }[];
  totalPoints: number;
  balanceBefore: number;
  balanceAfter: number;
  voided: boolean;
  returnedPoints: number;
}

export interface ShiftSummary {
  shiftId: string;
  openedAt: number;
  closedAt: number | null;
  clerkName: string;
  sales: number;
  voids: number;
  pointsRedeemed: number;
  goods: { productId: string; name: string; qty: number; points: number }[];
}

export interface ReaderStatus {
  name: string;
  simulated: boolean;
  state: 'ready' | 'card-present' | 'error';
  /** The reader whose taps count (the one chosen in settings, else the first by name). */
  active?: boolean;
}

export interface PrinterStatusView {
  state: 'ready' | 'printing' | 'paper-out' | 'cover-open' | 'offline' | 'not-configured';
  pendingJobs: number;
  message: { zh: string; en: string } | null;
}

export interface SyncStatusView {
  state: 'idle' | 'syncing' | 'offline' | 'error' | 'not-enrolled';
  lastSyncAt: number | null;
  pendingEntries: number;
  message: { zh: string; en: string } | null;
}

export interface TillStatus {
  demo: boolean;
  shopName: string;
  deviceId: string;
  readers: ReaderStatus[];
  readerMessage: { zh: string; en: string } | null;
  printer: PrinterStatusView;
  sync: SyncStatusView;
  /** Demo mode only: cards the simulated reader offers to "tap"; the UI words `kind`. */
  demoCards?: {
    uid: string;
    kind: 'rich' | 'poor' | 'suspended' | 'lost' | 'unknown';
    holder: string | null;
  }[];
  /** Demo mode only: each demo clerk's PIN, shown on the login screen. */
  demoPins?: { clerkId: string; pin: string }[];
  /** Set when the PC clock is earlier than the last journal entry. */
  clockWarning: { zh: string; en: string } | null;
}

export const apiSchemas = {
  'session.clerks': z.object({}),
  'session.login': z.object({ clerkId: id, pin }),
  'session.logout': z.object({}),
  'status.get': z.object({}),
  'card.lookup': z.object({ uid: cardUid }),
  'card.simulateTap': z.object({ uid: cardUid }),
  'card.simulateRemove': z.object({}),
  'card.block': z.object({ uid: cardUid, reason: z.string().trim().min(1).max(200), lost: z.boolean() }),
  'catalog.search': z.object({
    query: z.string().max(60),
    limit: z.number().int().min(1).max(200).default(30),
  }),
  'catalog.byBarcode': z.object({ code: z.string().regex(/^\d{6,14}$/) }),
  'catalog.favourites': z.object({}),
  'checkout.commit': z.object({
    /** Made by the renderer when the cart starts: a resend of the same sale is harmless. */
    saleId: id,
    cardUid,
    lines: z
      .array(z.object({ productId: id, qty }))
      .min(1)
      .max(200),
  }),
  'sale.last': z.object({}),
  'sale.get': z.object({ saleId: id }),
  'sale.void': z.object({
    saleId: id,
    managerId: id,
    managerPin: pin,
    reason: z.string().trim().min(1).max(200),
  }),
  'sale.return': z.object({
    saleId: id,
    managerId: id,
    managerPin: pin,
    reason: z.string().trim().min(1).max(200),
    lines: z
      .array(z.object({ productId: id, qty }))
      .min(1)
      .max(200),
  }),
  'shift.current': z.object({}),
  'shift.open': z.object({}),
  'shift.close': z.object({}),
  'printer.reprintLast': z.object({}),
  'printer.testPage': z.object({}),
  'reader.select': z.object({ name: z.string().trim().min(1).max(200).nullable() }),
  'sync.now': z.object({}),
  'sync.enroll': z.object({
    serverUrl: z.url({ protocol: /^https?$/ }).max(300),
    code: z.string().trim().min(4).max(64),
    name: z.string().trim().min(1).max(80),
    /** The server key fingerprint shown with the code: the till refuses any other key. */
    fingerprint: z.string().max(200),
  }),
  ...setupSchemas,
  ...cardIssueSchemas,
  ...overdraftSchemas,
  ...settingsSchemas,
  ...saleLookupSchemas,
  ...pointsSchemas,
  ...stockSchemas,
  ...lockoutSchemas,
  ...doorPlateSchemas,
} as const;

export type ApiName = keyof typeof apiSchemas;
export type ApiParams<K extends ApiName> = z.input<(typeof apiSchemas)[K]>;
export type ApiParsedParams<K extends ApiName> = z.output<(typeof apiSchemas)[K]>;

/** Restocking results (src/api/stock.ts), merged into ApiResults by declaration. */
export interface ApiResults extends StockResults {}

/** Earning points (src/api/points.ts), merged into ApiResults by declaration. */
export interface ApiResults extends PointsResults {}

/** First-run setup and clerk PINs (src/api/setup.ts), merged into ApiResults by declaration. */
export interface ApiResults extends SetupResults, CardIssueResults {}

/** A manager lifts a PIN lockout (src/api/lockout.ts). */
export interface ApiResults extends LockoutResults {}

/** Household door plates (src/api/door-plate.ts). */
export interface ApiResults extends DoorPlateResults {}

export interface ApiResults extends OverdraftResults, SettingsResults, SaleLookupResults {
  'session.clerks': ClerkView[];
  'session.login': { token: string; clerk: ClerkView };
  'session.logout': { ok: true };
  'status.get': TillStatus;
  'card.lookup': CardView;
  'card.simulateTap': { ok: true };
  'card.simulateRemove': { ok: true };
  'card.block': CardView;
  'catalog.search': ProductView[];
  'catalog.byBarcode': ProductView;
  'catalog.favourites': ProductView[];
  'checkout.commit': SaleView;
  'sale.last': SaleView | null;
  'sale.get': SaleView;
  'sale.void': SaleView;
  'sale.return': SaleView;
  'shift.current': ShiftSummary | null;
  'shift.open': ShiftSummary;
  'shift.close': ShiftSummary;
  'printer.reprintLast': { ok: true };
  'printer.testPage': PrinterStatusView;
  'reader.select': TillStatus;
  'sync.now': SyncStatusView;
  'sync.enroll': SyncStatusView;
}

/** Calls allowed before a clerk has logged in. */
export const PUBLIC_CALLS: ReadonlySet<ApiName> = new Set<ApiName>([
  'session.clerks',
  'session.login',
  'status.get',
  ...SETUP_PUBLIC_CALLS,
  ...LOCKOUT_PUBLIC_CALLS,
]);

export interface ApiEvents {
  /**
   * `card` is the looked-up view, pushed with the tap to save the screen a round trip;
   * `refusal` is why the till could not look it up (its database failing, say).
   */
  'card.tapped': {
    uid: string;
    reader: string;
    simulated: boolean;
    card?: CardView;
    refusal?: SerializedTillError;
  };
  'card.removed': { reader: string };
  'reader.status': { readers: ReaderStatus[]; message: { zh: string; en: string } | null };
  'printer.status': PrinterStatusView;
  'sync.status': SyncStatusView;
}
export type ApiEventName = keyof ApiEvents;

/** What a transport returns: a result or a serialized TillError, never a thrown string. */
export type ApiResponse<K extends ApiName> =
  | { ok: true; result: ApiResults[K] }
  | { ok: false; error: { code: string; zh: string; en: string; details: Record<string, unknown> } };

/** The client side every renderer transport implements. */
export interface TillApiClient {
  call<K extends ApiName>(name: K, params: ApiParams<K>): Promise<ApiResults[K]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
