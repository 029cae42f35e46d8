import { z } from 'zod';
import type { PeriodReport } from '../reports/reconciliation';

/** A till that has not synced past the month's cut-off. */
export interface PeriodBehindTill {
  deviceId: string;
  name: string;
  shopName: string;
  /** Entries the till reported holding that the server has not got; null when it never reported. */
  missing: number | null;
  lastSyncAt: number | null;
}

/** GET /console/api/townships/:townshipId/periods/:period */
export interface PeriodPreviewView {
  report: PeriodReport;
  /** Server signature over the locked report; null while the month is open. */
  signature: string | null;
  closedAt: number | null;
  closedBy: string | null;
  behind: PeriodBehindTill[];
  /** False while the month has not ended in the township's zone. */
  ended: boolean;
}

/** GET /console/api/townships/:townshipId/periods */
export interface PeriodListView {
  current: string;
  periods: { period: string; entries: number; closedAt: number | null }[];
}

export const PeriodCloseSchema = z.object({
  /** The officer types the month again to confirm. */
  confirm: z.string(),
  /** Close although some tills are behind the cut-off (their entries go to the next month). */
  force: z.boolean().default(false),
});
