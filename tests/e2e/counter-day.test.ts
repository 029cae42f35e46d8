import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import { screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { login, pageCall, tapCard, waitForCount } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import type { TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** A shop day as a clerk lives it: the keys a clerk presses, a lost answer, debts. */
describe('the counter through a shop day', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
    await page.getByTestId('clerk-button').first().waitFor();
    await login(page);
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  it('Enter after clicking a product tile confirms the cart, never adds another unit', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const tile = page.getByTestId('product-tile').first();
    const name = (await tile.getAttribute('data-product'))!;
    await tile.click();
    await waitForCount(page, 'cart-line', 1);
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    const sale = (await pageCall(page, 'sale.last', {}))!;
    expect(sale.lines.map((l) => [l.name, l.qty])).toEqual([[name, 1]]);
    await screenshot(page, '60-enter-after-tile');
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('after a keyboard search, Enter adds the first match and the next Enter confirms', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const found = await pageCall(page, 'catalog.search', { query: 'mj', limit: 24 });
    await page.keyboard.press('F2');
    await page.keyboard.type('mj');
    await page.keyboard.press('Enter');
    await waitForCount(page, 'cart-line', 1);
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    const sale = (await pageCall(page, 'sale.last', {}))!;
    expect(sale.lines.map((l) => [l.name, l.qty])).toEqual([[found[0]!.name, 1]]);
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });
});
