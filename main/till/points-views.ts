import type { AwardView } from '../../src/api/points';
import { tillError } from '../../src/errors';
import type { AwardStatus } from '../../src/points';
import type { TillContext } from './context';
import type { AwardRow } from './points-awards';

const VIEW_SQL = `SELECT a.*, h.number AS household_number,
    (SELECT name FROM members WHERE household_id = a.household_id ORDER BY is_head DESC, name LIMIT 1) AS head_name,
    m.name AS member_name, p.name AS proposed_by_name, d.name AS decided_by_name
  FROM awards a JOIN households h ON h.id = a.household_id
  LEFT JOIN members m ON m.id = a.member_id
  LEFT JOIN clerks p ON p.id = a.proposed_by
  LEFT JOIN clerks d ON d.id = a.decided_by`;

type ViewRow = AwardRow & {
  household_number: string;
  head_name: string | null;
  member_name: string | null;
  proposed_by_name: string | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  at: number;
  business_date: string;
};

function toView(r: ViewRow): AwardView {
  return {
    id: r.id,
    status: r.status,
    householdId: r.household_id,
    householdNumber: r.household_number,
    headName: r.head_name ?? '',
    memberName: r.member_name,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    amount: r.amount,
    reason: r.reason,
    proposedBy: r.proposed_by,
    proposedByName: r.proposed_by_name,
    decidedByName: r.decided_by_name,
    decisionReason: r.decision_reason,
    batchId: r.batch_id,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    postedEntryId: r.posted_entry_id,
    at: r.at,
    businessDate: r.business_date,
  };
}

export function awardView(ctx: TillContext, id: string): AwardView {
  const r = ctx.store.sql(`${VIEW_SQL} WHERE a.id = ?`).get(id) as ViewRow | undefined;
  if (!r) throw tillError('UNKNOWN_ENTRY', `没有这条积分记录：${id}`, `No such points entry: ${id}`, { id });
  return toView(r);
}

/** Awards waiting for approval (oldest first), or a household's latest entries. */
export function listAwards(
  ctx: TillContext,
  filter: { status: AwardStatus | null; householdId: string | null; limit: number },
): AwardView[] {
  return (
    ctx.store
      .sql(
        `${VIEW_SQL} WHERE (@status IS NULL OR a.status = @status) AND (@household IS NULL OR a.household_id = @household)
         ORDER BY CASE WHEN @status = 'pending' THEN a.at ELSE -a.at END, a.id LIMIT @limit`,
      )
      .all({ status: filter.status, household: filter.householdId, limit: filter.limit }) as ViewRow[]
  ).map(toView);
}
