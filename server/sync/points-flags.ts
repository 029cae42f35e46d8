import { newId } from '../../src/ids';
import { type EntryBody, isPointsKind, type JournalEntry } from '../../src/journal';
import { isSelfApproved } from '../../src/points/approval';
import type { PointsFlagTable } from '../db/schema';

/**
 * A points entry that breaks the two-person rule: stored with its device's chain, never
 * counted (projection.ts skips it), and flagged here for the township to see.
 */
export function pointsFlagOf(
  e: JournalEntry,
  ctx: { townshipId: string; period: string; now: number },
): PointsFlagTable | null {
  if (!isPointsKind(e.kind)) return null;
  const body = e.body as EntryBody<'points.award'>;
  if (!isSelfApproved(body)) return null;
  return {
    id: newId({ now: () => ctx.now }),
    townshipId: ctx.townshipId,
    entryId: e.id,
    deviceId: e.deviceId,
    householdId: body.householdId,
    reason: 'self-approval',
    points: body.amount,
    period: ctx.period,
    detectedAt: ctx.now,
    status: 'open',
  };
}
