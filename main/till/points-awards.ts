import type { AwardView, RuleFacts } from '../../src/api/points';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { EntryBody } from '../../src/journal';
import { formatPoints } from '../../src/money/points';
import {
  APPROVER_ROLES,
  type AwardStatus,
  type LimitFacts,
  PROPOSER_ROLES,
  requireMayReceive,
  requireNotSelf,
  requirePending,
  requireWithinLimit,
} from '../../src/points';
import { type Actor, requireRole, type TillContext } from './context';
import { requireActiveRule } from './points-rules';
import { awardView } from './points-views';
import { householdFacts } from './queries';
import { countedSql } from './uncounted-sql';

/** Who an entry is for: a member (counted into the household) or the household itself. */
export interface AwardTarget {
  householdId: string;
  memberId: string | null;
}

export interface RecipientFacts {
  householdId: string;
  householdNumber: string;
  headName: string;
  member: { id: string; name: string; tags: string[] } | null;
}

export function recipientFacts(ctx: TillContext, t: AwardTarget): RecipientFacts {
  const h = householdFacts(ctx, t.householdId);
  if (!h || h.status === 'closed') {
    throw tillError(
      'UNKNOWN_HOUSEHOLD',
      `找不到该户：${t.householdId}`,
      `Unknown household: ${t.householdId}`,
      {
        householdId: t.householdId,
      },
    );
  }
  const members = ctx.store
    .sql('SELECT id, name, tags, is_head FROM members WHERE household_id = ? ORDER BY is_head DESC, name')
    .all(t.householdId) as { id: string; name: string; tags: string; is_head: number }[];
  const m = t.memberId ? members.find((x) => x.id === t.memberId) : undefined;
  if (t.memberId && !m) {
    throw tillError('INVALID_INPUT', '这位成员不属于该户', 'That member is not in this household', {
      memberId: t.memberId,
    });
  }
  return {
    householdId: h.id,
    householdNumber: h.number,
    headName: members[0]?.name ?? '',
    member: m ? { id: m.id, name: m.name, tags: JSON.parse(m.tags) as string[] } : null,
  };
}

const whoOf = (r: RecipientFacts) => (r.member ? r.member.name : `${r.householdNumber} 户`);

/** Entries of this rule for this person the till knows (pending or approved, not reversed, counted). */
function limitFacts(
  ctx: TillContext,
  rule: RuleFacts,
  t: AwardTarget,
  batchId: string | null,
  excludeId: string | null,
): LimitFacts {
  const date = ctx.store.businessDate();
  const row = ctx.store
    .sql(
      `SELECT
         coalesce(sum(CASE WHEN batch_id IS NOT NULL AND batch_id = @batch THEN 1 ELSE 0 END), 0) AS in_batch,
         coalesce(sum(CASE WHEN substr(business_date, 1, 7) = @month THEN 1 ELSE 0 END), 0) AS in_month,
         coalesce(sum(CASE WHEN substr(business_date, 1, 4) = @year THEN amount ELSE 0 END), 0) AS year_total
       FROM awards
       WHERE rule_id = @rule AND household_id = @household AND member_id IS @member
         AND status IN ('pending', 'approved') AND reversed_by IS NULL AND reverses IS NULL
         AND id IS NOT @exclude
         -- What the township does not count does not use the limit up (decision 0720).
         AND ${countedSql('awards.posted_entry_id')}`,
    )
    .get({
      batch: batchId,
      month: date.slice(0, 7),
      year: date.slice(0, 4),
      rule: rule.id,
      household: t.householdId,
      member: t.memberId,
      exclude: excludeId,
    }) as { in_batch: number; in_month: number; year_total: number };
  return { inBatch: row.in_batch, inMonth: row.in_month, yearTotal: row.year_total };
}

/** A township may set a floor no deduction takes a household below (setting points.floor). */
function requireAboveFloor(ctx: TillContext, r: RecipientFacts, amount: number): void {
  const floor = ctx.store.getSetting<number>('points.floor');
  if (floor === null || amount >= 0) return;
  const after = ctx.store.balance(r.householdId) + amount;
  if (after < floor) {
    throw tillError(
      'BELOW_FLOOR',
      `扣分后 ${r.householdNumber} 户只剩 ${formatPoints(after)} 分，低于下限 ${formatPoints(floor)} 分`,
      `After this deduction household ${r.householdNumber} would have ${formatPoints(after)}, below the floor of ${formatPoints(floor)}`,
      { floor, after },
    );
  }
}

/** Every check an entry must pass before it is proposed, posted or approved. */
export function checkEntry(
  ctx: TillContext,
  rule: RuleFacts | null,
  t: AwardTarget,
  amount: number,
  batchId: string | null,
  excludeId: string | null,
): RecipientFacts {
  const r = recipientFacts(ctx, t);
  if (rule) {
    requireMayReceive(rule, {
      memberId: r.member?.id ?? null,
      memberName: r.member?.name ?? null,
      tags: r.member?.tags ?? [],
    });
    requireWithinLimit(rule, amount, limitFacts(ctx, rule, t, batchId, excludeId), whoOf(r));
  }
  requireAboveFloor(ctx, r, amount);
  return r;
}

const kindFor = (amount: number, reverses: string | null) =>
  reverses ? 'points.reverse' : amount > 0 ? 'points.award' : 'points.deduct';

export interface ProposeInput extends AwardTarget {
  /** A rule, whose name and points the entry copies; or null with a typed amount. */
  ruleId: string | null;
  /** Hundredths, only without a rule (a free adjustment, which always needs approval). */
  amount: number | null;
  reason: string;
}

/**
 * Writes one award or deduction. With an approver (a second person who gave their PIN)
 * it is posted at once; a rule that needs no approval is posted by the proposer alone;
 * anything else waits as a proposal that touches no balance.
 */
function writeOne(
  ctx: TillContext,
  actor: Actor,
  input: ProposeInput,
  approver: Actor | null,
  batchId: string | null,
): string {
  const rule = input.ruleId ? requireActiveRule(ctx, input.ruleId) : null;
  const amount = rule ? rule.points : input.amount;
  if (amount === null || amount === 0 || !Number.isSafeInteger(amount)) {
    throw tillError('INVALID_AMOUNT', '积分数值无效', 'Invalid points amount', { amount });
  }
  checkEntry(ctx, rule, input, amount, batchId, null);
  const needsApproval = rule ? rule.needsApproval : true;
  const common = {
    householdId: input.householdId,
    memberId: input.memberId,
    ruleId: rule?.id ?? null,
    ruleName: rule?.name ?? null,
    amount,
    reason: input.reason,
  };
  if (approver || !needsApproval) {
    if (approver) approve(actor.id, approver);
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: kindFor(amount, null),
      body: {
        ...common,
        proposedBy: actor.id,
        approvedBy: approver?.id ?? null,
        reverses: null,
        proposalId: null,
      },
    } as never).id;
  }
  return ctx.store.append({
    ...ctx.store.header(actor.id),
    kind: 'points.propose',
    body: { ...common, proposedBy: actor.id, batchId, reverses: null },
  }).id;
}

function approve(proposedBy: string, approver: Actor): void {
  requireNotSelf(proposedBy, approver.id);
  requireRole(approver, APPROVER_ROLES, { zh: '审批积分', en: 'approve points' });
}

export function proposeAward(ctx: TillContext, actor: Actor, input: ProposeInput, approver: Actor | null) {
  requireRole(actor, PROPOSER_ROLES, { zh: '登记积分', en: 'enter points' });
  return ctx.store.transaction(() => awardView(ctx, writeOne(ctx, actor, input, approver, null)));
}

/** A batch at an event: one rule, many people, proposed as one act (all or nothing). */
export function proposeBatch(
  ctx: TillContext,
  actor: Actor,
  input: { ruleId: string; reason: string; lines: AwardTarget[] },
  approver: Actor | null,
): { batchId: string; awards: AwardView[] } {
  requireRole(actor, PROPOSER_ROLES, { zh: '登记积分', en: 'enter points' });
  return ctx.store.transaction(() => {
    const batchId = newId(ctx.store.clock);
    const seen = new Set<string>();
    const ids: string[] = [];
    for (const line of input.lines) {
      const key = line.memberId ?? line.householdId;
      if (seen.has(key)) throw duplicate(recipientFacts(ctx, line));
      seen.add(key);
      ids.push(
        writeOne(
          ctx,
          actor,
          { ...line, ruleId: input.ruleId, amount: null, reason: input.reason },
          approver,
          batchId,
        ),
      );
    }
    return { batchId, awards: ids.map((id) => awardView(ctx, id)) };
  });
}

export function duplicate(r: RecipientFacts) {
  return tillError(
    'DUPLICATE_IN_BATCH',
    `${whoOf(r)}已在本次名单中，不能重复记分`,
    `${r.member?.name ?? r.householdNumber} is already on this list`,
    { householdId: r.householdId, memberId: r.member?.id ?? null },
  );
}

export interface AwardRow {
  id: string;
  status: AwardStatus;
  household_id: string;
  member_id: string | null;
  rule_id: string | null;
  rule_name: string | null;
  amount: number;
  reason: string;
  proposed_by: string | null;
  batch_id: string | null;
  reverses: string | null;
  posted_entry_id: string | null;
  reversed_by: string | null;
}

function awardRow(ctx: TillContext, id: string): AwardRow {
  const row = ctx.store.sql('SELECT * FROM awards WHERE id = ?').get(id) as AwardRow | undefined;
  if (!row)
    throw tillError('UNKNOWN_ENTRY', `没有这条积分记录：${id}`, `No such points entry: ${id}`, { id });
  return row;
}

/** A second person approves a proposal; only now does it touch the balance. */
export function approveAward(ctx: TillContext, approver: Actor, awardId: string): AwardView {
  return ctx.store.transaction(() => {
    const row = awardRow(ctx, awardId);
    requirePending(row.status, awardId);
    approve(row.proposed_by ?? '', approver);
    const target = { householdId: row.household_id, memberId: row.member_id };
    const rule = row.rule_id && !row.reverses ? requireActiveRule(ctx, row.rule_id) : null;
    checkEntry(ctx, rule, target, row.amount, row.batch_id, row.id);
    if (row.reverses) requireNotReversed(ctx, row.reverses);
    ctx.store.append({
      ...ctx.store.header(approver.id),
      kind: kindFor(row.amount, row.reverses),
      body: {
        ...target,
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        amount: row.amount,
        reason: row.reason,
        proposedBy: row.proposed_by,
        approvedBy: approver.id,
        reverses: row.reverses,
        proposalId: row.id,
      },
    } as never);
    return awardView(ctx, awardId);
  });
}

export function rejectAward(ctx: TillContext, approver: Actor, awardId: string, reason: string): AwardView {
  return ctx.store.transaction(() => {
    const row = awardRow(ctx, awardId);
    requirePending(row.status, awardId);
    approve(row.proposed_by ?? '', approver);
    const body: EntryBody<'points.reject'> = {
      proposalId: row.id,
      householdId: row.household_id,
      rejectedBy: approver.id,
      reason,
    };
    ctx.store.append({ ...ctx.store.header(approver.id), kind: 'points.reject', body });
    return awardView(ctx, awardId);
  });
}

function requireNotReversed(ctx: TillContext, postedEntryId: string): void {
  const done = ctx.store
    .sql('SELECT reversed_by FROM awards WHERE posted_entry_id = ?')
    .pluck()
    .get(postedEntryId) as string | null | undefined;
  if (done) {
    throw tillError('ALREADY_DECIDED', '这条积分已经冲销过', 'This entry has already been reversed', {
      postedEntryId,
    });
  }
}

/**
 * Proposes the reversal of an approved entry: a later entry pointing at it, with the
 * opposite amount, which needs approval again (at once with an approver's PIN, or later).
 */
export function proposeReversal(
  ctx: TillContext,
  actor: Actor,
  input: { awardId: string; reason: string },
  approver: Actor | null,
): AwardView {
  requireRole(actor, PROPOSER_ROLES, { zh: '冲销积分', en: 'reverse points' });
  return ctx.store.transaction(() => {
    const row = awardRow(ctx, input.awardId);
    if (row.status !== 'approved' || !row.posted_entry_id || row.reverses) {
      throw tillError(
        'INVALID_INPUT',
        '只能冲销已审批通过的积分',
        'Only an approved award or deduction can be reversed',
      );
    }
    requireNotReversed(ctx, row.posted_entry_id);
    const pending = ctx.store
      .sql("SELECT id FROM awards WHERE reverses = ? AND status = 'pending'")
      .pluck()
      .get(row.posted_entry_id) as string | undefined;
    if (pending) {
      throw tillError(
        'ALREADY_DECIDED',
        '这条积分已有待审批的冲销',
        'A reversal of this entry is already waiting for approval',
      );
    }
    const body = {
      householdId: row.household_id,
      memberId: row.member_id,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      amount: -row.amount,
      reason: input.reason,
      proposedBy: actor.id,
      reverses: row.posted_entry_id,
    };
    if (approver) {
      approve(actor.id, approver);
      requireAboveFloor(ctx, recipientFacts(ctx, body), body.amount);
      const e = ctx.store.append({
        ...ctx.store.header(actor.id),
        kind: 'points.reverse',
        body: { ...body, approvedBy: approver.id, proposalId: null },
      });
      return awardView(ctx, e.id);
    }
    const e = ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'points.propose',
      body: { ...body, batchId: null },
    });
    return awardView(ctx, e.id);
  });
}
