import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import { formatPoints } from '../../src/money/points';
import { launchChromium, openCounterPage, screenshot } from '../support/browser';
import { type Pcscd, startPcscd } from '../support/pcscd';
import { placeCard } from '../support/virtual-card';
import { expectText, login, pageCall, tapCard, waitForCount } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** 2026-11-20 10:00 in Shanghai: the till's clock starts here (never today's date). */
const START = Date.UTC(2026, 10, 20, 2, 0, 0);
const DAY = 86_400_000;
const CADRE = DEMO_CLERKS.find((c) => c.name === '陈书记')!;
const CADRE2 = DEMO_CLERKS.find((c) => c.name === '周主任')!;

/** Earning points at the till, through pcscd/vpcd and real Chromium. */
describe('points at the till: batch by taps, approval by a second cadre, lists, notice', () => {
  let pcscd: Pcscd | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-points-e2e-'));

  const startAt = async (nowMs: number) => {
    host = await startTillHost({ dataDir, nowMs });
    page = await openCounterPage(browser!, host.url);
    await page.getByTestId('clerk-button').first().waitFor();
  };

  beforeAll(async () => {
    pcscd = await startPcscd();
    browser = await launchChromium();
    await startAt(START);
    await login(page, CADRE.name, CADRE.pin);
  }, PCSCD_TURN_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await pcscd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openPoints = async () => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-points').click();
    await page.getByTestId('points-screen').waitFor();
  };
  const chooseRule = (name: string) =>
    page.getByTestId('rule-button').filter({ hasText: name }).first().click();
  /** One tap on the vpcd reader; waits for the line count or the refusal's words, then lifts the card. */
  const tap = async (uid: string, expect: { lines: number } | RegExp) => {
    const card = await placeCard({ uid });
    try {
      if (expect instanceof RegExp) await expectText(page, 'refusal', expect);
      else await waitForCount(page, 'batch-line', expect.lines);
    } finally {
      await card.remove();
    }
  };
  const balance = async (uid: string) => (await pageCall(page, 'card.lookup', { uid })).household!.balance;
  const approveAs = async (who: { name: string; pin: string }) => {
    await page.getByTestId('approver-button').filter({ hasText: who.name }).click();
    await page.keyboard.type(who.pin);
    await page.getByTestId('pin-submit').click();
  };

  it('a batch by card taps: a line, a mark per tap; the same person twice, a lost and an unknown card refused; undo; a typed house number', async () => {
    await openPoints();
    await chooseRule('志愿服务（每次）');
    await tap(DEMO_CARDS.rich, { lines: 1 });
    await tap(DEMO_CARDS.poor, { lines: 2 });
    await tap(DEMO_CARDS.rich, /已在本次名单中，不能重复记分/);
    await tap(DEMO_CARDS.lost, /此卡已挂失，不能记分/);
    await tap(DEMO_CARDS.unknown, /此卡未登记，不能记分：DEADBEEF/);
    await page.getByTestId('batch-query').fill('DL-003');
    await page.getByTestId('batch-query').press('Enter');
    await waitForCount(page, 'batch-line', 3);
    await page.getByTestId('batch-undo').click();
    await waitForCount(page, 'batch-line', 2);
    await page.getByTestId('batch-query').fill('dl-003');
    await page.getByTestId('batch-query').press('Enter');
    await waitForCount(page, 'batch-line', 3);
    await expectText(page, 'batch-count', '名单（3 人，共 3 分）');
    await page.getByTestId('batch-note').fill('12月义务植树');
    await screenshot(page, 'points-batch');
    const before = await balance(DEMO_CARDS.rich);
    await page.getByTestId('batch-propose').click();
    await expectText(page, 'batch-done', '已提交 3 条，等待另一位干部审批');
    // A proposal touches no balance.
    expect(await balance(DEMO_CARDS.rich)).toBe(before);
  });

  it('approval by a second cadre; the proposer giving their own PIN is refused at the till', async () => {
    const before = await balance(DEMO_CARDS.rich);
    await page.getByTestId('points-tab-pending').click();
    await waitForCount(page, 'pending-row', 3);
    await page.getByTestId('pending-approve').first().click();
    await approveAs(CADRE);
    await expectText(page, 'refusal', /不能审批自己提交的积分/);
    await page.getByTestId('refusal').scrollIntoViewIfNeeded();
    await screenshot(page, 'points-self-approval-refused');
    await approveAs(CADRE2);
    await waitForCount(page, 'pending-row', 2);
    for (const n of [1, 0]) {
      await page.getByTestId('pending-approve').first().click();
      await approveAs(CADRE2);
      if (n > 0) await waitForCount(page, 'pending-row', n);
    }
    await page.getByTestId('pending-none').waitFor();
    await screenshot(page, 'points-pending-done');
    expect(await balance(DEMO_CARDS.rich)).toBe(before + 100);
    const awards = await pageCall(page, 'points.list', { status: 'approved', limit: 3 });
    expect(awards.every((a) => a.proposedByName === CADRE.name && a.decidedByName === CADRE2.name)).toBe(
      true,
    );
  });

  it('a limit refused: once a month for the same person', async () => {
    await page.getByTestId('points-tab-batch').click();
    await chooseRule('垃圾分类达标');
    await tap(DEMO_CARDS.poor, { lines: 1 });
    await page.getByTestId('batch-note').fill('11月检查');
    await page.getByTestId('batch-propose').click();
    // The rule needs no approval: posted at once.
    await expectText(page, 'batch-done', '已记分 1 人');
    await tap(DEMO_CARDS.poor, /本月已获“垃圾分类达标”，每月限一次/);
    await screenshot(page, 'points-limit-refused');
  });

  let blackHousehold = '';
  it('black-listing: the deduction, checkout refused with the dates; an early lift of another household', async () => {
    const richBefore = await balance(DEMO_CARDS.rich);
    const rich = (await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.rich })).household!;
    const poor = (await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.poor })).household!;
    blackHousehold = rich.number;
    await page.getByTestId('points-tab-lists').click();
    for (const h of [rich, poor]) {
      await page.getByTestId('lists-number').fill(h.number);
      await page.getByTestId('lists-reason').fill('违规搭建');
      await chooseRule('列入黑榜');
      await page.getByTestId('black-add').click();
      await approveAs(CADRE2);
      await expectText(
        page,
        'lists-done',
        new RegExp(`${h.number} 2026-11-20 起暂停，至 2027-02-19（2027-02-20 起恢复）`),
      );
    }
    expect(await balance(DEMO_CARDS.rich)).toBe(richBefore - 3000);
    await screenshot(page, 'points-black-list');
    // Early lift of the other household: an approved entry naming the suspension.
    const listed = await page.getByTestId('black-row').count();
    await page.getByTestId('black-row').filter({ hasText: poor.number }).getByTestId('black-lift').click();
    await page.getByTestId('lists-reason').fill('已拆除违建');
    await approveAs(CADRE2);
    await expectText(page, 'lists-done', `${poor.number} ✓`);
    await waitForCount(page, 'black-row', listed - 1);
    await page.getByTestId('red-title').fill('文明家庭');
    await page.getByTestId('lists-number').fill(rich.number);
    await page.getByTestId('lists-reason').fill('孝老爱亲');
    await page.getByTestId('red-add').click();
    await expectText(page, 'lists-done', `${rich.number} 文明家庭 ✓`);
    await page.getByTestId('points-close').click();
    // At the counter: the black-listed household is refused with its dates, the lifted one buys.
    await tapCard(page, DEMO_CARDS.rich, 'household');
    await expectText(page, 'refusal', /2027-02-19（含），2027-02-20 起/);
    await expectText(page, 'household-status', '暂停兑换');
    await expect(page.getByTestId('confirm').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'points-checkout-suspended');
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
    await tapCard(page, DEMO_CARDS.poor, 'household');
    await expect(page.getByTestId('household-status').filter({ hasText: '暂停兑换' }).count()).resolves.toBe(
      0,
    );
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('the monthly notice: totals equal the ledger; the A4 PDF has the Chinese names and totals', async () => {
    await openPoints();
    await page.getByTestId('points-tab-notice').click();
    await page.getByTestId('notice-period').fill('2026-11');
    await page.getByTestId('notice-show').click();
    await page.getByTestId('notice').waitFor();
    const notice = await pageCall(page, 'points.notice', { period: '2026-11' });
    // The ledger's own sums for the village and month, from household statements.
    let ledgerNet = 0;
    for (const t of notice.totals) {
      const st = await pageCall(page, 'points.statement', {
        householdId: t.householdId,
        from: '2026-11-01',
        to: '2026-11-30',
      });
      const earned = st.lines.filter((l) => l.kind === 'award' || l.kind === 'deduction');
      expect(earned.reduce((s, l) => s + l.amount, 0)).toBe(t.net);
      ledgerNet += t.net;
    }
    expect(notice.net).toBe(ledgerNet);
    await expectText(
      page,
      'notice-sum',
      new RegExp(`净增 ${formatPoints(notice.net).replace('.', '\\.')} 分`),
    );
    expect(notice.black.map((b) => b.householdNumber)).toContain(blackHousehold);
    await screenshot(page, 'points-notice');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const dir = mkdtempSync(join(tmpdir(), 'jifen-notice-'));
    try {
      writeFileSync(join(dir, 'notice.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'notice.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain(`${notice.villageName} 2026-11 积分公示`);
      expect(text).toContain(notice.top10[0]!.name);
      expect(text).toContain(formatPoints(notice.top10[0]!.net));
      expect(text).toContain('黑榜');
      expect(text).not.toContain('积分登记与公示');
      mkdirSync(join(process.cwd(), 'test-output'), { recursive: true });
      writeFileSync(join(process.cwd(), 'test-output', 'points-notice.pdf'), pdf);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The large-screen display rotates through the notice; a house number shows that household.
    await page.getByTestId('notice-display-open').click();
    await page.getByTestId('display-top10').waitFor();
    await screenshot(page, 'points-display');
    await page.getByTestId('display-search').fill(notice.top10[0]!.householdNumber);
    await expectText(page, 'display-household', new RegExp(notice.top10[0]!.name));
    await screenshot(page, 'points-display-search');
    await page.getByTestId('display-close').click();
    // The household statement: its closing balance is the household's balance.
    await page.getByTestId('points-tab-statement').click();
    await page.getByTestId('statement-number').fill(notice.top10[0]!.householdNumber);
    await page.getByTestId('statement-from').fill('2026-11-01');
    await page.getByTestId('statement-to').fill('2026-11-30');
    await page.getByTestId('statement-show').click();
    const top = await pageCall(page, 'points.findHouseholds', { query: notice.top10[0]!.householdNumber });
    await expectText(
      page,
      'statement-sum',
      new RegExp(`期末 ${formatPoints(top[0]!.balance).replace('.', '\\.')} 分`),
    );
    await screenshot(page, 'points-statement');
    await page.getByTestId('points-close').click();
  });

  it('the suspension lifts itself after its last day (the till restarted on a later clock)', async () => {
    await host!.stop();
    await page.context().close();
    await startAt(START + 92 * DAY);
    await login(page, CADRE.name, CADRE.pin);
    await tapCard(page, DEMO_CARDS.rich, 'household');
    await expect(page.getByTestId('household-status').filter({ hasText: '暂停兑换' }).count()).resolves.toBe(
      0,
    );
    await expect(page.getByTestId('refusal').count()).resolves.toBe(0);
    await screenshot(page, 'points-suspension-over');
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
    // English second: the same screen in the other language.
    await page.getByRole('button', { name: 'English' }).click();
    await openPoints();
    await page.getByRole('heading', { name: 'Points: earning and notice' }).waitFor();
    await chooseRule('志愿服务（每次）');
    await page.getByText('Tap the cards one by one').waitFor();
    await screenshot(page, 'points-batch-en');
  });

  it('a manager edits the rule catalog; an amount with a third decimal is refused and nothing is written', async () => {
    await page.getByTestId('points-close').click();
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-logout').click();
    const manager = DEMO_CLERKS.find((c) => c.role === 'manager')!;
    await login(page, manager.name, manager.pin);
    await openPoints();
    await page.getByTestId('points-tab-rules').click();
    const rows = await page.getByTestId('rule-row').count();
    await page.getByTestId('rule-category').fill('贡献积分');
    await page.getByTestId('rule-name').fill('清扫河道');
    await page.getByTestId('rule-points').fill('1.255');
    await page.getByTestId('rule-personType').fill('全体');
    await page.getByTestId('rule-save').click();
    await expectText(page, 'refusal', /at most two decimals/);
    await expect(page.getByTestId('rule-row').count()).resolves.toBe(rows);
    await screenshot(page, 'points-rules-refused');
    await page.getByTestId('rule-points').fill('1.25');
    await page.getByTestId('rule-save').click();
    await waitForCount(page, 'rule-row', rows + 1);
    await page.getByTestId('rule-row').filter({ hasText: '清扫河道' }).waitFor();
    await screenshot(page, 'points-rules');
    const history = await pageCall(page, 'points.rules', {});
    expect(history.find((r) => r.name === '清扫河道')).toMatchObject({ points: 125, needsApproval: true });
  });
});
