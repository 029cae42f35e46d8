import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import type { ProductView } from '../../src/api/contract';
import { formatPoints } from '../../src/money/points';
import { scanBarcode, screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { CLERK, expectText, MANAGER, pageCall, tapCard, text, waitForCount } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import { startTillHost, type TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** Keyboard alone in English, a printer out of paper, and returning items. */
describe('the counter, keyboard and printer', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let goods: ProductView[] = [];

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 80 }));
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  it('works from the keyboard alone, in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Clerk login').waitFor();
    // The language stays chosen across a reload; then the first clerk has the focus:
    // Enter picks them, digits and Enter log in.
    await page.reload();
    await page.getByTestId('clerk-button').first().waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toContain(
      CLERK.name,
    );
    await page.keyboard.press('Enter');
    await page.keyboard.type(CLERK.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-open').or(page.getByTestId('waiting-screen')).first().waitFor();
    if (await page.getByTestId('shift-open').isVisible()) await page.keyboard.press('Enter');
    await page.getByText('Tap the points card').waitFor();
    await screenshot(page, '30-en-waiting');

    goods = (await pageCall(page, 'catalog.favourites', {})).filter((p) => !p.isService && p.barcode);
    await tapCard(page, DEMO_CARDS.rich);
    const before = Math.round(Number(await text(page, 'household-balance')) * 100);
    const found = await pageCall(page, 'catalog.search', { query: 'mj', limit: 24 });
    expect(found.length).toBeGreaterThan(0);

    await page.keyboard.press('F2');
    await page.keyboard.type('mj');
    await page.getByTestId('product-tile').filter({ hasText: found[0]!.name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await scanBarcode(page, goods[0]!.barcode!);
    await waitForCount(page, 'cart-line', 2);
    await page.keyboard.press('+');
    await expectText(page, 'cart-total', formatPoints(found[0]!.pricePoints + 2 * goods[0]!.pricePoints));
    await screenshot(page, '31-en-cart');
    await page.keyboard.press('Enter');
    await page.getByText('Redeemed').waitFor();
    await expectText(
      page,
      'success-balance',
      formatPoints(before - found[0]!.pricePoints - 2 * goods[0]!.pricePoints),
    );
    await screenshot(page, '32-en-success');
    await printer!.waitForDocuments(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('a printer out of paper: the sale stands, the receipt waits, then prints and reprints', async () => {
    const printed = printer!.documents.length;
    printer!.setStatus('paper-out');
    await tapCard(page, DEMO_CARDS.rich);
    await page.getByTestId('product-tile').first().click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
    await expectText(page, 'status-printer', /缺纸/, 30_000);
    await page.getByText('小票在排队').waitFor();
    await screenshot(page, '33-printer-paper-out');

    printer!.setStatus('ok');
    await printer!.waitForDocuments(printed + 1, 60_000);
    const sale = (await pageCall(page, 'sale.last', {}))!;
    expect(printer!.documents.at(-1)!.text).toContain(sale.receiptNo);
    await page.getByTestId('next-customer').click();

    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-reprint').click();
    await page.getByText('已送打印机重打').waitFor();
    await printer!.waitForDocuments(printed + 2, 60_000);
    expect(printer!.documents.at(-1)!.text).toContain(sale.receiptNo);
    await page.getByTestId('modal-close').click();
  });

  it('returns one item of the last sale with the manager PIN', async () => {
    const sale = (await pageCall(page, 'sale.last', {}))!;
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-return').click();
    await page.getByTestId('sale-summary').waitFor();
    await page.getByRole('button', { name: '加一' }).first().click();
    await page.getByTestId('manager-button').filter({ hasText: MANAGER.name }).click();
    await page.keyboard.type(MANAGER.pin);
    await screenshot(page, '34-return-manager');
    await page.keyboard.press('Enter');
    await page.getByTestId('return-done').waitFor();
    await screenshot(page, '35-return-done');
    await page.getByTestId('modal-close').click();

    await tapCard(page, DEMO_CARDS.rich);
    await expectText(page, 'household-balance', formatPoints(sale.balanceAfter + sale.lines[0]!.unitPoints));
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('a till restart sends the clerk back to the login, and the cart being built survives', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    await page.getByTestId('product-tile').first().click();
    await page.getByTestId('cart-line').waitFor();
    const { dataDir, port } = host!;
    await host!.stop();
    host = await startTillHost({ dataDir, port, printerPort: printer!.port, printerWidth: 80 });

    await page.getByTestId('clerk-button').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '36-after-till-restart');
    // Same port, same page origin: after a reload the cart comes back from IndexedDB alone.
    await page.reload();
    await page.getByTestId('clerk-button').filter({ hasText: CLERK.name }).click();
    await page.keyboard.type(CLERK.pin);
    await page.keyboard.press('Enter');
    // The shift is still open in the till's database: straight back to the cart.
    await page.getByTestId('cart-line').waitFor();
    await expect(page.getByTestId('cart-line').count()).resolves.toBe(1);
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
  });
});
