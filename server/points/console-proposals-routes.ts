import { z } from 'zod';
import {
  ProposalSchema,
  type ProposalStatus,
  type ProposalView,
  RejectSchema,
} from '../../src/console/points';
import { tillError } from '../../src/errors';
import { requirePending, requireWithinLimit } from '../../src/points';
import { requireMayReceive } from '../../src/points/person-types';
import { audited } from '../console-api/audited';
import type { ConsoleRouteModule } from '../console-api/deps';
import {
  outOfScope,
  requireRowInScope,
  requireTownship,
  sessionOf,
  villageScope,
} from '../console-api/guard';
import type { ConsoleSession } from '../console-api/sessions';
import { num } from '../console-api/township-of';
import type { PointsFlagReason } from '../db/schema';
import { appendServerEntriesIn } from '../journal/server-journal';
import { parseWith } from '../routes/errors';
import { lockSync } from '../sync/ingest';
import { limitBreach } from './award-effects';
import { namesOf, T, TP } from './console-params';

const selfApproval = () =>
  tillError(
    'SELF_APPROVAL',
    '不能审批自己提交的积分，请另一位干部审批',
    'You cannot decide your own proposal; another officer or cadre must',
  );

/**
 * The approval list, where a different officer or cadre approves or rejects what tills and
 * the console proposed.
 */
export const pointsProposalsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/proposals', async (req): Promise<ProposalView[]> => {
    const { townshipId } = parseWith(T, req.params, false);
    const { status } = parseWith(
      z.object({ status: z.enum(['pending', 'approved', 'rejected', 'all']).default('pending') }),
      req.query,
      false,
    );
    const s = sessionOf(req);
    requireTownship(s, townshipId);
    const village = villageScope(s);
    const rows = await db
      .selectFrom('pointsAwards as a')
      .leftJoin('households as h', 'h.id', 'a.householdId')
      .leftJoin('villages as v', 'v.id', 'a.villageId')
      .leftJoin('members as m', 'm.id', 'a.memberId')
      .leftJoin('devices as d', 'd.id', 'a.deviceId')
      .select([
        'a.id',
        'a.householdId',
        'h.number as householdNumber',
        'v.name as villageName',
        'm.name as memberName',
        'a.ruleName',
        'a.amount',
        'a.reason',
        'a.proposedBy',
        'a.deviceId',
        'd.name as deviceName',
        'd.kind as deviceKind',
        'a.at',
        'a.businessDate',
        'a.status',
        'a.decidedBy',
        'a.decisionReason',
        'a.decidedAt',
        'a.reverses',
      ])
      .where('a.townshipId', '=', townshipId)
      // The list is of proposals: a posting made without one (no approval needed) is not shown.
      .where('a.postedEntryId', 'is distinct from', (eb) => eb.ref('a.id'))
      .$if(status !== 'all', (q) => q.where('a.status', '=', status as ProposalStatus))
      .$if(village !== null, (q) => q.where('a.villageId', '=', village!))
      .orderBy('a.at', 'desc')
      .orderBy('a.id')
      .limit(500)
      .execute();
    const names = await namesOf(
      db,
      rows.flatMap((r) => [r.proposedBy, r.decidedBy]),
    );
    return rows.map((r) => ({
      id: r.id,
      householdId: r.householdId,
      householdNumber: r.householdNumber,
      villageName: r.villageName,
      memberName: r.memberName,
      ruleName: r.ruleName,
      amount: Number(r.amount),
      reason: r.reason,
      proposedBy: r.proposedBy,
      proposedByName: r.proposedBy ? (names.get(r.proposedBy) ?? null) : null,
      deviceName: r.deviceKind === 'server' ? null : (r.deviceName ?? null),
      at: Number(r.at),
      businessDate: r.businessDate,
      status: r.status,
      decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
      decisionReason: r.decisionReason,
      decidedAt: num(r.decidedAt),
      reverses: r.reverses,
    }));
  });

  api.post('/townships/:townshipId/proposals', async (req) => {
    const { townshipId } = parseWith(T, req.params, false);
    const s = sessionOf(req);
    requireTownship(s, townshipId);
    const b = parseWith(ProposalSchema, req.body, false);
    const [household, rule, member] = await Promise.all([
      db
        .selectFrom('households')
        .select(['townshipId', 'villageId'])
        .where('id', '=', b.householdId)
        .executeTakeFirst(),
      db
        .selectFrom('rules')
        .select(['name', 'points', 'personType', 'active', 'townshipId'])
        .where('id', '=', b.ruleId)
        .executeTakeFirst(),
      b.memberId
        ? db
            .selectFrom('members')
            .select(['householdId', 'name', 'tags'])
            .where('id', '=', b.memberId)
            .executeTakeFirst()
        : Promise.resolve(undefined),
    ]);
    requireRowInScope(s, townshipId, household, { householdId: b.householdId });
    if (!rule || rule.townshipId !== townshipId || rule.active !== 1)
      throw tillError('UNKNOWN_RULE', `没有这条积分规则：${b.ruleId}`, `Unknown rule: ${b.ruleId}`, {
        ruleId: b.ruleId,
      });
    if (b.memberId && member?.householdId !== b.householdId)
      throw tillError('INVALID_INPUT', '这个人不在这一户', 'This person is not in this household', {
        memberId: b.memberId,
      });
    requireMayReceive(rule, {
      memberId: b.memberId,
      memberName: member?.name ?? null,
      tags: member ? (JSON.parse(member.tags) as string[]) : [],
    });
    const [entry] = await audited(
      deps,
      s,
      townshipId,
      {
        action: 'points.propose',
        target: `household:${b.householdId}`,
        details: { ...b, amount: rule.points },
      },
      (trx) =>
        appendServerEntriesIn(trx, clock, townshipId, [
          {
            kind: 'points.propose',
            clerkId: s.officer.id,
            body: {
              householdId: b.householdId,
              memberId: b.memberId,
              ruleId: b.ruleId,
              ruleName: rule.name,
              amount: Number(rule.points),
              reason: b.note || rule.name,
              proposedBy: s.officer.id,
              batchId: null,
              reverses: null,
            },
          },
        ]),
    );
    return { id: entry!.id };
  });

  /** Loads a proposal inside the decision's transaction, after the sync lock: a second decision waits, then is refused. */
  const decide = async (
    req: Parameters<typeof sessionOf>[0],
    action: 'approve' | 'reject',
    reason: string | null,
  ) => {
    const p = parseWith(TP, req.params, false);
    const s: ConsoleSession = sessionOf(req);
    requireTownship(s, p.townshipId);
    await audited(
      deps,
      s,
      p.townshipId,
      { action: `points.${action}`, target: `proposal:${p.proposalId}`, details: reason ? { reason } : {} },
      async (trx) => {
        await lockSync(trx);
        const row = await trx
          .selectFrom('pointsAwards')
          .selectAll()
          .where('id', '=', p.proposalId)
          .executeTakeFirst();
        if (!row || row.postedEntryId === row.id) throw outOfScope({ proposalId: p.proposalId });
        requireRowInScope(s, p.townshipId, row, { proposalId: p.proposalId });
        requirePending(row.status, row.id);
        if (row.proposedBy === s.officer.id) throw selfApproval();
        const amount = Number(row.amount);
        if (action === 'reject') {
          return appendServerEntriesIn(trx, clock, p.townshipId, [
            {
              kind: 'points.reject',
              clerkId: s.officer.id,
              body: {
                proposalId: row.id,
                householdId: row.householdId,
                rejectedBy: s.officer.id,
                reason: reason!,
              },
            },
          ]);
        }
        if (row.ruleId && !row.reverses) {
          const rule = await trx
            .selectFrom('rules')
            .select(['name', 'limitKind', 'yearCap'])
            .where('id', '=', row.ruleId)
            .executeTakeFirst();
          if (rule) {
            const breach = await limitBreach(trx, p.townshipId, rule, { ...row, amount });
            if (breach) refuseLimit(rule, breach);
          }
        }
        return appendServerEntriesIn(trx, clock, p.townshipId, [
          {
            kind: row.reverses ? 'points.reverse' : amount > 0 ? 'points.award' : 'points.deduct',
            clerkId: s.officer.id,
            body: {
              householdId: row.householdId,
              memberId: row.memberId,
              ruleId: row.ruleId,
              ruleName: row.ruleName,
              amount,
              reason: row.reason,
              proposedBy: row.proposedBy,
              approvedBy: s.officer.id,
              reverses: row.reverses,
              proposalId: row.id,
            },
          },
        ]);
      },
    );
    return { ok: true };
  };
  api.post('/townships/:townshipId/proposals/:proposalId/approve', (req) => decide(req, 'approve', null));
  api.post('/townships/:townshipId/proposals/:proposalId/reject', (req) =>
    decide(req, 'reject', parseWith(RejectSchema, req.body, false).reason),
  );
};

function refuseLimit(
  rule: { name: string; limitKind?: string; yearCap?: number | null },
  breach: PointsFlagReason,
): never {
  // The same words as the till's refusal (src/points/limits.ts), from the facts the server holds.
  const facts = {
    inBatch: breach === 'limit-event' ? 1 : 0,
    inMonth: breach === 'limit-month' ? 1 : 0,
    yearTotal: 0,
  };
  const limit = (rule.limitKind ?? 'none') as 'none' | 'event' | 'month' | 'year';
  if (breach === 'limit-year') {
    throw tillError(
      'POINTS_LIMIT',
      `“${rule.name}”每年最多 ${(Number(rule.yearCap) / 100).toString()} 分，这一户今年已达上限`,
      `"${rule.name}" is capped at ${(Number(rule.yearCap) / 100).toString()} a year; this one would pass it`,
      { limit, yearCap: rule.yearCap },
    );
  }
  requireWithinLimit({ name: rule.name, limit, yearCap: rule.yearCap ?? null }, 0, facts, '这一户');
  throw tillError('POINTS_LIMIT', '超过规则限额', 'Over the rule limit');
}
