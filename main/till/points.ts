import { addMonths } from '../../src/clock';
import { tillError } from '../../src/errors';
import type { JournalEntry } from '../../src/journal';
import { type Actor, requireRole, type TillContext } from './context';
import { cardFacts, householdFacts } from './queries';

const CADRE_ROLES = ['cadre', 'manager', 'officer'] as const;

function requireHousehold(ctx: TillContext, householdId: string) {
  const h = householdFacts(ctx, householdId);
  if (!h)
    throw tillError('UNKNOWN_HOUSEHOLD', `找不到该户：${householdId}`, `Unknown household: ${householdId}`, {
      householdId,
    });
  return h;
}

/**
 * An award or deduction by a rule (or a free amount with a reason). The proposer
 * and the approver are both recorded; a cadre cannot approve their own proposal.
 */
export function postPoints(
  ctx: TillContext,
  actor: Actor,
  input: {
    householdId: string;
    memberId?: string | null;
    ruleId?: string | null;
    amount?: number;
    reason: string;
    proposedBy?: string | null;
  },
): JournalEntry {
  requireRole(actor, CADRE_ROLES, { zh: '登记积分', en: 'post points' });
  return ctx.store.transaction(() => {
    requireHousehold(ctx, input.householdId);
    let amount = input.amount;
    if (input.ruleId) {
      const rule = ctx.store
        .sql('SELECT points FROM rules WHERE id = ? AND active = 1')
        .pluck()
        .get(input.ruleId) as number | undefined;
      if (rule === undefined) {
        throw tillError('UNKNOWN_RULE', `没有这条积分规则：${input.ruleId}`, `Unknown rule: ${input.ruleId}`);
      }
      amount ??= rule;
    }
    if (amount === undefined || !Number.isSafeInteger(amount) || amount === 0) {
      throw tillError('INVALID_AMOUNT', '积分数值无效', 'Invalid points amount', { amount });
    }
    if (input.proposedBy && input.proposedBy === actor.id && actor.role === 'cadre') {
      throw tillError('FORBIDDEN', '不能审批自己提交的积分', 'You cannot approve your own proposal');
    }
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: amount > 0 ? 'points.award' : 'points.deduct',
      body: {
        householdId: input.householdId,
        memberId: input.memberId ?? null,
        ruleId: input.ruleId ?? null,
        amount,
        reason: input.reason,
        proposedBy: input.proposedBy ?? actor.id,
        approvedBy: actor.id,
        reverses: null,
      },
    });
  });
}

/** Black list: redemption suspended for N months from today (the entry stores the first day allowed again). */
export function suspendHousehold(
  ctx: TillContext,
  actor: Actor,
  input: { householdId: string; months: number; reason: string },
): JournalEntry {
  requireRole(actor, CADRE_ROLES, { zh: '暂停兑换', en: 'suspend redemption' });
  return ctx.store.transaction(() => {
    requireHousehold(ctx, input.householdId);
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'household.suspend',
      body: {
        householdId: input.householdId,
        resumesOn: addMonths(ctx.store.businessDate(), input.months),
        reason: input.reason,
      },
    });
  });
}

/** A lost or blocked card is stopped at once on this till, offline, and everywhere after sync. */
export function blockCard(
  ctx: TillContext,
  actor: Actor,
  input: { uid: string; lost: boolean; reason: string },
) {
  return ctx.store.transaction(() => {
    const card = cardFacts(ctx, input.uid);
    if (!card)
      throw tillError(
        'UNKNOWN_CARD',
        `此卡未登记：${input.uid}`,
        `This card is not registered: ${input.uid}`,
      );
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: input.lost ? 'card.lost' : 'card.block',
      body: { cardUid: input.uid, householdId: card.householdId, reason: input.reason },
    });
  });
}
