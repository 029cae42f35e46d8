import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import type { ProductView } from '../../src/api/contract';
import { formatPoints } from '../../src/money/points';
import { scanBarcode, screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { expectText, login, MANAGER, pageCall, tapCard, text, waitForCount } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import { verifyLedger } from './helpers/ledger';
import type { TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** The saleId of the draft cart kept in the page's IndexedDB (Dexie), or null. */
function draftSaleId(page: Page): Promise<string | null> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('jifen-till');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('drafts').objectStore('drafts').get('current');
      get.onsuccess = () => { resolve(get.result ? get.result.saleId : null); open.result.close(); };
      get.onerror = () => reject(get.error);
    };
  })`) as Promise<string | null>;
}

/**
 * The counter end to end: real till service behind the browser host, real pcscd with a
 * virtual card on vpcd, a printer emulator on a TCP socket, Debian's Chromium.
 */
describe('checkout at the counter', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let goods: ProductView[] = [];

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  it('logs a clerk in by PIN and waits for a card', async () => {
    await page.getByTestId('clerk-button').first().waitFor();
    await screenshot(page, '01-login');
    await login(page);
    await expectText(page, 'status-clerk', /王秀兰/);
    await screenshot(page, '02-waiting-for-card');
    goods = (await pageCall(page, 'catalog.favourites', {})).filter((p) => !p.isService && p.barcode);
    expect(goods.length).toBeGreaterThanOrEqual(2);
  });

  it('tap, scan two products, confirm: the balance drops by the total and the receipt prints', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const before = await text(page, 'household-balance');
    await expectText(page, 'household-number', /户号 \S+/);
    await screenshot(page, '03-household');

    const [a, b] = [goods[0]!, goods[1]!];
    await scanBarcode(page, a.barcode!);
    await scanBarcode(page, b.barcode!);
    await scanBarcode(page, b.barcode!);
    await waitForCount(page, 'cart-line', 2);
    const total = a.pricePoints + 2 * b.pricePoints;
    await expectText(page, 'cart-total', formatPoints(total));
    await screenshot(page, '04-cart');

    // Focus is not in an input: Enter confirms (the scanner's own Enter never does).
    await page.locator('body').click({ position: { x: 5, y: 740 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    const beforeHundredths = Math.round(Number(before) * 100);
    await expectText(page, 'success-balance', formatPoints(beforeHundredths - total));
    await screenshot(page, '05-success');

    const [receipt] = await printer!.waitForDocuments(1);
    expect(receipt!.cut).toBe(true);
    const sale = await pageCall(page, 'sale.last', {});
    expect(receipt!.text).toContain(a.name);
    expect(receipt!.text).toContain(b.name);
    expect(receipt!.text).toContain(sale!.receiptNo);
    expect(receipt!.text).toContain(formatPoints(total));
    expect(receipt!.text).toContain(formatPoints(sale!.balanceBefore));
    expect(receipt!.text).toContain(formatPoints(sale!.balanceAfter));
    expect(receipt!.text).toContain(await text(page, 'status-shop'));

    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('keeps the cart through a reload, and commits it once', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const before = await text(page, 'household-balance');
    const item = goods[2] ?? goods[0]!;
    await scanBarcode(page, item.barcode!);
    await page.getByRole('button', { name: '加一' }).click();
    await expectText(page, 'cart-qty', '2');

    const draftBefore = await draftSaleId(page);
    expect(draftBefore).toMatch(/^[0-9a-f-]{36}$/);

    await page.reload();
    await page.getByTestId('cart-line').waitFor();
    await expectText(page, 'cart-qty', '2');
    await expectText(page, 'household-balance', before);
    await expect(draftSaleId(page)).resolves.toBe(draftBefore);
    await screenshot(page, '06-cart-after-reload');

    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
    // The sale the till recorded is the one the cart was started with, and the draft is gone.
    await expect(pageCall(page, 'sale.last', {}).then((s) => s?.saleId)).resolves.toBe(draftBefore);
    await expect.poll(() => draftSaleId(page)).toBeNull();
    const beforeHundredths = Math.round(Number(before) * 100);
    await expectText(page, 'success-balance', formatPoints(beforeHundredths - 2 * item.pricePoints));
    await page.getByTestId('next-customer').click();
  });

  it('voids the last sale with the manager PIN: points and stock come back', async () => {
    const sale = (await pageCall(page, 'sale.last', {}))!;
    const productId = sale.lines[0]!.productId;
    const stockBefore = (
      await pageCall(page, 'catalog.search', { query: sale.lines[0]!.name, limit: 5 })
    ).find((p) => p.id === productId)!.stock!;

    await page.getByTestId('open-menu').click();
    await screenshot(page, '07-menu');
    await page.getByTestId('menu-void').click();
    await page.getByTestId('sale-summary').waitFor();
    await page.getByTestId('manager-button').filter({ hasText: MANAGER.name }).click();
    await page.keyboard.type(MANAGER.pin);
    await screenshot(page, '08-void-manager-pin');
    await page.keyboard.press('Enter');
    await page.getByTestId('void-done').waitFor();
    await screenshot(page, '09-void-done');
    await page.getByTestId('modal-close').click();

    await tapCard(page, DEMO_CARDS.rich);
    await expectText(page, 'household-balance', formatPoints(sale.balanceBefore));
    const stockAfter = (
      await pageCall(page, 'catalog.search', { query: sale.lines[0]!.name, limit: 5 })
    ).find((p) => p.id === productId)!.stock!;
    expect(stockAfter).toBe(stockBefore + sale.lines[0]!.qty);
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('closes the shift with a summary, and the ledger verifies', async () => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-shift-close').click();
    await page.getByTestId('shift-summary').waitFor();
    await page.getByTestId('shift-close-confirm').click();
    await page.getByText('已交班').waitFor();
    await screenshot(page, '10-shift-closed');

    await host!.stop();
    const report = verifyLedger(host!.dataDir);
    expect(report.discrepancies).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
