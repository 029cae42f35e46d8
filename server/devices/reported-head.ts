import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/**
 * Keeps the head seq a till reported in a signed push or pull (with the server time it
 * arrived). Month close compares it with the seq the server holds, so a batch cut off
 * midway, or a pull made with entries still unsent, never counts as "synced".
 */
export async function noteReportedHead(
  db: Kysely<ServerDatabase>,
  deviceId: string,
  head: number | undefined,
  now: number,
): Promise<void> {
  if (head === undefined) return;
  await db
    .updateTable('devices')
    .set({ reportedHead: head, reportedHeadAt: now })
    .where('id', '=', deviceId)
    .execute();
}

/**
 * True when the device reported its head at or after `cutoff` and the server holds all
 * of it. A till that has never reported a head (a version from before heads) is judged by
 * its last sync time, as before; every till of this version reports one in each request.
 */
export function heldPastCutoff(
  d: {
    lastSeq: number;
    lastSyncAt: number | null;
    reportedHead?: number | null;
    reportedHeadAt?: number | null;
  },
  cutoff: number,
): boolean {
  if (d.reportedHead == null || d.reportedHeadAt == null)
    return d.lastSyncAt !== null && Number(d.lastSyncAt) >= cutoff;
  return Number(d.reportedHeadAt) >= cutoff && Number(d.lastSeq) >= Number(d.reportedHead);
}
