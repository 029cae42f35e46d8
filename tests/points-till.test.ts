import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStore } from '../main/store';
import { commitSale } from '../main/till/checkout';
import type { Actor } from '../main/till/context';
import { postPoints } from '../main/till/points';
import {
  approveAward,
  proposeAward,
  proposeBatch,
  proposeReversal,
  rejectAward,
} from '../main/till/points-awards';
import { batchLine } from '../main/till/points-batch';
import { blackList, honour, liftSuspension } from '../main/till/points-lists';
import { householdStatement, monthlyNotice } from '../main/till/points-notice';
import { defineRule, listRules, ruleHistory } from '../main/till/points-rules';
import { listAwards } from '../main/till/points-views';
import { isTillError, type TillError } from '../src/errors';
import { entryHash, GENESIS_HASH, type JournalEntry } from '../src/journal';
import { parsePoints } from '../src/money/points';
import { ledgerCounts, type TillFixture, tillFixture } from './support/till-fixture';

const DAY = 86_400_000;

function refusal(fn: () => unknown): TillError {
  try {
    fn();
  } catch (e) {
    if (isTillError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('earning points at the till', () => {
  let f: TillFixture;
  let cadre2: Actor;
  const rule = (name: string) => listRules(f.ctx, false).find((r) => r.name === name)!;
  const household = (i: number) =>
    f.store.db.prepare('SELECT id FROM households ORDER BY number LIMIT 1 OFFSET ?').pluck().get(i) as string;
  const members = (hid: string) =>
    f.store.db
      .prepare('SELECT id, name, tags FROM members WHERE household_id = ? ORDER BY is_head DESC, name')
      .all(hid) as {
      id: string;
      name: string;
      tags: string;
    }[];

  beforeEach(() => {
    f = tillFixture();
    cadre2 = f.store.db.prepare("SELECT id, name, role FROM clerks WHERE name = '周主任'").get() as Actor;
  });
  afterEach(() => f.cleanup());

  /** Each refusal writes nothing: every ledger table and the journal stay as they were. */
  function refusesCleanly(code: string, fn: () => unknown): TillError {
    const before = ledgerCounts(f.store);
    const awards = f.store.db.prepare('SELECT count(*) FROM awards').pluck().get();
    const e = refusal(fn);
    expect(e.code).toBe(code);
    expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.en).toMatch(/[a-z]/);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(f.store.db.prepare('SELECT count(*) FROM awards').pluck().get()).toBe(awards);
    return e;
  }

  it('a proposal touches no balance until a different cadre approves it; self-approval is refused', () => {
    const h = household(5);
    const before = f.store.balance(h);
    const yard = rule('庭院整洁（月评）');
    const p = proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: yard.id, amount: null, reason: '11月评比' },
      null,
    );
    expect(p.status).toBe('pending');
    expect(p.ruleName).toBe('庭院整洁（月评）');
    expect(f.store.balance(h)).toBe(before);
    const self = refusesCleanly('SELF_APPROVAL', () => approveAward(f.ctx, f.cadre, p.id));
    expect(self.zh).toContain('不能审批自己提交的积分');
    expect(listAwards(f.ctx, { status: 'pending', householdId: null, limit: 10 }).map((a) => a.id)).toEqual([
      p.id,
    ]);
    const ok = approveAward(f.ctx, cadre2, p.id);
    expect(ok.status).toBe('approved');
    expect(ok.proposedByName).toBe(f.cadre.name);
    expect(ok.decidedByName).toBe('周主任');
    expect(f.store.balance(h)).toBe(before + 200);
    const again = refusesCleanly('ALREADY_DECIDED', () => approveAward(f.ctx, f.manager, p.id));
    expect(again.zh).toContain('已审批通过');
    // The entry keeps the rule's name and points as they were after the rule is renamed.
    defineRule(f.ctx, f.manager, { ...yardBody(yard), name: '美丽庭院（月评）', points: 300 });
    expect(
      listAwards(f.ctx, { status: null, householdId: h, limit: 50 }).find((a) => a.id === p.id)!.ruleName,
    ).toBe('庭院整洁（月评）');
    expect(ruleHistory(f.ctx, yard.id).map((v) => v.rule.name)).toEqual([
      '庭院整洁（月评）',
      '美丽庭院（月评）',
    ]);
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);
  });

  it('a self-approved entry pulled from another device is stored but never counted', () => {
    const h = household(3);
    const before = f.store.balance(h);
    const unhashed = {
      id: crypto.randomUUID(),
      deviceId: crypto.randomUUID(),
      seq: 1,
      at: f.clock.now(),
      businessDate: '2026-11-20',
      clerkId: f.cadre.id,
      kind: 'points.award' as const,
      body: {
        householdId: h,
        memberId: null,
        ruleId: null,
        amount: 5000,
        reason: '自己批的',
        proposedBy: f.cadre.id,
        approvedBy: f.cadre.id,
        reverses: null,
      },
      prevHash: GENESIS_HASH,
    };
    const entry = { ...unhashed, hash: entryHash(unhashed as never) } as JournalEntry;
    expect(f.store.applyForeign([entry])).toEqual({ applied: 1, skipped: 0 });
    expect(f.store.balance(h)).toBe(before);
    expect(f.store.db.prepare('SELECT count(*) FROM points_entries WHERE id = ?').pluck().get(entry.id)).toBe(
      0,
    );
  });

  it('rejects with a reason; a rejected entry cannot be approved', () => {
    const h = household(6);
    const p = proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: rule('见义勇为').id, amount: null, reason: '救落水儿童' },
      null,
    );
    const r = rejectAward(f.ctx, cadre2, p.id, '材料不全');
    expect(r.status).toBe('rejected');
    expect(r.decisionReason).toBe('材料不全');
    expect(refusesCleanly('ALREADY_DECIDED', () => approveAward(f.ctx, f.manager, p.id)).zh).toContain(
      '已被驳回',
    );
  });

  it('refuses a rule the person type may not receive, a second award in the month, and a yearly cap', () => {
    const h = household(7);
    const nonParty = members(h).find((m) => !JSON.parse(m.tags).includes('党员'))!;
    const e = refusesCleanly('RULE_NOT_FOR_PERSON', () =>
      proposeAward(
        f.ctx,
        f.cadre,
        {
          householdId: h,
          memberId: nonParty.id,
          ruleId: rule('参加组织生活').id,
          amount: null,
          reason: '组织生活',
        },
        null,
      ),
    );
    expect(e.zh).toContain('只适用于党员');
    const meeting = rule('参加村民会议');
    proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: nonParty.id, ruleId: meeting.id, amount: null, reason: '村民会议' },
      null,
    );
    expect(
      refusesCleanly('POINTS_LIMIT', () =>
        proposeAward(
          f.ctx,
          f.cadre,
          { householdId: h, memberId: nonParty.id, ruleId: meeting.id, amount: null, reason: '村民会议' },
          null,
        ),
      ).zh,
    ).toContain('每月限一次');
    const filial = rule('孝老爱亲');
    const first = proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: filial.id, amount: null, reason: '照顾老人' },
      cadre2,
    );
    expect(first.status).toBe('approved');
    proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: filial.id, amount: null, reason: '照顾老人' },
      cadre2,
    );
    expect(
      refusesCleanly('POINTS_LIMIT', () =>
        proposeAward(
          f.ctx,
          f.cadre,
          { householdId: h, memberId: null, ruleId: filial.id, amount: null, reason: '照顾老人' },
          null,
        ),
      ).zh,
    ).toContain('每年最多 10 分');
  });

  it('refuses an amount with a third decimal and a deduction below the floor', () => {
    expect(refusal(() => parsePoints('1.255')).zh).toContain('最多两位小数');
    const h = household(8);
    f.store.setSetting('points.floor', 0);
    const balance = f.store.balance(h);
    if (balance < 1000)
      postPoints(f.ctx, f.cadre, { householdId: h, amount: 1000 - balance, reason: '补足' });
    const e = refusesCleanly('BELOW_FLOOR', () =>
      proposeAward(
        f.ctx,
        f.cadre,
        { householdId: h, memberId: null, ruleId: null, amount: -(f.store.balance(h) + 100), reason: '扣分' },
        cadre2,
      ),
    );
    expect(e.zh).toContain('低于下限 0 分');
  });

  it('a batch by taps: lost and unknown cards refused, the same person twice refused, proposed as one act', () => {
    const volunteer = rule('志愿服务（每次）');
    const line = (uid: string | null, houseNumber: string | null, taken: string[] = []) =>
      batchLine(f.ctx, { ruleId: volunteer.id, uid, houseNumber, taken });
    const a = line(f.cards.rich, null);
    expect(refusal(() => line(f.cards.rich, null, [a.key])).code).toBe('DUPLICATE_IN_BATCH');
    expect(refusal(() => line(f.cards.lost, null)).zh).toContain('挂失');
    expect(refusal(() => line(f.cards.unknown, null)).code).toBe('UNKNOWN_CARD');
    const b = line(null, 'dl-003', [a.key]);
    expect(b.householdNumber).toBe('DL-003');
    const before = ledgerCounts(f.store);
    const batch = proposeBatch(
      f.ctx,
      f.cadre,
      { ruleId: volunteer.id, reason: '12月义务植树', lines: [a, b] },
      null,
    );
    expect(batch.awards.map((x) => x.status)).toEqual(['pending', 'pending']);
    expect(new Set(batch.awards.map((x) => x.batchId))).toEqual(new Set([batch.batchId]));
    expect(ledgerCounts(f.store).balanceSum).toBe(before.balanceSum);
    // The same person twice in one batch is refused and nothing of the batch is written.
    expect(
      refusal(() => proposeBatch(f.ctx, f.cadre, { ruleId: volunteer.id, reason: 'x', lines: [b, b] }, null))
        .code,
    ).toBe('DUPLICATE_IN_BATCH');
    for (const x of batch.awards) approveAward(f.ctx, cadre2, x.id);
    expect(ledgerCounts(f.store).balanceSum).toBe(before.balanceSum! + 200);
  });

  it('reverses an approved award by a later entry that needs approval again', () => {
    const h = household(9);
    const award = proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: rule('见义勇为').id, amount: null, reason: '救火' },
      cadre2,
    );
    const before = f.store.balance(h);
    const rev = proposeReversal(f.ctx, f.cadre, { awardId: award.id, reason: '重复登记' }, null);
    expect(rev.status).toBe('pending');
    expect(rev.amount).toBe(-2000);
    expect(f.store.balance(h)).toBe(before);
    expect(
      refusal(() => proposeReversal(f.ctx, f.cadre, { awardId: award.id, reason: 'x' }, null)).code,
    ).toBe('ALREADY_DECIDED');
    approveAward(f.ctx, f.manager, rev.id);
    expect(f.store.balance(h)).toBe(before - 2000);
    expect(
      listAwards(f.ctx, { status: null, householdId: h, limit: 5 }).find((x) => x.id === award.id)!
        .reversedBy,
    ).toBeTruthy();
  });

  it('black-listing deducts, blocks checkout with the dates and lifts itself after them; an early lift is approved', () => {
    const uid = f.cards.rich;
    const h = f.householdOf(uid);
    const veto = rule('列入黑榜');
    const before = f.store.balance(h);
    expect(
      refusal(() =>
        blackList(f.ctx, f.cadre, f.cadre, {
          householdId: h,
          ruleId: veto.id,
          reason: '违规搭建',
          months: null,
        }),
      ).code,
    ).toBe('SELF_APPROVAL');
    const s = blackList(f.ctx, f.cadre, cadre2, {
      householdId: h,
      ruleId: veto.id,
      reason: '违规搭建',
      months: null,
    });
    expect(f.store.balance(h)).toBe(before - 3000);
    expect(s.from).toBe('2026-11-20');
    expect(s.resumesOn).toBe('2027-02-20');
    expect(s.lastDay).toBe('2027-02-19');
    const towel = f.product('毛巾');
    const sale = () =>
      commitSale(
        f.ctx,
        f.clerk,
        { saleId: crypto.randomUUID(), cardUid: uid, lines: [{ productId: towel.id, qty: 1 }] },
        null,
      );
    const e = refusal(sale);
    expect(e.code).toBe('HOUSEHOLD_SUSPENDED');
    expect(e.zh).toContain('暂停兑换至 2027-02-19（2027-02-20 起恢复）');
    f.clock.advance(92 * DAY);
    expect(sale().totalPoints).toBe(500);
    // A second black-listing, lifted early by an approved entry naming it.
    const s2 = blackList(f.ctx, f.cadre, cadre2, {
      householdId: h,
      ruleId: veto.id,
      reason: '焚烧秸秆',
      months: 1,
    });
    expect(refusal(sale).code).toBe('HOUSEHOLD_SUSPENDED');
    liftSuspension(f.ctx, f.cadre, cadre2, { householdId: h, reason: '已整改' });
    expect(sale().totalPoints).toBe(500);
    const lift = f.store.db
      .prepare("SELECT body FROM journal WHERE kind = 'household.lift'")
      .pluck()
      .get() as string;
    expect(JSON.parse(lift)).toMatchObject({
      lifts: s2.entryId,
      proposedBy: f.cadre.id,
      approvedBy: cadre2.id,
    });
  });

  it('the statement lists entries of one instant in the order they were made, the running balance with them', () => {
    // The fixture's clock stands still: every entry below has the same instant.
    const h = household(5);
    const from = '2026-11-01';
    const to = '2026-11-30';
    const before = householdStatement(f.ctx, { householdId: h, from, to }).closing;
    const reasons = Array.from({ length: 12 }, (_, i) => `第${i + 1}次`);
    for (const [i, reason] of reasons.entries())
      postPoints(f.ctx, f.cadre, { householdId: h, amount: 100 * (i + 1), reason });
    const lines = householdStatement(f.ctx, { householdId: h, from, to }).lines.filter((l) =>
      reasons.some((r) => l.text.includes(r)),
    );
    expect(lines.map((l) => l.text.match(/第\d+次/)?.[0])).toEqual(reasons);
    let balance = before;
    for (const [i, line] of lines.entries()) {
      balance += 100 * (i + 1);
      expect(line.balance).toBe(balance);
    }
  });

  it('the monthly notice lists every approved entry and its totals equal the ledger', () => {
    const h = household(4);
    honour(f.ctx, f.cadre, { householdId: h, title: '文明家庭', reason: '孝老爱亲' });
    proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: rule('见义勇为').id, amount: null, reason: '救火' },
      cadre2,
    );
    proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: rule('乱堆乱放').id, amount: null, reason: '门前堆柴' },
      cadre2,
    );
    proposeAward(
      f.ctx,
      f.cadre,
      { householdId: h, memberId: null, ruleId: rule('见义勇为').id, amount: null, reason: '待审' },
      null,
    );
    const n = monthlyNotice(f.ctx, { villageId: null, period: '2026-11' });
    const ledger = f.store.db
      .prepare(
        `SELECT coalesce(sum(pe.amount), 0) FROM points_entries pe JOIN households hh ON hh.id = pe.household_id
         JOIN shops s ON s.village_id = hh.village_id
         WHERE s.id = ? AND pe.business_date LIKE '2026-11-%' AND pe.kind IN ('award', 'deduction')`,
      )
      .pluck()
      .get(f.ctx.shopId) as number;
    expect(n.net).toBe(ledger);
    expect(n.entries.some((e) => e.reason === '待审')).toBe(false);
    expect(n.red.map((r) => r.householdId)).toContain(h);
    expect(n.top10[0]!.rank).toBe(1);
    expect(monthlyNotice(f.ctx, { villageId: null, period: '2026-11' })).toEqual(n);
    f.store.setSetting('points.maskNames', true);
    const masked = monthlyNotice(f.ctx, { villageId: null, period: '2026-11' });
    expect(masked.totals[0]!.name).toMatch(/^.\*+.?$/u);
    const st = householdStatement(f.ctx, { householdId: h, from: '2026-11-01', to: '2026-11-30' });
    expect(st.closing).toBe(f.store.balance(h));
    expect(st.lines.at(-1)!.balance).toBe(st.closing);
  });
});

function yardBody(r: ReturnType<typeof listRules>[number]) {
  return {
    ruleId: r.id,
    category: r.category,
    name: r.name,
    points: r.points,
    personType: r.personType,
    limit: r.limit,
    yearCap: r.yearCap,
    needsApproval: r.needsApproval,
    active: r.active,
  };
}
