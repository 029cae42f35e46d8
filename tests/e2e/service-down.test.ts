import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import { launchChromium, openCounterPage, screenshot } from '../support/browser';
import { type PrinterEmulator, startPrinterEmulator } from '../support/printer-emulator';
import { CLERK, expectText, login, pageCall, text, waitForCount } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';

/**
 * Issue 10 item 5: the status bar stayed green while the till service was dead. The real
 * host process (which is the till service in browser mode) is SIGKILLed mid-cart: the bar
 * says the service is restarting, then stopped, with what to do, and shows the reader,
 * printer and sync as unknown; Confirm says the same in plain words. The host comes back
 * on the same port: the bar is green again and the cart is still in the draft.
 *
 * The page runs on Playwright's clock, installed before it loads and flowing with real
 * time, so every heartbeat and timeout runs as it would; only the quarter of a minute a
 * clerk would wait before "restarting" turns into "stopped" is skipped (decision 0654).
 */
const NOW = Date.UTC(2031, 9, 17, 2);

describe('the status bar while the till service is dead', () => {
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    printer = await startPrinterEmulator();
    host = await startTillHost({ nowMs: NOW, printerPort: printer.port, printerWidth: 58 });
    browser = await launchChromium();
    page = await openCounterPage(browser, 'about:blank');
    await page.clock.install();
    await page.goto(host.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await printer?.close();
  });

  it('says the service is restarting, then stopped, marks readers and printer unknown, and recovers with the cart', async () => {
    await page.getByTestId('clerk-button').first().waitFor();
    await login(page);
    await pageCall(page, 'card.simulateTap', { uid: DEMO_CARDS.rich });
    await page.getByTestId('household-panel').waitFor();
    await page.getByTestId('product-tile').first().click();
    await waitForCount(page, 'cart-line', 1);
    const line = await text(page, 'cart-line');
    await expectText(page, 'status-printer', '打印机就绪');
    await expect(page.getByTestId('status-reader').getAttribute('class')).resolves.toContain('tone-good');

    const { dataDir, port } = host!;
    process.kill(host!.pid, 'SIGKILL');
    await page.getByTestId('service-down').waitFor({ timeout: 6_000 });
    await expectText(
      page,
      'service-down',
      /收银服务没有应答，正在重新启动……请稍等，不要关机。正在开的单已保存/,
    );
    await expectText(page, 'status-reader', '读卡器未知');
    await expectText(page, 'status-printer', '打印机未知');
    await expectText(page, 'status-sync', '同步未知');
    for (const id of ['status-reader', 'status-printer', 'status-sync'])
      await expect(page.getByTestId(id).getAttribute('class')).resolves.toContain('tone-unknown');

    // Confirm now: plain words, never "Failed to fetch"; the cart stays on screen.
    await page.getByTestId('confirm').click();
    await expectText(page, 'refusal', /收银服务没有应答（正在重新启动或已停止）/);
    expect(await text(page, 'refusal')).not.toMatch(/Failed to fetch/);
    await waitForCount(page, 'cart-line', 1);
    await screenshot(page, '92-service-restarting');

    // A quarter of a minute on and nothing brought it back: it is stopped, and the clerk is
    // told what to do. (The page's clock jumps; the next heartbeat still asks the dead port.)
    await page.clock.fastForward(15_000);
    await expectText(page, 'service-down', /^收银服务已停止，没有自己恢复。/, 10_000);
    await expectText(page, 'service-down', /请关掉收银程序再重新打开/);
    await screenshot(page, '93-service-stopped');
    await page.getByRole('button', { name: 'English' }).click();
    await expectText(
      page,
      'service-down',
      /The till service has stopped and did not come back\.Close the till program/,
    );
    await expectText(page, 'status-printer', 'Printerunknown');
    await screenshot(page, '94-service-stopped-en');
    await page.getByRole('button', { name: '中文' }).click();

    // The service comes back on the same port: green again, and the cart is in the draft.
    host = await startTillHost({ dataDir, port, nowMs: NOW, printerPort: printer!.port, printerWidth: 58 });
    await page.getByTestId('service-down').waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(page, 'status-printer', '打印机就绪', 15_000);
    await expect(page.getByTestId('status-reader').getAttribute('class')).resolves.toContain('tone-good');
    // The restarted service knows no session: the clerk logs in again and finds the cart.
    await page.getByTestId('clerk-button').filter({ hasText: CLERK.name }).click({ timeout: 15_000 });
    await page.keyboard.type(CLERK.pin);
    await page.keyboard.press('Enter');
    await waitForCount(page, 'cart-line', 1);
    expect(await text(page, 'cart-line')).toBe(line);
    await expect(page.getByTestId('refusal').count()).resolves.toBe(0);
    await screenshot(page, '95-service-back-cart-kept');
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
  });
});
