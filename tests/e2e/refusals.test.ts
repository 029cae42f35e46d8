import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../main/demo/seed';
import type { ProductView } from '../../src/api/contract';
import { addDays } from '../../src/clock';
import { formatPoints } from '../../src/money/points';
import { corruptTablePages } from '../support/broken-sqlite';
import { launchChromium, openCounterPage, scanBarcode, screenshot } from '../support/browser';
import { type Pcscd, startPcscd } from '../support/pcscd';
import { expectText, login, pageCall, tapCard } from './helpers/counter';
import { verifyLedger } from './helpers/ledger';
import { startTillHost, type TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** Every refusal the counter can meet, as the clerk sees it, and nothing written for any of them. */
describe('refusals at the counter', () => {
  let pcscd: Pcscd | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let goods: ProductView[] = [];

  const refusal = () => page.getByTestId('refusal').first();

  beforeAll(async () => {
    pcscd = await startPcscd();
    host = await startTillHost();
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
    await login(page);
    goods = await pageCall(page, 'catalog.favourites', {});
  }, PCSCD_TURN_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await pcscd?.stop();
  });

  it('a lost card', async () => {
    await tapCard(page, DEMO_CARDS.lost, 'refused');
    await expect(refusal().getAttribute('data-code')).resolves.toBe('CARD_LOST');
    await expectText(page, 'refusal', /这张卡已挂失.*04AABBCC/);
    await expectText(page, 'refusal', /原因：村民来电挂失/);
    await screenshot(page, '20-refused-card-lost');
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('a card that is not registered', async () => {
    await tapCard(page, DEMO_CARDS.unknown, 'refused');
    await expect(refusal().getAttribute('data-code')).resolves.toBe('UNKNOWN_CARD');
    await expectText(page, 'refusal', /这张卡没有登记.*DEADBEEF/);
    await screenshot(page, '21-refused-card-unknown');
    await page.keyboard.press('Enter');
  });

  it('a suspended household: the last suspended day and the day it resumes', async () => {
    await tapCard(page, DEMO_CARDS.suspended);
    const card = await pageCall(page, 'card.lookup', { uid: DEMO_CARDS.suspended });
    const resumesOn = card.household!.resumesOn!;
    await expectText(page, 'refusal', new RegExp(`${addDays(resumesOn, -1)}（含），${resumesOn} 起`));
    await expectText(page, 'household-status', '暂停兑换');
    await expect(page.getByTestId('confirm').isDisabled()).resolves.toBe(true);
    await screenshot(page, '22-refused-household-suspended');
    await page.getByTestId('cancel').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('not enough points: has X, needs Y', async () => {
    await tapCard(page, DEMO_CARDS.poor);
    const balance = Math.round(Number(await page.getByTestId('household-balance').textContent()) * 100);
    const dear = goods.filter((p) => p.pricePoints > balance && (p.stock ?? 1) > 0)[0]!;
    await page.getByTestId('product-tile').filter({ hasText: dear.name }).first().click();
    await expectText(
      page,
      'short-note',
      `积分不够：现有 ${formatPoints(balance)}，需要 ${formatPoints(dear.pricePoints)}`,
    );
    await expect(page.getByTestId('confirm').isDisabled()).resolves.toBe(true);
    await screenshot(page, '23-refused-not-enough-points');
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it('a bad scan (wrong check digit) and more than the stock', async () => {
    await tapCard(page, DEMO_CARDS.rich);
    const item = goods.find((p) => !p.isService && p.barcode)!;
    const code = item.barcode!;
    const wrong = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    await scanBarcode(page, wrong);
    await expectText(page, 'refusal', new RegExp(`条码 ${wrong} 校验不对`));
    await screenshot(page, '24-refused-bad-barcode');

    const scarce = [...goods]
      .filter((p) => !p.isService && p.stock !== null)
      .sort((a, b) => a.stock! - b.stock!)[0]!;
    const line = page.getByTestId('product-tile').filter({ hasText: scarce.name }).first();
    for (let i = 0; i <= scarce.stock!; i++) await line.click();
    await expectText(page, 'refusal', `库存不够${scarce.name} 只剩 ${scarce.stock} 件。好的`);
    await screenshot(page, '25-refused-out-of-stock');
    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
  });

  it('outside the redemption window: the till refuses at confirm and writes nothing', async () => {
    const before = await pageCall(page, 'sale.last', {});
    await host!.stop();
    const db = new Database(join(host!.dataDir, 'till.db'));
    db.prepare('UPDATE shops SET redemption_window = ?').run(
      JSON.stringify({ ranges: [{ from: '2020-01-01', to: '2020-01-31' }] }),
    );
    db.close();
    const dataDir = host!.dataDir;
    host = await startTillHost({ dataDir });
    await page.goto(host.url);
    await login(page);
    await tapCard(page, DEMO_CARDS.rich);
    await page.getByTestId('product-tile').first().click();
    await page.getByTestId('confirm').click();
    await expect(refusal().getAttribute('data-code')).resolves.toBe('OUTSIDE_REDEMPTION_WINDOW');
    await expectText(page, 'refusal', /现在不是兑换时间.*2020-01-01/);
    await screenshot(page, '26-refused-outside-window');
    const after = await pageCall(page, 'sale.last', {});
    expect(after?.saleId).toBe(before?.saleId);

    await host.stop();
    expect(verifyLedger(dataDir).ok).toBe(true);
  });

  it('a ledger file that fails: the tap refuses to trade and says why', async () => {
    host = await startTillHost({ dataDir: host!.dataDir });
    await page.goto(host.url);
    await login(page);
    corruptTablePages(join(host.dataDir, 'till.db'), 'cards');
    await tapCard(page, DEMO_CARDS.rich, 'refused');
    await expect(refusal().getAttribute('data-code')).resolves.toBe('DATABASE_UNAVAILABLE');
    await expectText(page, 'refusal', /账本数据库出错，暂停收银（SQLITE_CORRUPT）/);
    await screenshot(page, '27-refused-ledger-broken');
  });
});
