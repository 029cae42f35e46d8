import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import { newDeviceKeys, signWith } from '../../main/sync/keys';
import { formatPoints } from '../../src/money/points';
import { parsePlate, signPlate } from '../../src/points/door-plate';
import { launchChromium, openCounterPage, SCREENSHOT_DIR, screenshot } from '../support/browser';
import { type PrinterEmulator, startPrinterEmulator } from '../support/printer-emulator';
import { expectText, login, MANAGER, pageCall, waitForCount } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';

const CADRE = DEMO_CLERKS.find((c) => c.name === '陈书记')!;

/**
 * Types a QR's text the way a keyboard-wedge scanner does: one keydown per character, a
 * burst with no pause, then Enter, into the page's own key listeners (renderer/scan/wedge.ts).
 * Dispatched inside the page so the burst stays a burst on a loaded machine.
 */
async function scanQr(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...t.split(''), 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }
  }, text);
}

/** Door plates through the keyboard wedge in Chromium, the print queue to the printer emulator. */
describe('household door plates at the till', () => {
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let plate = '';
  let forged = '';
  let household = { id: '', number: '' };

  beforeAll(async () => {
    printer = await startPrinterEmulator();
    host = await startTillHost({ printerPort: printer.port, printerWidth: 58 });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
    await login(page, CADRE.name, CADRE.pin);
    const rich = (await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.rich })).household!;
    household = { id: rich.id, number: rich.number };
    const sheet = await pageCall(page, 'plate.sheet', {});
    plate = sheet.plates.find((p) => p.householdId === rich.id)!.plate;
    // A plate that looks right, signed with a key that is not the township's.
    const townshipId = 'a'.repeat(8);
    forged = signPlate({ townshipId, householdId: parsePlate(plate)!.householdId, version: 1 }, (t) =>
      signWith(newDeviceKeys().privateKey, t),
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await printer?.close();
  });

  const openPoints = async (tab: string) => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-points').click();
    await page.getByTestId('points-screen').waitFor();
    await page.getByTestId(`points-tab-${tab}`).click();
  };

  it('the printable plate sheet: one signed QR card per household, as an A4 PDF', async () => {
    await openPoints('plates');
    await page.getByTestId('plates-show').click();
    await page.getByTestId('plate-card').first().waitFor();
    expect(await page.getByTestId('plate-card').count()).toBeGreaterThan(3);
    await expect(page.getByTestId('plates-redeem').count()).resolves.toBe(0);
    await screenshot(page, 'plates-sheet');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(process.cwd(), 'test-output', 'door-plates.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(household.number);
    expect(text).toContain('门牌二维码');
    expect(text).not.toContain('积分登记与公示');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '1',
      file,
      join(SCREENSHOT_DIR, 'plates-sheet-pdf'),
    ]);
  });

  it('scoring at the door: the plate scanned on the award screen adds its household; a forged one is refused', async () => {
    await page.getByTestId('points-tab-batch').click();
    await page.getByTestId('rule-button').filter({ hasText: '志愿服务（每次）' }).first().click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await scanQr(page, plate);
    await waitForCount(page, 'batch-line', 1);
    await expectText(page, 'batch-line', new RegExp(household.number));
    await scanQr(page, forged);
    await expectText(page, 'refusal', /门牌二维码无效/);
    await expect(page.getByTestId('batch-line').count()).resolves.toBe(1);
    await screenshot(page, 'plates-award-scan');
    await page.getByTestId('points-close').click();
  });

  it('at the counter with the setting off: the plate is refused with the reason and opens nothing', async () => {
    await page.getByTestId('waiting-screen').waitFor();
    await scanQr(page, plate);
    await expectText(page, 'refusal', /本店不允许凭门牌兑换，请刷卡/);
    await expect(page.getByTestId('cart-screen').count()).resolves.toBe(0);
    await screenshot(page, 'plates-counter-off');
    await page.getByRole('button', { name: '下一位' }).click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('a manager turns it on; the plate then opens a sale whose receipt says it was by door plate', async () => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-logout').click();
    await login(page, MANAGER.name, MANAGER.pin);
    await openPoints('plates');
    await page.getByTestId('plates-redeem').check();
    await page.getByTestId('plates-save').click();
    await expectText(page, 'plates-saved', /允许凭门牌兑换/);
    await screenshot(page, 'plates-setting-on');
    await page.getByTestId('points-close').click();

    await page.getByTestId('waiting-screen').waitFor();
    const before = (await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.rich })).household!.balance;
    await scanQr(page, plate);
    await page.getByTestId('cart-screen').waitFor();
    await expectText(page, 'household-by-plate', /凭门牌兑换/);
    await expectText(page, 'household-number', new RegExp(household.number));
    const towel = (await pageCall(page, 'catalog.favourites', {})).find((p) => !p.isService && p.barcode)!;
    await page.getByTestId('product-tile').filter({ hasText: towel.name }).first().click();
    await waitForCount(page, 'cart-line', 1);
    await screenshot(page, 'plates-counter-cart');
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
    await expectText(page, 'success-balance', formatPoints(before - towel.pricePoints));
    await screenshot(page, 'plates-counter-sold');
    const docs = await printer!.waitForDocuments(1);
    const receipt = docs.at(-1)!;
    expect(receipt.text).toContain('凭门牌兑换 BY DOOR PLATE');
    expect(receipt.text).toContain(household.number);
    expect(receipt.text).toContain(formatPoints(towel.pricePoints));
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();

    // A forged plate opens nothing, setting on or off.
    await scanQr(page, forged);
    await expectText(page, 'refusal', /门牌二维码无效/);
    await expect(page.getByTestId('cart-screen').count()).resolves.toBe(0);
    await screenshot(page, 'plates-counter-forged');
    await page.getByRole('button', { name: '下一位' }).click();
  });

  it('the monthly notice prints short on the receipt printer from its screen', async () => {
    const printed = printer!.documents.length;
    await openPoints('notice');
    await page.getByTestId('notice-show').click();
    await page.getByTestId('notice').waitFor();
    await page.getByTestId('notice-print-slip').click();
    await page.getByTestId('notice-slip-queued').waitFor();
    await screenshot(page, 'plates-notice-slip');
    const docs = await printer!.waitForDocuments(printed + 1);
    const slip = docs.at(-1)!;
    const notice = await pageCall(page, 'points.notice', {});
    expect(slip.text).toContain(`${notice.villageName} ${notice.period}`);
    expect(slip.text).toMatch(new RegExp(`净增 Net\\s+${formatPoints(notice.net).replace('.', '\\.')}\\n`));
    await page.getByTestId('points-close').click();
  });
});
