import type { UncountedVerdict } from '../../src/sync/messages';
import type { Db } from '../db/connect';
import type { PointsFlagReason } from '../db/schema';

/** Flag reasons whose entry the server stores but never counts (award-effects.ts, points-flags.ts). */
const UNCOUNTED: readonly PointsFlagReason[] = ['self-approval', 'approver-role'];

/**
 * The township's "not counted" verdicts on entries received in (after, through], the same
 * receive-order range a pull page covers (decision 0720). A verdict is made once, at ingest,
 * so the page that carries an entry (or, for the till's own entries, the page whose range
 * holds them) carries its verdict too; the till's own entries are included.
 */
export async function uncountedBetween(
  db: Db,
  townshipId: string,
  after: number,
  through: number,
): Promise<UncountedVerdict[]> {
  if (through <= after) return [];
  const rows = await db
    .selectFrom('pointsFlags as f')
    .innerJoin('entries as e', 'e.id', 'f.entryId')
    .select(['f.entryId', 'f.reason'])
    .where('f.townshipId', '=', townshipId)
    .where('f.reason', 'in', UNCOUNTED)
    .where('e.recvSeq', '>', after)
    .where('e.recvSeq', '<=', through)
    .orderBy('e.recvSeq')
    .execute();
  return rows.map((r) => ({ entryId: r.entryId, reason: r.reason as UncountedVerdict['reason'] }));
}
