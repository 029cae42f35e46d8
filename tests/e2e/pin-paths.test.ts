import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import { launchChromium, openCounterPage, screenshot } from '../support/browser';
import { CLERK, expectText, login, MANAGER, pageCall, waitForCount } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';

/**
 * Issue 10 item 6: anyone at the counter could lock the manager out by typing wrong PINs
 * at the login, which blocked voids during the queue. Wrong PINs now count per clerk and
 * per path (decision 0310): the manager still approves the void, and their right PIN
 * there lifts the login lock. Real host, real Chromium, the simulated reader of demo mode.
 */
const NOW = Date.UTC(2031, 9, 17, 2);

describe('wrong PINs for the manager at the login do not block a void', () => {
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    host = await startTillHost({ nowMs: NOW });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('takes the next PIN typed the moment a refusal shows', async () => {
    // A clerk may type again as soon as the answer is on screen; the pad must be ready by then.
    // The page types the next wrong PIN in the same instant the first refusal appears.
    const stockkeeper = DEMO_CLERKS.find((c) => c.role === 'stockkeeper')!;
    await page.getByTestId('clerk-button').filter({ hasText: stockkeeper.name }).click();
    await page.evaluate(() => {
      const watch = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="refusal"]')?.textContent?.includes('还可尝试 4 次'))
          return;
        watch.disconnect();
        for (const key of ['0', '0', '0', '0', 'Enter'])
          window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }));
      });
      watch.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await expectText(page, 'refusal', /还可尝试 3 次/);
  });

  it('a clerk types wrong PINs for the manager, sees the count and the wait; the manager still voids', async () => {
    await page.getByTestId('clerk-button').filter({ hasText: MANAGER.name }).click();
    for (let left = 4; left >= 1; left--) {
      await page.keyboard.type('0000');
      await page.keyboard.press('Enter');
      await expectText(page, 'refusal', new RegExp(`还可尝试 ${left} 次`));
    }
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await expectText(page, 'refusal', /已连续错 5 次，请 5 分钟后再试（再错 5 次须店长解锁）/);
    // The manager's right PIN at the login must wait now too.
    await page.keyboard.type(MANAGER.pin);
    await page.keyboard.press('Enter');
    await expectText(page, 'refusal', /请 5 分钟后再试/);
    await screenshot(page, '90-manager-login-wait');

    // The queue goes on: the clerk logs in and sells.
    await login(page, CLERK.name, CLERK.pin);
    await pageCall(page, 'card.simulateTap', { uid: DEMO_CARDS.rich });
    await page.getByTestId('household-panel').waitFor();
    await page.getByTestId('product-tile').first().click();
    await waitForCount(page, 'cart-line', 1);
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    const sale = (await pageCall(page, 'sale.last', {}))!;
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();

    // The villager changes their mind: the manager approves the void with their own PIN.
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-void').click();
    await page.getByTestId('sale-summary').waitFor();
    await page.getByTestId('manager-button').filter({ hasText: MANAGER.name }).click();
    await page.keyboard.type(MANAGER.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('void-done').waitFor();
    await screenshot(page, '91-void-despite-login-wait');
    expect((await pageCall(page, 'sale.get', { saleId: sale.saleId })).voided).toBe(true);
    await page.getByTestId('modal-close').click();

    // The manager's right PIN on the approval path lifted the wait at the login.
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-logout').click();
    await login(page, MANAGER.name, MANAGER.pin);
    await expectText(page, 'status-clerk', MANAGER.name);
  });
});
