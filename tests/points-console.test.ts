import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPin, openStore } from '../main/store';
import { SyncClient } from '../main/sync';
import { contextFor } from '../main/till';
import { proposeAward } from '../main/till/points-awards';
import { listRules, ruleHistory } from '../main/till/points-rules';
import { ManualClock } from '../src/clock';
import type { AuditPageView } from '../src/console/audit';
import type { PointsFlagView, ProposalView, RuleVersionView, RuleView } from '../src/console/points';
import { newId } from '../src/ids';
import { ConsoleClient } from './support/console-client';
import { type SeededTownship, startSeededTownship } from './support/seeded-township';
import { bodies, RawDevice, seedTownship, type Township } from './support/township';

/** 10:00 in Shanghai on 2027-04-15: every entry below is dated in April. */
const NOW = Date.UTC(2027, 3, 15, 2, 0, 0);
const PW = 'points-console-pw';

/**
 * The township side of earning points (decision 0920) on both dialects: the rule catalog
 * edited in the console as server-device entries with their history; proposals from a
 * till and from the console approved or rejected by a different account, within scope;
 * and what ingest finds only after sync: an approver without the role (stored, never
 * counted, flagged) and a once-a-month rule given by two tills offline (counted, flagged).
 */
describe.each(['sqlite', 'postgres'] as const)('points in the console on %s', (dialect) => {
  let town: SeededTownship;
  let t: Township;
  let other: Township;
  let wang: ConsoleClient;
  let zhao: ConsoleClient;
  let cadre0: ConsoleClient;
  let cadre1: ConsoleClient;
  let outsider: ConsoleClient;
  let till: RawDevice;
  let till2: RawDevice;
  let monthly: RuleView;
  const clerkId = newId({ now: () => NOW });

  beforeAll(async () => {
    town = await startSeededTownship({
      dialect,
      nowMs: NOW,
      size: { villages: 2, shopsPerVillage: 1, households: 4 },
      dirPrefix: 'jifen-points-console-',
    });
    t = town.t;
    other = await seedTownship(town.api, { villages: 1, shopsPerVillage: 1, households: 1 });
    const account = async (
      username: string,
      name: string,
      role: 'officer' | 'cadre',
      tw: Township,
      village?: string,
    ) => {
      await town.api.call('POST', '/api/officers', {
        username,
        name,
        password: PW,
        role,
        townshipId: tw.townshipId,
        villageId: village ?? null,
      });
      return new ConsoleClient(town.server.url).signIn(username, PW);
    };
    wang = await account('wang', '王主任', 'officer', t);
    zhao = await account('zhao', '赵科长', 'officer', t);
    cadre0 = await account('li', '李书记', 'cadre', t, t.villageIds[0]);
    cadre1 = await account('chen', '陈书记', 'cadre', t, t.villageIds[1]);
    outsider = await account('sun', '孙主任', 'officer', other);
    // A till clerk without the approver role.
    await town.api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      clerks: [
        {
          id: clerkId,
          name: '收银员小周',
          role: 'clerk',
          shopId: null,
          pinHash: hashPin('1111'),
          active: true,
        },
      ],
    });
    till = new RawDevice(town.server.url, t.shopIds[0]!, town.server.clock);
    till.clerkId = t.clerkId;
    await till.enroll(town.api);
    till2 = new RawDevice(town.server.url, t.shopIds[0]!, town.server.clock);
    till2.clerkId = t.clerkId;
    await till2.enroll(town.api);
  });

  afterAll(() => town?.close());

  const at = () => `/townships/${t.townshipId}`;
  const balances = () =>
    town.api.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`);
  const rule = {
    category: '志愿服务',
    name: '参加志愿活动',
    points: 250,
    personType: '全体',
    limit: 'month',
    yearCap: null,
    needsApproval: true,
  };

  test('an officer adds and edits a rule; every version stays; bad input and other accounts are refused', async () => {
    const created = await wang.call<RuleView>('POST', `${at()}/rules`, rule);
    expect(created).toMatchObject({ ...rule, active: true });
    const edited = await wang.call<RuleView>('PUT', `${at()}/rules/${created.id}`, {
      ...rule,
      name: '参加志愿服务活动',
      points: 300,
    });
    expect(edited).toMatchObject({ id: created.id, name: '参加志愿服务活动', points: 300, limit: 'month' });
    monthly = edited;
    const history = await zhao.call<RuleVersionView[]>('GET', `${at()}/rules/${created.id}/history`);
    expect(history.map((v) => [v.by, v.rule.name, v.rule.points])).toEqual([
      ['王主任', '参加志愿活动', 250],
      ['王主任', '参加志愿服务活动', 300],
    ]);

    const bad = await wang.raw('POST', `${at()}/rules`, { ...rule, points: 250.5 });
    expect(bad.status).toBe(400);
    const noCap = await wang.raw('POST', `${at()}/rules`, { ...rule, limit: 'year' });
    expect(noCap.status).toBe(400);
    expect(JSON.stringify(noCap.body.error)).toContain('按年封顶的规则要填写年度上限');
    const byCadre = await cadre0.raw('PUT', `${at()}/rules/${created.id}`, { ...rule, name: '改名' });
    expect(byCadre.status).toBe(403);
    expect(byCadre.body.error?.details.reason).toBe('role');
    const byOutsider = await outsider.raw('PUT', `${at()}/rules/${created.id}`, { ...rule, name: '改名' });
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.error?.zh).toBe('这不是您管辖范围内的数据，没有做任何修改');
    expect((await outsider.raw('GET', `${at()}/rules`)).status).toBe(403);
    const rules = await cadre0.call<RuleView[]>('GET', `${at()}/rules`);
    expect(rules.find((r) => r.id === created.id)?.name).toBe('参加志愿服务活动');
    expect(rules.filter((r) => r.name === '改名')).toEqual([]);
  });

  test('a different account approves; self-approval, a second decision and other scopes are refused', async () => {
    const [h0, h2] = [t.households[0]!, t.households[2]!]; // both in the first village
    // A till proposes (the seeded manager), the console proposes (王主任).
    const [fromTill] = till.append(1, () => ({
      kind: 'points.propose',
      body: {
        householdId: h2.id,
        memberId: null,
        ruleId: monthly.id,
        ruleName: monthly.name,
        amount: 300,
        reason: '清扫村道',
        proposedBy: t.clerkId,
        batchId: null,
        reverses: null,
      },
    }));
    expect((await till.post('/sync/push', { entries: [fromTill] })).status).toBe(200);
    const mine = await wang.call<{ id: string }>('POST', `${at()}/proposals`, {
      householdId: h0.id,
      ruleId: monthly.id,
      note: '帮扶孤寡老人',
    });
    const pending = await cadre0.call<ProposalView[]>('GET', `${at()}/proposals`);
    expect(pending.map((p) => [p.householdNumber, p.ruleName, p.amount, p.proposedByName, p.status])).toEqual(
      [
        ['H0001', '参加志愿服务活动', 300, '王主任', 'pending'],
        ['H0003', '参加志愿服务活动', 300, '店员', 'pending'],
      ],
    );
    expect(await cadre1.call<ProposalView[]>('GET', `${at()}/proposals`)).toEqual([]);

    const before = await balances();
    const self = await wang.raw('POST', `${at()}/proposals/${mine.id}/approve`);
    expect(self.status).toBe(400);
    expect(self.body.error).toMatchObject({
      code: 'SELF_APPROVAL',
      zh: '不能审批自己提交的积分，请另一位干部审批',
    });
    const otherVillage = await cadre1.raw('POST', `${at()}/proposals/${mine.id}/approve`);
    expect(otherVillage.status).toBe(403);
    const otherTownship = await outsider.raw(
      'POST',
      `/townships/${other.townshipId}/proposals/${mine.id}/approve`,
    );
    expect(otherTownship.status).toBe(403);
    expect((await balances())[h0.id] ?? 0).toBe(before[h0.id] ?? 0);

    await cadre0.call('POST', `${at()}/proposals/${mine.id}/approve`);
    expect((await balances())[h0.id]).toBe((before[h0.id] ?? 0) + 300);
    const again = await zhao.raw('POST', `${at()}/proposals/${mine.id}/approve`);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_DECIDED', zh: '这条积分已审批通过，不能再审批' });

    const noReason = await zhao.raw('POST', `${at()}/proposals/${fromTill!.id}/reject`, { reason: '' });
    expect(noReason.status).toBe(400);
    await zhao.call('POST', `${at()}/proposals/${fromTill!.id}/reject`, { reason: '当天未到场' });
    const late = await cadre0.raw('POST', `${at()}/proposals/${fromTill!.id}/approve`);
    expect(late.body.error).toMatchObject({ code: 'ALREADY_DECIDED', zh: '这条积分已被驳回，不能再审批' });
    expect((await balances())[h2.id] ?? 0).toBe(before[h2.id] ?? 0);

    const decided = await wang.call<ProposalView[]>('GET', `${at()}/proposals?status=all`);
    expect(decided.map((p) => [p.householdNumber, p.status, p.decidedByName, p.decisionReason])).toEqual([
      ['H0001', 'approved', '李书记', null],
      ['H0003', 'rejected', '赵科长', '当天未到场'],
    ]);
    // A second monthly award to the same household is refused in the console with the till's words.
    const second = await zhao.call<{ id: string }>('POST', `${at()}/proposals`, {
      householdId: h0.id,
      ruleId: monthly.id,
    });
    const over = await wang.raw('POST', `${at()}/proposals/${second.id}/approve`);
    expect(over.body.error).toMatchObject({ code: 'POINTS_LIMIT' });
    expect(over.body.error?.zh).toContain('本月已获“参加志愿服务活动”，每月限一次');
    // Each decision is in the audit trail with who made it; the refused ones left nothing.
    const audit = await zhao.call<AuditPageView>('GET', `${at()}/audit?action=points.`);
    expect(audit.rows.map((r) => [r.action, r.officerName]).reverse()).toEqual([
      ['points.propose', '王主任'],
      ['points.approve', '李书记'],
      ['points.reject', '赵科长'],
      ['points.propose', '赵科长'],
    ]);
  });

  test('ingest: an approver without the role is never counted; a monthly rule given twice offline is flagged', async () => {
    const [h1, h3] = [t.households[1]!, t.households[3]!];
    const before = await balances();
    const byClerk = till.append(1, () => {
      const e = bodies.award(h1.id, 500);
      return { ...e, body: { ...e.body, proposedBy: t.clerkId, approvedBy: clerkId } };
    });
    expect((await till.post('/sync/push', { entries: byClerk })).status).toBe(200);
    // Two tills, each offline, give the once-a-month rule to the same household.
    const zhaoId = (await zhao.call<{ officer: { id: string } }>('GET', '/session')).officer.id;
    const direct = (d: RawDevice) =>
      d.append(1, () => {
        const e = bodies.award(h3.id, 300, monthly.id);
        return { ...e, body: { ...e.body, proposedBy: t.clerkId, approvedBy: zhaoId } };
      });
    const a = direct(till);
    const b = direct(till2);
    expect((await till.post('/sync/push', { entries: a })).status).toBe(200);
    expect((await till2.post('/sync/push', { entries: b })).status).toBe(200);

    const after = await balances();
    expect(after[h1.id] ?? 0).toBe(before[h1.id] ?? 0);
    expect(after[h3.id] ?? 0).toBe((before[h3.id] ?? 0) + 600);
    const flags = await wang.call<PointsFlagView[]>('GET', `${at()}/points-flags`);
    expect(
      flags.map((f) => [f.entryId, f.reason, f.householdNumber, f.points, f.counted, f.ruleName]),
    ).toEqual([
      [b[0]!.id, 'limit-month', 'H0004', 300, true, '参加志愿服务活动'],
      [byClerk[0]!.id, 'approver-role', 'H0002', 500, false, null],
    ]);
    // A cadre sees the flags of their own village only (H0002 and H0004 are in the second).
    expect(await cadre0.call<PointsFlagView[]>('GET', `${at()}/points-flags`)).toEqual([]);
    expect((await cadre1.call<PointsFlagView[]>('GET', `${at()}/points-flags`)).length).toBe(2);
    // A resend changes nothing and flags nothing twice.
    expect((await till2.post('/sync/push', { entries: b })).json).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await wang.call<PointsFlagView[]>('GET', `${at()}/points-flags`)).toHaveLength(2);
    // An officer resolves a flag with a note, once; a cadre may not.
    const limitFlag = flags[0]!.id;
    const byCadre = await cadre1.raw('POST', `${at()}/points-flags/${limitFlag}/resolve`, { note: '已核实' });
    expect(byCadre.status).toBe(403);
    await wang.call('POST', `${at()}/points-flags/${limitFlag}/resolve`, { note: '已核实，下月不再发放' });
    const twice = await zhao.raw('POST', `${at()}/points-flags/${limitFlag}/resolve`, { note: '再次处理' });
    expect(twice.body.error?.zh).toBe('这条积分异常已经处理过了');
    const resolved = (await wang.call<PointsFlagView[]>('GET', `${at()}/points-flags`)).find(
      (f) => f.id === limitFlag,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      note: '已核实，下月不再发放',
      resolvedBy: '王主任',
    });
  });

  test('a rule edited in the console reaches a real till by a pull, and the till enforces its limit', async () => {
    const clock = new ManualClock(NOW);
    const store = openStore(join(town.dir, `till-${dialect}.db`), { clock });
    town.stores.push(store);
    const sync = new SyncClient({ store, clock });
    const { code } = await town.api.call<{ code: string }>(
      'POST',
      `/api/shops/${t.shopIds[0]}/enrollment-codes`,
    );
    await sync.enroll(town.server.url, code, 'till');
    expect((await sync.syncNow()).state).toBe('idle');
    const ctx = contextFor(store);
    expect(listRules(ctx, true).find((r) => r.id === monthly.id)).toMatchObject({
      name: '参加志愿服务活动',
      limit: 'month',
    });

    await wang.call('PUT', `${at()}/rules/${monthly.id}`, { ...rule, name: '志愿服务（每月）', points: 400 });
    expect((await sync.syncNow()).state).toBe('idle');
    expect(listRules(ctx, true).find((r) => r.id === monthly.id)).toMatchObject({
      name: '志愿服务（每月）',
      points: 400,
      limit: 'month',
      needsApproval: true,
    });
    expect(ruleHistory(ctx, monthly.id).map((v) => v.rule.name)).toEqual([
      '参加志愿活动',
      '参加志愿服务活动',
      '志愿服务（每月）',
    ]);
    // The limit came with the rule: the till refuses a second one this month for the same household.
    const manager = { id: t.clerkId, name: '店员', role: 'manager' as const };
    const target = { householdId: t.households[1]!.id, memberId: null };
    proposeAward(ctx, manager, { ...target, ruleId: monthly.id, amount: null, reason: '清扫村道' }, null);
    expect(() =>
      proposeAward(ctx, manager, { ...target, ruleId: monthly.id, amount: null, reason: '清扫村道' }, null),
    ).toThrow(/POINTS_LIMIT: .*"志愿服务（每月）" this month \(once per month\)/);
    expect((await sync.syncNow()).state).toBe('idle');
    const pending = await wang.call<ProposalView[]>('GET', `${at()}/proposals`);
    expect(pending.filter((p) => p.householdNumber === 'H0002').map((p) => [p.ruleName, p.amount])).toEqual([
      ['志愿服务（每月）', 400],
    ]);
  });
});
