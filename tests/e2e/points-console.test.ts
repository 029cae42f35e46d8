import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/store';
import { newId } from '../../src/ids';
import { OfficerApi } from '../support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from '../support/township';
import { type ConsoleRig, consoleShot, signIn, startConsoleRig } from './helpers/console-rig';

/**
 * The console's points pages in Chromium (decision 0920): an officer adds a rule and edits
 * it (its history kept), proposes points and is refused approving them himself; a second
 * officer approves it, and rejects a till's proposal with a reason; the overdraft review
 * lists what ingest flagged. One dialect: the server tests cover both.
 */
const NOW = Date.UTC(2027, 3, 15, 2, 0, 0);
const WANG = { username: 'wang', password: 'qingshan-officer-pw', name: '王主任' };
const ZHAO = { username: 'zhao', password: 'qingshan-officer-2', name: '赵科长' };

describe('points in the console, in Chromium', () => {
  let rig: ConsoleRig;
  let admin: OfficerApi;
  let t: Township;
  let till: RawDevice;
  let wang: Page;
  let zhao: Page;

  beforeAll(async () => {
    rig = await startConsoleRig({ nowMs: NOW });
    admin = new OfficerApi(rig.base);
    await admin.login();
    t = await seedTownship(admin, { villages: 1, shopsPerVillage: 1, households: 3 });
    for (const o of [WANG, ZHAO])
      await admin.call('POST', '/api/officers', { ...o, role: 'officer', townshipId: t.townshipId });
    till = new RawDevice(rig.base, t.shopIds[0]!, rig.server.clock);
    till.clerkId = t.clerkId;
    await till.enroll(admin);
    ({ page: wang } = await rig.newPage());
    await signIn(wang, rig.base, WANG.username, WANG.password);
    ({ page: zhao } = await rig.newPage());
    await signIn(zhao, rig.base, ZHAO.username, ZHAO.password);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  const balance = async (householdId: string) =>
    (await admin.call<Record<string, number>>('GET', `/api/townships/${t.townshipId}/balances`))[
      householdId
    ] ?? 0;

  it('an officer adds a rule, is told off for three decimals, edits it and sees its history', async () => {
    await wang.goto(`${rig.base}/console/#/rules`);
    const form = wang.getByRole('form', { name: '新增规则' });
    await form.getByLabel('类别').fill('志愿服务');
    await form.getByLabel('名称').fill('参加志愿活动');
    await form.getByLabel('分值').fill('2.505');
    await form.getByLabel('限制').selectOption('month');
    await form.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('分值要写成数字，可以是负数（扣分），最多两位小数，不能是 0');
    await form.getByLabel('分值').fill('2.5');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => wang.getByRole('status').textContent()).toContain('已保存“参加志愿活动”');
    const row = wang.locator('tr[data-rule="参加志愿活动"]');
    await expect.poll(() => row.textContent()).toBe('志愿服务参加志愿活动2.5全体每月一次是是修改历史');

    await row.getByRole('button', { name: '修改' }).click();
    const edit = wang.getByRole('form', { name: '修改' });
    await edit.getByLabel('名称').fill('参加志愿服务活动');
    await edit.getByLabel('分值').fill('3');
    await edit.getByRole('button', { name: '保存' }).click();
    const edited = wang.locator('tr[data-rule="参加志愿服务活动"]');
    await expect.poll(() => edited.textContent()).toContain('参加志愿服务活动3全体每月一次');
    await edited.getByRole('button', { name: '历史' }).click();
    const history = wang.getByTestId('rule-history').locator('li');
    await expect.poll(() => history.allTextContents()).toHaveLength(2);
    const lines = await history.allTextContents();
    expect(lines[0]).toContain('参加志愿活动 · 2.5 · 全体 · 每月一次');
    expect(lines[1]).toContain('参加志愿服务活动 · 3 · 全体 · 每月一次');
    expect(lines[1]).toContain('王主任 修改');
    await consoleShot(wang, 'rules');
  });

  it('a second officer approves; self-approval is refused on screen; a till proposal is rejected with a reason', async () => {
    const [h0, h1] = [t.households[0]!, t.households[1]!];
    // A till's proposal for H0002 arrives with its push.
    const ruleId = (await zhao.evaluate(
      async (tw) =>
        (
          (await (await fetch(`/console/api/townships/${tw}/rules`)).json()) as { id: string; name: string }[]
        ).find((r) => r.name === '参加志愿服务活动')!.id,
      t.townshipId,
    )) as string;
    const [fromTill] = till.append(1, () => ({
      kind: 'points.propose',
      body: {
        householdId: h1.id,
        memberId: null,
        ruleId,
        ruleName: '参加志愿服务活动',
        amount: 300,
        reason: '清扫村道',
        proposedBy: t.clerkId,
        batchId: null,
        reverses: null,
      },
    }));
    expect((await till.post('/sync/push', { entries: [fromTill] })).status).toBe(200);

    await wang.goto(`${rig.base}/console/#/approvals`);
    const propose = wang.getByRole('form', { name: '提交积分' });
    await propose.getByLabel('户号').fill('H0001');
    await propose.getByLabel('规则').selectOption({ label: '志愿服务 · 参加志愿服务活动 (3)' });
    await propose.getByLabel('事由（可不填）').fill('帮扶孤寡老人');
    await propose.getByRole('button', { name: '提交审批' }).click();
    await expect.poll(() => propose.getByRole('status').textContent()).toBe('已提交，等待另一位干部审批');
    const mine = wang.locator('tr[data-household="H0001"]');
    await expect.poll(() => mine.textContent()).toContain('参加志愿服务活动3帮扶孤寡老人王主任控制台');
    await mine.getByRole('button', { name: '通过' }).click();
    await expect
      .poll(() => wang.getByRole('alert').first().textContent())
      .toBe('不能审批自己提交的积分，请另一位干部审批');
    expect(await balance(h0.id)).toBe(0);
    await consoleShot(wang, 'approvals-self-refused');

    await zhao.goto(`${rig.base}/console/#/approvals`);
    const theirs = zhao.locator('tr[data-household="H0001"]');
    await theirs.getByRole('button', { name: '通过' }).click();
    await expect.poll(() => zhao.getByRole('status').first().textContent()).toBe('已通过：H0001 3 分');
    await expect.poll(() => balance(h0.id)).toBe(300);
    const tills = zhao.locator('tr[data-household="H0002"]');
    await expect.poll(() => tills.textContent()).toContain('清扫村道店员');
    await tills.getByRole('button', { name: '驳回' }).click();
    await tills.getByLabel('驳回理由（必填）').fill('当天未到场');
    await tills.getByRole('button', { name: '确认驳回' }).click();
    await expect.poll(() => zhao.getByRole('status').first().textContent()).toBe('已驳回：H0002');
    expect(await balance(h1.id)).toBe(0);
    await zhao.getByRole('button', { name: '全部' }).click();
    await expect
      .poll(() => zhao.locator('tr[data-household="H0001"]').textContent())
      .toContain('已通过赵科长');
    await expect
      .poll(() => zhao.locator('tr[data-household="H0002"]').textContent())
      .toContain('已驳回当天未到场赵科长');
    await consoleShot(zhao, 'approvals');

    // Nothing is left waiting for the first officer either.
    await wang.getByRole('button', { name: '全部' }).click();
    await wang.getByRole('button', { name: '待审批' }).click();
    await expect.poll(() => wang.getByText('没有需要审批的积分').count()).toBe(1);
  });

  it('the overdraft review lists an award approved by a clerk without the approver role, not counted', async () => {
    const clerk = newId({ now: () => NOW });
    await admin.call('PUT', `/api/townships/${t.townshipId}/master`, {
      clerks: [
        {
          id: clerk,
          name: '收银员小周',
          role: 'clerk',
          shopId: null,
          pinHash: hashPin('1111'),
          active: true,
        },
      ],
    });
    const h2 = t.households[2]!;
    const entries = till.append(1, () => {
      const e = bodies.award(h2.id, 500);
      return { ...e, body: { ...e.body, proposedBy: t.clerkId, approvedBy: clerk } };
    });
    expect((await till.post('/sync/push', { entries })).status).toBe(200);
    expect(await balance(h2.id)).toBe(0);
    await wang.goto(`${rig.base}/console/#/overdrafts`);
    const flag = wang.getByTestId('points-flags').locator('tr[data-household="H0003"]');
    await expect.poll(() => flag.textContent()).toContain('审批人没有审批权限，未计入');
    expect(await flag.textContent()).toContain('5否');
    await flag.getByRole('button', { name: '处理' }).click();
    await flag.getByLabel('处理说明（必填）').fill('已和收银员核实，由村干部重新审批');
    await flag.getByRole('button', { name: '标记为已处理' }).click();
    await expect.poll(() => flag.textContent()).toContain('已和收银员核实，由村干部重新审批王主任');
    await consoleShot(wang, 'points-flags');
  });

  it('reads in English: the rules and the decided proposals', async () => {
    const { page } = await rig.newPage('en');
    await signIn(page, rig.base, WANG.username, WANG.password);
    await page.goto(`${rig.base}/console/#/rules`);
    await expect
      .poll(() => page.locator('tr[data-rule="参加志愿服务活动"]').textContent())
      .toContain('参加志愿服务活动3全体Once a monthYesYesEditHistory');
    await page.goto(`${rig.base}/console/#/approvals`);
    await page.getByRole('button', { name: 'All' }).click();
    await expect
      .poll(() => page.locator('tr[data-household="H0002"]').textContent())
      .toContain('Rejected当天未到场');
    await consoleShot(page, 'approvals-en');
  });
});
