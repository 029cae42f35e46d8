import { z } from 'zod';

/** GET /console/api/townships/:townshipId/overdrafts */
export interface OverdraftView {
  id: string;
  householdId: string;
  householdNumber: string | null;
  villageName: string | null;
  deviceId: string;
  deviceName: string | null;
  entryId: string;
  balanceAfter: number;
  period: string;
  detectedAt: number;
  status: 'open' | 'resolved';
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

export const OverdraftResolveSchema = z.object({ note: z.string().trim().min(2).max(500) });
