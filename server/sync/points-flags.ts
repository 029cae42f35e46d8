import { newId } from '../../src/ids';
import { type EntryBody, isPointsKind, type JournalEntry } from '../../src/journal';
import { isSelfApproved } from '../../src/points/approval';
import type { PointsFlagReason, PointsFlagTable } from '../db/schema';

export interface FlagContext {
  townshipId: string;
  period: string;
  now: number;
}

/**
 * A points entry that breaks the two-person rule: stored with its device's chain, never
 * counted (projection.ts skips it), and flagged here for the township to see.
 */
export function pointsFlagOf(e: JournalEntry, ctx: FlagContext): PointsFlagTable | null {
  if (!isPointsKind(e.kind)) return null;
  const body = e.body as EntryBody<'points.award'>;
  if (!isSelfApproved(body)) return null;
  return pointsFlagRow(e, 'self-approval', ctx);
}

/** One open flag on a points entry (self-approval, an approver without the role, a limit breach). */
export function pointsFlagRow(e: JournalEntry, reason: PointsFlagReason, ctx: FlagContext): PointsFlagTable {
  const body = e.body as EntryBody<'points.award'>;
  return {
    id: newId({ now: () => ctx.now }),
    townshipId: ctx.townshipId,
    entryId: e.id,
    deviceId: e.deviceId,
    householdId: body.householdId,
    reason,
    points: body.amount,
    period: ctx.period,
    detectedAt: ctx.now,
    status: 'open',
  };
}
