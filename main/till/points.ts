import { addMonths } from '../../src/clock';
import { tillError } from '../../src/errors';
import type { JournalEntry } from '../../src/journal';
import { requireNotSelf } from '../../src/points';
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
 * Posts an award or deduction directly (demo seed, opening balances, tests). With
 * `proposedBy` the actor is the approver and must be someone else; without it the actor
 * is the proposer and nobody is recorded as approver, never the same person as both.
 * Screens go through proposeAward / approveAward (points-awards.ts), which enforce the
 * rule's person type, limits and approval.
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
    let ruleName: string | null = null;
    if (input.ruleId) {
      const rule = ctx.store
        .sql('SELECT points, name FROM rules WHERE id = ? AND active = 1')
        .get(input.ruleId) as { points: number; name: string } | undefined;
      if (rule === undefined) {
        throw tillError('UNKNOWN_RULE', `没有这条积分规则：${input.ruleId}`, `Unknown rule: ${input.ruleId}`);
      }
      amount ??= rule.points;
      ruleName = rule.name;
    }
    if (amount === undefined || !Number.isSafeInteger(amount) || amount === 0) {
      throw tillError('INVALID_AMOUNT', '积分数值无效', 'Invalid points amount', { amount });
    }
    if (input.proposedBy) requireNotSelf(input.proposedBy, actor.id);
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: amount > 0 ? 'points.award' : 'points.deduct',
      body: {
        householdId: input.householdId,
        memberId: input.memberId ?? null,
        ruleId: input.ruleId ?? null,
        ruleName,
        amount,
        reason: input.reason,
        proposedBy: input.proposedBy ?? actor.id,
        approvedBy: input.proposedBy ? actor.id : null,
        reverses: null,
        proposalId: null,
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
