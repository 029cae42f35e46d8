import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import { screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import { type PrinterEmulator, startPrinterEmulator } from '../support/printer-emulator';
import { CLERK, login, MANAGER, pageCall, tapCard } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import { startTillHost, type TillHost, testNowMs } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** ISO weekday (1 = Monday) in Shanghai on the till's clock, and another day. */
function weekdays(): { today: number; other: number } {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'Asia/Shanghai' }).format(
    testNowMs(),
  );
  const today = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
  return { today, other: (today % 7) + 1 };
}

/** A manager sets the printer, reader and redemption days on the settings screen; they survive a restart. */
describe('the settings screen', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let second: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
    second = await startPrinterEmulator();
    await page.getByTestId('clerk-button').first().waitFor();
  }, PCSCD_TURN_TIMEOUT);

  afterAll(async () => {
    await stopCounterRig({ pcscd, printer, host, browser });
    await second?.close();
  });

  it('is for managers only', async () => {
    await login(page, CLERK.name, CLERK.pin);
    await expect(pageCall(page, 'settings.get', {})).rejects.toThrow(/FORBIDDEN/);
    await page.getByTestId('open-menu').click();
    await expect(page.getByTestId('menu-settings').count()).resolves.toBe(0);
    await page.getByTestId('menu-logout').click();
  });

  it('moves the receipts to another TCP printer at 80 mm GBK, with a test print', async () => {
    await login(page, MANAGER.name, MANAGER.pin);
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-dialog').waitFor();
    await expect(page.getByTestId('printer-port').inputValue()).resolves.toBe(String(printer!.port));
    await page.getByTestId('printer-host').fill('127.0.0.1');
    await page.getByTestId('printer-port').fill(String(second!.port));
    await page.getByTestId('printer-width').selectOption('80');
    await page.getByTestId('printer-charset').selectOption('GBK');
    await page.getByTestId('printer-save').click();
    await page.getByTestId('settings-message').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('printer-test').click();
    await page.getByTestId('settings-message').filter({ hasText: '测试页已送打印机' }).waitFor();
    await second!.waitForDocuments(1, 30_000);
    // The township sets this shop's header and footer: shown, not editable here.
    await expect(page.getByTestId('shop-header').isDisabled()).resolves.toBe(true);
    await screenshot(page, '64-settings');
    await page.getByTestId('modal-close').click();
  });

  it('a redemption day set by the shop refuses redemption on other days', async () => {
    const { other } = weekdays();
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-dialog').waitFor();
    await page
      .locator('.day-check input')
      .nth(other - 1)
      .check();
    await page.getByTestId('shop-save').click();
    await page.getByTestId('settings-message').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('modal-close').click();
    await tapCard(page, DEMO_CARDS.rich);
    await page.getByTestId('product-tile').first().click();
    await page.getByTestId('confirm').click();
    await page.locator('[data-testid="refusal"][data-code="OUTSIDE_REDEMPTION_WINDOW"]').waitFor();
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
  });

  it('the settings survive a restart without flags: the sale prints on the chosen printer', async () => {
    const { dataDir, port } = host!;
    await host!.stop();
    host = await startTillHost({ dataDir, port });
    await page.reload();
    await page.getByTestId('clerk-button').first().waitFor({ timeout: 30_000 });
    await login(page, MANAGER.name, MANAGER.pin);
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-settings').click();
    await page.getByTestId('settings-dialog').waitFor();
    await expect(page.getByTestId('printer-port').inputValue()).resolves.toBe(String(second!.port));
    await expect(page.getByTestId('printer-width').inputValue()).resolves.toBe('80');
    await expect(page.getByTestId('printer-charset').inputValue()).resolves.toBe('GBK');
    const { other } = weekdays();
    await expect(
      page
        .locator('.day-check input')
        .nth(other - 1)
        .isChecked(),
    ).resolves.toBe(true);
    await page
      .locator('.day-check input')
      .nth(other - 1)
      .uncheck();
    await page.getByTestId('shop-save').click();
    await page.getByTestId('settings-message').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('modal-close').click();

    const printed = second!.documents.length;
    await tapCard(page, DEMO_CARDS.rich);
    await page.getByTestId('product-tile').first().click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
    const [doc] = (await second!.waitForDocuments(printed + 1, 30_000)).slice(-1);
    const sale = (await pageCall(page, 'sale.last', {}))!;
    expect(doc!.text).toContain(sale.receiptNo);
    expect(doc!.text).toContain('文明积分 兑换幸福');
    await page.keyboard.press('Enter');
  });
});
