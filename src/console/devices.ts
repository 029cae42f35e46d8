import { z } from 'zod';

/** GET /console/api/townships/:townshipId/devices: tills with their restore-epoch chains. */
export interface DeviceView {
  id: string;
  name: string;
  shopId: string | null;
  shopName: string | null;
  status: 'active' | 'revoked' | 'superseded';
  enrolledAt: number;
  lastSeq: number;
  lastSyncAt: number | null;
  /** Older epochs of this till, newest first (each restore from backup started a new device id). */
  chain: { id: string; status: string; enrolledAt: number; lastSeq: number }[];
}

export const DeviceRenameSchema = z.object({ name: z.string().trim().min(1).max(120) });
export const DeviceRevokeSchema = z.object({ reason: z.string().trim().min(1).max(200) });
