import type { SuspensionView } from '../../src/api/points';
import { addDays, addMonths } from '../../src/clock';
import { tillError } from '../../src/errors';
import { APPROVER_ROLES, PROPOSER_ROLES, requireNotSelf } from '../../src/points';
import { type Actor, requireRole, type TillContext } from './context';
import { checkEntry, recipientFacts } from './points-awards';
import { requireActiveRule } from './points-rules';
import { householdFacts } from './queries';

/** Default length of a black-listing (the field reports: three months); a township setting. */
export const DEFAULT_BLACK_LIST_MONTHS = 3;

function twoPeople(actor: Actor, approver: Actor): void {
  requireRole(actor, PROPOSER_ROLES, { zh: '登记红黑榜', en: 'enter the red and black lists' });
  requireNotSelf(actor.id, approver.id);
  requireRole(approver, APPROVER_ROLES, { zh: '审批', en: 'approve' });
}

/**
 * Black-listing (红黑榜, 004): the reason, the deduction by a rule, and redemption
 * suspended until a date, in one transaction and approved by a second person.
 */
export function blackList(
  ctx: TillContext,
  actor: Actor,
  approver: Actor,
  input: { householdId: string; ruleId: string; reason: string; months: number | null },
): SuspensionView {
  twoPeople(actor, approver);
  return ctx.store.transaction(() => {
    const rule = requireActiveRule(ctx, input.ruleId);
    if (rule.points >= 0) {
      throw tillError(
        'INVALID_INPUT',
        `“${rule.name}”不是扣分规则`,
        `"${rule.name}" is not a deduction rule`,
      );
    }
    const target = { householdId: input.householdId, memberId: null };
    checkEntry(ctx, rule, target, rule.points, null, null);
    const months =
      input.months ?? ctx.store.getSetting<number>('points.blackListMonths') ?? DEFAULT_BLACK_LIST_MONTHS;
    ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'points.deduct',
      body: {
        ...target,
        ruleId: rule.id,
        ruleName: rule.name,
        amount: rule.points,
        reason: input.reason,
        proposedBy: actor.id,
        approvedBy: approver.id,
        reverses: null,
        proposalId: null,
      },
    });
    const e = ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'household.suspend',
      body: {
        householdId: input.householdId,
        resumesOn: addMonths(ctx.store.businessDate(), months),
        reason: input.reason,
        proposedBy: actor.id,
        approvedBy: approver.id,
      },
    });
    return suspensionView(ctx, e.id);
  });
}

/** Lifting a suspension early: an approved entry that names the suspension it lifts. */
export function liftSuspension(
  ctx: TillContext,
  actor: Actor,
  approver: Actor,
  input: { householdId: string; reason: string },
): SuspensionView {
  twoPeople(actor, approver);
  return ctx.store.transaction(() => {
    const h = householdFacts(ctx, input.householdId);
    const today = ctx.store.businessDate();
    const current = ctx.store
      .sql('SELECT entry_id FROM household_state WHERE household_id = ? AND resumes_on > ?')
      .pluck()
      .get(input.householdId, today) as string | undefined;
    if (!h || !current) {
      throw tillError('INVALID_INPUT', '该户没有暂停兑换', 'This household is not suspended', {
        householdId: input.householdId,
      });
    }
    ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'household.lift',
      body: {
        householdId: input.householdId,
        resumesOn: today,
        reason: input.reason,
        lifts: current,
        proposedBy: actor.id,
        approvedBy: approver.id,
      },
    });
    return suspensionView(ctx, current);
  });
}

/** Red list: an honour recorded for a household, shown on the month's notice. */
export function honour(
  ctx: TillContext,
  actor: Actor,
  input: { householdId: string; title: string; reason: string },
): { entryId: string } {
  requireRole(actor, PROPOSER_ROLES, { zh: '登记红榜', en: 'enter the red list' });
  return ctx.store.transaction(() => {
    recipientFacts(ctx, { householdId: input.householdId, memberId: null });
    const e = ctx.store.append({ ...ctx.store.header(actor.id), kind: 'household.honour', body: input });
    return { entryId: e.id };
  });
}

const SUSPENSION_SQL = `SELECT s.entry_id, s.household_id, h.number, s.reason, s.business_date, s.resumes_on, s.lifted_on,
    (SELECT name FROM members WHERE household_id = s.household_id ORDER BY is_head DESC, name LIMIT 1) AS head_name
  FROM black_listings s JOIN households h ON h.id = s.household_id`;

interface SuspensionRow {
  entry_id: string;
  household_id: string;
  number: string;
  reason: string;
  business_date: string;
  resumes_on: string;
  lifted_on: string | null;
  head_name: string | null;
}

function toView(r: SuspensionRow): SuspensionView {
  return {
    entryId: r.entry_id,
    householdId: r.household_id,
    householdNumber: r.number,
    headName: r.head_name ?? '',
    reason: r.reason,
    from: r.business_date,
    lastDay: addDays(r.resumes_on, -1),
    resumesOn: r.resumes_on,
    liftedOn: r.lifted_on,
  };
}

export function suspensionView(ctx: TillContext, entryId: string): SuspensionView {
  return toView(ctx.store.sql(`${SUSPENSION_SQL} WHERE s.entry_id = ?`).get(entryId) as SuspensionRow);
}

/** Black-listings in force on any day of [first, last] (not lifted before, not over before). */
export function blackListBetween(ctx: TillContext, first: string, last: string): SuspensionView[] {
  return (
    ctx.store
      .sql(
        `${SUSPENSION_SQL} WHERE s.business_date <= @last AND s.resumes_on > @first
           AND (s.lifted_on IS NULL OR s.lifted_on > @first) ORDER BY h.number, s.entry_id`,
      )
      .all({ first, last }) as SuspensionRow[]
  ).map(toView);
}
