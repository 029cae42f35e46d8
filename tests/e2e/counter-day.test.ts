import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import { localDateTime } from '../../src/clock';
import { screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { expectText, login, MANAGER, pageCall, tapCard, text, waitForCount } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import { type PulledOverdraft, pullOverdraft } from './helpers/overdraft';
import { startTillHost, type TillHost, testNowMs } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** A shop day as a clerk lives it: the keys a clerk presses, a lost answer, debts. */
describe('the counter through a shop day', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let pulled: PulledOverdraft;

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
    await page.getByTestId('clerk-button').first().waitFor();
    await login(page);
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  it('the status bar names the reader in use instead of counting idle and simulated ones', async () => {
    await expectText(page, 'status-reader', /^读卡器Virtual PCD 00 0[01]$/);
  });

  it('a card lookup of an unregistered card says so, never "active"', async () => {
    const card = await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.unknown });
    expect(card.status).toBe('unregistered');
    expect(card.household).toBeNull();
  });

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

  it('a cart edited after a lost answer: the till refuses the changed resend, the screen shows what was charged', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const tiles = page.getByTestId('product-tile');
    const first = (await tiles.nth(0).getAttribute('data-product'))!;
    await tiles.nth(0).click();
    await waitForCount(page, 'cart-line', 1);
    // The till commits the sale, but its answer never reaches the page.
    let lost = 0;
    await page.route('**/api/checkout.commit', async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('confirm').click();
    await page.getByTestId('refusal').waitFor();
    await tiles.nth(1).click();
    await waitForCount(page, 'cart-line', 2);
    await page.getByTestId('confirm').click();
    await page.getByTestId('success-screen').waitFor();
    await page.getByTestId('sale-conflict').waitFor();
    await expectText(page, 'success-lines', `${first}×1`);
    await screenshot(page, '61-resend-changed-cart');
    await page.unroute('**/api/checkout.commit');

    const sale = (await pageCall(page, 'sale.last', {}))!;
    expect(sale.lines.map((l) => [l.name, l.qty])).toEqual([[first, 1]]);
    const again = pageCall(page, 'checkout.commit', {
      saleId: sale.saleId,
      cardUid: DEMO_CARDS.rich,
      lines: [{ productId: sale.lines[0]!.productId, qty: 2 }],
    });
    await expect(again).rejects.toThrow(/SALE_ID_REUSED/);
    const same = await pageCall(page, 'checkout.commit', {
      saleId: sale.saleId,
      cardUid: DEMO_CARDS.rich,
      lines: [{ productId: sale.lines[0]!.productId, qty: 1 }],
    });
    expect(same.receiptNo).toBe(sale.receiptNo);
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('voids any recent sale of this shop by receipt number or QR code; the recent list says what was bought', async () => {
    const sell = async (nth: number) => {
      await tapCard(page, DEMO_CARDS.rich);
      await page.getByTestId('product-tile').nth(nth).click();
      await page.getByTestId('confirm').click();
      await page.getByTestId('success-screen').waitFor();
      const sale = (await pageCall(page, 'sale.last', {}))!;
      await page.keyboard.press('Enter');
      await page.getByTestId('waiting-screen').waitFor();
      return sale;
    };
    const first = await sell(5);
    const second = await sell(9);

    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-void').click();
    await page.getByTestId('sale-summary').filter({ hasText: second.receiptNo }).waitFor();
    await page.getByTestId('sale-query').fill(first.receiptNo);
    await page.getByTestId('sale-find').click();
    await page.getByTestId('sale-summary').filter({ hasText: first.receiptNo }).waitFor();
    await screenshot(page, '65-void-by-receipt');
    await page.getByTestId('manager-button').filter({ hasText: MANAGER.name }).click();
    await page.keyboard.type(MANAGER.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('void-done').waitFor();
    await page.getByTestId('modal-close').click();
    expect((await pageCall(page, 'sale.get', { saleId: first.saleId })).voided).toBe(true);
    expect((await pageCall(page, 'sale.get', { saleId: second.saleId })).voided).toBe(false);

    // The QR code on the slip carries the sale id: a scanner types it into the box.
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-return').click();
    await page.getByTestId('sale-query').click();
    await page.keyboard.type(first.saleId, { delay: 4 });
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-summary').filter({ hasText: first.receiptNo }).waitFor();
    // The recent sales say what was bought, newest first.
    await expectText(page, 'recent-sale', new RegExp(`${second.lines[0]!.name}×1`));
    await page.getByTestId('modal-close').click();

    // The household's recent entries also say what was bought, not receipt numbers.
    await tapCard(page, DEMO_CARDS.rich);
    const recent = page.getByTestId('household-panel').locator('.recent-text');
    const texts = await recent.allTextContents();
    expect(texts).toContain(second.lines[0]!.name);
    expect(texts).toContain(first.lines[0]!.name);
    expect(texts.join(' ')).not.toMatch(/[0-9A-F]{4}-[0-9A-F]{4}-\d{6}/);
    await screenshot(page, '67-recent-goods');
    await page.getByTestId('cancel').click();
  });

  it('an overdraft after sync reads as a debt in red, with date and shop; managers see the list', async () => {
    await page.getByTestId('waiting-screen').waitFor();
    const { dataDir, port } = host!;
    await host!.stop();
    const at = testNowMs() - 2 * 86_400_000;
    pulled = pullOverdraft(dataDir, DEMO_CARDS.rich, 16_000, at);
    host = await startTillHost({ dataDir, port, printerPort: printer!.port, printerWidth: 58 });
    await page.reload();
    await page.getByTestId('clerk-button').first().waitFor({ timeout: 30_000 });
    await login(page);

    await tapCard(page, DEMO_CARDS.rich);
    await expectText(page, 'household-balance', '-160');
    await expectText(page, 'household-debt-pill', '透支');
    await expectText(
      page,
      'household-debt',
      `${localDateTime(at).slice(0, 10)} 在${pulled.shopName}透支，欠 160 分。`,
    );
    await expectText(page, 'short-note', '这一户欠 160 分：先挣回积分，才能再兑换。');
    const red = await page.getByTestId('household-balance').evaluate((el) => getComputedStyle(el).color);
    expect(red).toBe('rgb(179, 38, 30)');
    await screenshot(page, '62-overdraft-household');
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();

    await expect(pageCall(page, 'overdraft.list', {})).rejects.toThrow(/FORBIDDEN/);
    await page.getByTestId('open-menu').click();
    await expect(page.getByTestId('menu-overdrafts').count()).resolves.toBe(0);
    await page.getByTestId('menu-logout').click();
    await login(page, MANAGER.name, MANAGER.pin);
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-overdrafts').click();
    await waitForCount(page, 'overdraft-row', 1);
    const row = await text(page, 'overdraft-row');
    expect(row).toContain(pulled.receiptNo);
    expect(row).toContain(pulled.shopName);
    expect(row).toContain('-160');
    await screenshot(page, '63-overdraft-list');
    await page.getByTestId('modal-close').click();

    // A sale made at another shop (pulled with the overdraft) is that shop's to void.
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-void').click();
    await page.getByTestId('sale-query').fill(pulled.receiptNo);
    await page.getByTestId('sale-find').click();
    await page.getByTestId('refusal').filter({ hasText: '只能在那家超市撤销或退货' }).waitFor();
    await screenshot(page, '66-other-shop-refused');
    await page.getByTestId('modal-close').click();
    const other = await pageCall(page, 'sale.find', { query: pulled.receiptNo }).catch(
      (e: Error) => e.message,
    );
    expect(other).toMatch(/FORBIDDEN/);
    const managerId = (await pageCall(page, 'session.clerks', {})).find((c) => c.name === MANAGER.name)!.id;
    const voided = pageCall(page, 'sale.void', {
      saleId: pulled.saleId,
      managerId,
      managerPin: MANAGER.pin,
      reason: '测试',
    });
    await expect(voided).rejects.toThrow(/FORBIDDEN/);
  });
});
