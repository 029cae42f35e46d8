import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS, seedDemo } from '../../main/demo/seed';
import { openStore } from '../../main/store';
import { applyUncounted } from '../../main/store/township-verdicts';
import { contextFor } from '../../main/till';
import { PLATE_REDEEM_KEY } from '../../main/till/door-plates';
import { proposeAward } from '../../main/till/points-awards';
import { ManualClock } from '../../src/clock';
import { formatPoints } from '../../src/money/points';
import { launchChromium, openCounterPage, screenshot } from '../support/browser';
import { expectText, login, pageCall } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';

/** 2026-11-20 10:00 in Shanghai. */
const START = Date.UTC(2026, 10, 20, 2, 0, 0);
const CADRE = DEMO_CLERKS.find((c) => c.name === '陈书记')!;
const OTHER = DEMO_CLERKS.find((c) => c.name === '周主任')!;

/** What the clerk sees of an award the township does not count (decision 0720), in Chromium. */
describe('an award the township does not count, at the till', () => {
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-verdict-e2e-'));
  let household = { id: '', number: '', plate: '', balance: 0 };

  beforeAll(async () => {
    // The demo till gave an award that the township's pull then named "not counted"
    // (tests/points-verdicts.test.ts drives that pull through a real server).
    const file = join(dataDir, 'till.db');
    seedDemo(file, { now: START });
    const store = openStore(file, { clock: new ManualClock(START) });
    const h = store
      .sql(
        `SELECT h.id, h.number, h.plate FROM cards c JOIN households h ON h.id = c.household_id WHERE c.uid = ?`,
      )
      .get(DEMO_CARDS.rich) as { id: string; number: string; plate: string };
    const before = store.balance(h.id);
    const idOf = (name: string) =>
      store.sql('SELECT id FROM clerks WHERE name = ?').pluck().get(name) as string;
    const award = proposeAward(
      contextFor(store),
      { id: idOf(CADRE.name), name: CADRE.name, role: 'cadre' },
      { householdId: h.id, memberId: null, ruleId: null, amount: 800, reason: '清扫村道' },
      { id: idOf(OTHER.name), name: OTHER.name, role: 'cadre' },
    );
    store.transaction(() =>
      applyUncounted(store.db, [{ entryId: award.postedEntryId!, reason: 'approver-role' }], START),
    );
    store.setSetting(PLATE_REDEEM_KEY, true);
    expect(store.balance(h.id)).toBe(before);
    household = { ...h, balance: before };
    store.close();
    host = await startTillHost({ dataDir, nowMs: START });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
    await login(page, CADRE.name, CADRE.pin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the household panel and the statement show it struck through, with the reason, outside the balance', async () => {
    await page.evaluate((t) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...t.split(''), 'Enter'])
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }, household.plate);
    await page.getByTestId('cart-screen').waitFor();
    await expectText(page, 'uncounted-note', '乡镇不计入：审批人没有审批权限');
    const line = page.getByTestId('recent-line').filter({ hasText: '清扫村道' });
    expect(await line.locator('.recent-amount').getAttribute('class')).toContain('uncounted');
    const view = (await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.rich })).household!;
    expect(view.balance).toBe(household.balance);
    expect(await page.getByTestId('household-panel').textContent()).toContain(
      formatPoints(household.balance),
    );
    await screenshot(page, 'verdict-household');

    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-points').click();
    await page.getByTestId('points-tab-statement').click();
    await page.getByTestId('statement-number').fill(household.number);
    await page.getByTestId('statement-from').fill('2026-11-01');
    await page.getByTestId('statement-to').fill('2026-11-30');
    await page.getByTestId('statement-show').click();
    const row = page.getByTestId('statement-line').filter({ hasText: '清扫村道' });
    await expect.poll(() => row.textContent()).toContain('乡镇不计入：审批人没有审批权限');
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(2)).toEqual([formatPoints(800), formatPoints(household.balance)]);
    await screenshot(page, 'verdict-statement');
  });
});
