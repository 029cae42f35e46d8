import type { TillStatus } from '../sync/till-status';

/** GET /console/api/townships/:townshipId/dashboard */
export interface DashboardTill {
  id: string;
  name: string;
  status: 'active' | 'revoked' | 'superseded';
  enrolledAt: number;
  lastSyncAt: number | null;
  /** Highest contiguous seq the server holds. */
  serverSeq: number;
  /** The till's own last seq, as it reported in its last push or pull; null when it never did. */
  tillSeq: number | null;
  tillSeqAt: number | null;
  /** Entries the till holds that the server has not got (tillSeq − serverSeq), null when unknown. */
  pending: number | null;
  /** Till clock minus server clock at the last signed request (ms). */
  clockOffsetMs: number | null;
  /** What the till said about itself at its last pull; null when it never did (older tills). */
  reported: { appVersion: string; problems: TillStatus['problems']; at: number } | null;
}

export interface DashboardShop {
  id: string;
  name: string;
  villageId: string;
  villageName: string;
  tills: DashboardTill[];
}

export interface DashboardOverdraft {
  id: string;
  householdId: string;
  householdNumber: string | null;
  villageName: string | null;
  balanceAfter: number;
  period: string;
  detectedAt: number;
}

export interface DashboardView {
  serverTime: number;
  timeZone: string;
  fingerprint: string;
  shops: DashboardShop[];
  openOverdrafts: { count: number; newest: DashboardOverdraft[] };
  /** Months before the current one that hold entries and are not closed, oldest first. */
  periodsToClose: { period: string; entries: number }[];
  /** Active tills that never reported their version and hardware (older versions). */
  silentTills: number;
}
