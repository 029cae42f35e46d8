/** GET /console/api/townships/:townshipId/date-flags (decision 0723). */
export interface DateFlagView {
  id: string;
  entryId: string;
  kind: string;
  deviceName: string | null;
  shopName: string | null;
  at: number;
  /** The date the till wrote, and the one `at` gives in the township's zone. */
  tillDate: string;
  atDate: string;
  /** The month the entry counts in, and whether it came into it late (its month was locked). */
  period: string | null;
  late: boolean;
  detectedAt: number;
  status: 'open' | 'resolved';
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}
