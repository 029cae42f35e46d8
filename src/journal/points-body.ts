import type { EntryBody } from './entry';
import { isHundredths, isPlain, isUuid, isUuidOrNull, text } from './walk-checks';

type PointsBody = EntryBody<'points.award'>;

/**
 * `PointsBodySchema.parse` (awards, deductions, reversals) without zod, the way
 * saleBodyAsZodParses does a sale's (decision 0461): verify checks every body, and
 * three in four of a till's entries are points entries, where zod's generic walk
 * cost about 2 µs each (decision 0481).
 *
 * One-sided: it returns what zod would return, a new object with the schema's fields in
 * the schema's order, the reason trimmed and any other key left out, or null when it is
 * not sure, and the caller then asks zod. It is sure only of a plain object whose
 * optional keys are absent or hold a value (not `undefined`), and whose values pass
 * every check. `points-body.test.ts` holds it to zod on random and edge inputs.
 */
export function pointsBodyAsZodParses(body: unknown): PointsBody | null {
  if (!isPlain(body)) return null;
  const b = body as Record<string, unknown>;
  const { householdId, memberId, ruleId, amount, proposedBy, approvedBy, reverses } = b;
  if (!isUuid(householdId)) return null;
  if (!isUuidOrNull(memberId) || !isUuidOrNull(ruleId)) return null;
  if (!isHundredths(amount) || amount === 0) return null;
  const reason = text(b.reason, 200);
  if (reason === null) return null;
  if (!isUuidOrNull(proposedBy) || !isUuidOrNull(approvedBy) || !isUuidOrNull(reverses)) return null;
  const out: Record<string, unknown> = {
    householdId,
    memberId,
    ruleId,
    amount,
    reason,
    proposedBy,
    approvedBy,
    reverses,
  };
  if (Object.hasOwn(b, 'proposalId')) {
    if (!isUuidOrNull(b.proposalId)) return null;
    out.proposalId = b.proposalId;
  }
  if (Object.hasOwn(b, 'ruleName')) {
    const name = b.ruleName;
    if (!(name === null || (typeof name === 'string' && name.length <= 120))) return null;
    out.ruleName = name;
  }
  return out as PointsBody;
}
