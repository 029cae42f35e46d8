import type { ApiParsedParams, ApiResults } from '../../src/api/contract';
import type { PointsResults, PointsSettings } from '../../src/api/points';
import { tillError } from '../../src/errors';
import { parsePoints } from '../../src/money/points';
import type { PrintDocumentInput } from '../printer/documents';
import { noticeSlipOf } from '../printer/notice-slip';
import { type Actor, requireRole, type TillContext } from './context';
import { approveAward, proposeAward, proposeBatch, proposeReversal, rejectAward } from './points-awards';
import { batchLine } from './points-batch';
import {
  blackList,
  blackListBetween,
  DEFAULT_BLACK_LIST_MONTHS,
  honour,
  liftSuspension,
} from './points-lists';
import { householdStatement, monthlyNotice } from './points-notice';
import { defineRule, listRules, ruleHistory } from './points-rules';
import { findHouseholds } from './points-search';
import { listAwards } from './points-views';
import { checkClerkPin } from './session';

type PointsHandlers = {
  [K in keyof PointsResults]: (
    params: ApiParsedParams<K>,
    actor: Actor | null,
  ) => ApiResults[K] | Promise<ApiResults[K]>;
};

const who = (actor: Actor | null): Actor => {
  if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
  return actor;
};

function settings(ctx: TillContext): PointsSettings {
  return {
    maskNames: ctx.store.getSetting<boolean>('points.maskNames') === true,
    blackListMonths: ctx.store.getSetting<number>('points.blackListMonths') ?? DEFAULT_BLACK_LIST_MONTHS,
    floor: ctx.store.getSetting<number>('points.floor'),
  };
}

/** Cadres' and managers' calls for earning points; the use cases check roles and the two-person rule. */
export function createPointsHandlers(
  ctx: TillContext,
  deps: { printDocument?(doc: PrintDocumentInput): void } = {},
): PointsHandlers {
  /** The second person at the till: their PIN, checked with the usual lockout. */
  const approverOf = (p: { approverId: string | null; approverPin: string | null }): Actor | null =>
    p.approverId && p.approverPin ? checkClerkPin(ctx, p.approverId, p.approverPin, 'approve') : null;
  const required = (p: { approverId: string; approverPin: string }): Actor =>
    checkClerkPin(ctx, p.approverId, p.approverPin, 'approve');

  return {
    'points.rules': ({ includeInactive }) => listRules(ctx, includeInactive),
    'points.ruleHistory': ({ ruleId }) => ruleHistory(ctx, ruleId),
    'points.defineRule': (p, actor) =>
      defineRule(ctx, who(actor), {
        ...p,
        points: parsePoints(p.points),
        yearCap: p.yearCap === null ? null : parsePoints(p.yearCap),
      }),
    'points.findHouseholds': ({ query }) => findHouseholds(ctx, query),
    'points.propose': (p, actor) =>
      proposeAward(
        ctx,
        who(actor),
        {
          householdId: p.householdId,
          memberId: p.memberId,
          ruleId: p.ruleId,
          amount: p.amount === null ? null : parsePoints(p.amount),
          reason: p.reason,
        },
        approverOf(p),
      ),
    'points.batchLine': (p, actor) => {
      who(actor);
      return batchLine(ctx, p);
    },
    'points.proposeBatch': (p, actor) =>
      proposeBatch(ctx, who(actor), { ruleId: p.ruleId, reason: p.reason, lines: p.lines }, approverOf(p)),
    'points.list': (p, actor) => {
      who(actor);
      return listAwards(ctx, p);
    },
    'points.approve': (p, actor) => {
      who(actor);
      return approveAward(ctx, required(p), p.awardId);
    },
    'points.reject': (p, actor) => {
      who(actor);
      return rejectAward(ctx, required(p), p.awardId, p.reason);
    },
    'points.reverse': (p, actor) =>
      proposeReversal(ctx, who(actor), { awardId: p.awardId, reason: p.reason }, approverOf(p)),
    'points.blackList': (p, actor) =>
      blackList(ctx, who(actor), required(p), {
        householdId: p.householdId,
        ruleId: p.ruleId,
        reason: p.reason,
        months: p.months,
      }),
    'points.lift': (p, actor) =>
      liftSuspension(ctx, who(actor), required(p), { householdId: p.householdId, reason: p.reason }),
    'points.honour': (p, actor) => honour(ctx, who(actor), p),
    'points.blackListNow': (_p, actor) => {
      who(actor);
      const today = ctx.store.businessDate();
      return blackListBetween(ctx, today, today);
    },
    'points.notice': (p, actor) => {
      who(actor);
      return monthlyNotice(ctx, {
        villageId: p.villageId,
        period: p.period ?? ctx.store.businessDate().slice(0, 7),
      });
    },
    'points.printNotice': (p, actor) => {
      who(actor);
      const notice = monthlyNotice(ctx, {
        villageId: p.villageId,
        period: p.period ?? ctx.store.businessDate().slice(0, 7),
      });
      deps.printDocument?.(noticeSlipOf(notice, { time: ctx.store.now(), timeZone: ctx.timeZone }));
      return { queued: true, period: notice.period };
    },
    'points.statement': (p, actor) => {
      who(actor);
      return householdStatement(ctx, p);
    },
    'points.settings': () => settings(ctx),
    'points.saveSettings': (p, actor) => {
      requireRole(who(actor), ['manager', 'officer'], { zh: '修改积分设置', en: 'change points settings' });
      ctx.store.setSetting('points.maskNames', p.maskNames);
      ctx.store.setSetting('points.blackListMonths', p.blackListMonths);
      ctx.store.setSetting('points.floor', p.floor === null ? null : parsePoints(p.floor));
      return settings(ctx);
    },
  };
}
