import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import { verifyStore } from '../../main/store';
import { withCheckDigit } from '../../src/barcode';
import { scanBarcode, screenshot } from '../support/browser';
import type { Pcscd } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { expectText, login, pageCall, tapCard, waitForCount } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import type { TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

const KEEPER = DEMO_CLERKS.find((c) => c.role === 'stockkeeper')!;
const MANAGER = DEMO_CLERKS.find((c) => c.role === 'manager')!;
const NEW_CODE = withCheckDigit('692555000001');

/**
 * Restocking end to end in Chromium with the keyboard-wedge scanner: a stockkeeper
 * creates a product and receives it by the case, a clerk sells one, the stockkeeper
 * counts, a manager approves the variance, the stockkeeper writes one off. After each
 * step the ledger verifies and every stock level equals the sum of its moves.
 */
describe('restocking on the till', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  /** verify passes and each level is the sum of its moves (read beside the running till, WAL). */
  function expectLedgerConsistent(): { level: (name: string) => number } {
    const db = new Database(join(host!.dataDir, 'till.db'), { readonly: true });
    try {
      const deviceId = JSON.parse(
        db.prepare(`SELECT value FROM settings WHERE key = 'device.id'`).pluck().get() as string,
      );
      const report = verifyStore(db, deviceId);
      expect(report.discrepancies).toEqual([]);
      const rows = db
        .prepare(
          `SELECT p.name, l.qty, (SELECT coalesce(sum(m.qty), 0) FROM stock_moves m
             WHERE m.product_id = l.product_id AND m.shop_id = l.shop_id) AS moved
           FROM stock_levels l JOIN products p ON p.id = l.product_id`,
        )
        .all() as { name: string; qty: number; moved: number }[];
      for (const r of rows) expect(r.qty, r.name).toBe(r.moved);
      return { level: (name) => rows.find((r) => r.name === name)?.qty ?? 0 };
    } finally {
      db.close();
    }
  }

  async function loginAs(name: string, pin: string) {
    await page.getByTestId('clerk-button').filter({ hasText: name }).click();
    await page.keyboard.type(pin);
    await page.keyboard.press('Enter');
  }

  /**
   * Scans with focus on no input, as a stockkeeper does with the scanner in hand. The keys
   * go in within one task, as fast as a wedge scanner sends them: on this shared machine
   * typed keystrokes can be further apart than the 30 ms a scan is told apart by.
   */
  async function scan(code: string) {
    await page.getByTestId('stock-screen').locator('.stock-scan-hint').click();
    await page.evaluate((digits) => {
      for (const key of [...digits, 'Enter']) {
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }
    }, code);
  }

  it('a stockkeeper scans an unknown barcode and creates the product on the spot', async () => {
    await page.getByTestId('clerk-button').first().waitFor();
    await loginAs(KEEPER.name, KEEPER.pin);
    await page.getByTestId('stock-screen').waitFor();
    await scan(NEW_CODE);
    await page.getByTestId('stock-unknown').waitFor();
    await page.getByTestId('stock-create-product').click();
    await expect.poll(() => page.getByTestId('product-barcodes').inputValue()).toBe(NEW_CODE);
    await page.getByTestId('product-name').fill('洗衣液');
    await page.getByTestId('product-unit').fill('瓶');
    await page.getByTestId('product-pack').fill('12');
    await page.getByTestId('product-category').fill('日用');
    await page.getByTestId('product-price').fill('0');
    await page.getByTestId('product-cost').fill('6.50');
    await page.getByTestId('product-low').fill('5');
    await page.getByTestId('product-save').click();
    await expectText(page, 'refusal', /积分价格必须大于 0/);
    await page.getByTestId('product-price').fill('9');
    await page.getByTestId('product-save').click();
    await expectText(page, 'product-saved', /洗衣液（xyy）/);
    await screenshot(page, 'stock-01-product-editor');
    expectLedgerConsistent();
  });

  it('receives two cases of 12 by scanning twice, and the receiving slip prints', async () => {
    await page.getByTestId('stock-tab-receive').click();
    await scan(NEW_CODE);
    await waitForCount(page, 'receive-line', 1);
    await scan(NEW_CODE);
    await expect.poll(() => page.getByTestId('line-qty').first().inputValue()).toBe('2');
    await page.getByTestId('line-packs').check();
    // A scan with the supplier box focused adds the line and leaves no digits in the box.
    await page.getByTestId('receive-party').fill('县供销社');
    await scanBarcode(page, NEW_CODE);
    await expect.poll(() => page.getByTestId('line-qty').first().inputValue()).toBe('3');
    await expect.poll(() => page.getByTestId('receive-party').inputValue()).toBe('县供销社');
    await page.getByTestId('line-qty').first().fill('2');
    await page.getByTestId('receive-submit').click();
    await expectText(page, 'receive-result', /已入库 1 种商品，合计 156.00 元/);
    await screenshot(page, 'stock-02-receiving');
    const [slip] = await printer!.waitForDocuments(1);
    expect(slip!.text).toContain('入库单 RECEIVING');
    expect(slip!.text).toContain('县供销社');
    expect(slip!.text).toMatch(/洗衣液\s+24瓶\s+6.50/);
    expect(slip!.text).toContain('156.00元');
    for (const l of slip!.lines) expect(l.text.length).toBeLessThanOrEqual(32);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(24);
  });

  it('a clerk sells one at the counter', async () => {
    await page.getByTestId('stock-logout').click();
    await login(page);
    await tapCard(page, DEMO_CARDS.rich);
    await scanBarcode(page, NEW_CODE);
    await waitForCount(page, 'cart-line', 1);
    await page.locator('body').click({ position: { x: 5, y: 740 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    await printer!.waitForDocuments(2);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(23);
    await pageCall(page, 'session.logout', {});
    await page.reload();
  });

  it('the stockkeeper counts by scanning and typing, prints the sheet; a manager approves the variance', async () => {
    await loginAs(KEEPER.name, KEEPER.pin);
    await page.getByTestId('stock-tab-count').click();
    await page.getByTestId('count-new-empty').click();
    await page.getByTestId('count-sheet').waitFor();
    await scan(NEW_CODE);
    await waitForCount(page, 'count-line', 1);
    await scan(NEW_CODE);
    await expect.poll(() => page.getByTestId('count-qty').first().inputValue()).toBe('2');
    await page.getByTestId('count-qty').first().fill('21');
    await page.getByTestId('count-qty').first().blur();
    await expectText(page, 'count-diff', '-2');
    await page.getByTestId('count-print').click();
    const docs = await printer!.waitForDocuments(3);
    expect(docs[2]!.text).toContain('盘点表 COUNT SHEET');
    expect(docs[2]!.text).toMatch(/洗衣液\s+23\s+21/);
    await page.getByTestId('count-pin').fill('0000');
    await page.getByTestId('count-approve').click();
    await expectText(page, 'refusal', /密码不对/);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(23);
    await screenshot(page, 'stock-03-count-sheet');
    await page.getByTestId('count-manager').selectOption({ label: MANAGER.name });
    await page.getByTestId('count-pin').fill(MANAGER.pin);
    await page.getByTestId('count-approve').click();
    await page.getByText('盘点已过账').waitFor();
    expect(expectLedgerConsistent().level('洗衣液')).toBe(21);
  });

  it('writes one off as expired; more than on hand is refused', async () => {
    await page.getByTestId('stock-tab-writeOff').click();
    await page.getByTestId('writeoff-reason-expired').click();
    await scan(NEW_CODE);
    await waitForCount(page, 'writeoff-line', 1);
    await page.getByTestId('line-qty').first().fill('99');
    await page.getByTestId('writeoff-submit').click();
    await expectText(page, 'refusal', /报损数量超过库存（现有 21，报损 99）/);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(21);
    await screenshot(page, 'stock-04-writeoff-refused');
    await page.getByTestId('line-qty').first().fill('1');
    await page.getByTestId('writeoff-submit').click();
    await expectText(page, 'writeoff-result', /已报损 1 种商品，成本 6.50 元/);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(20);
  });

  it('reports: the stock card shows every move with its running level and cost, and the stock value', async () => {
    await page.getByTestId('stock-tab-reports').click();
    await page.getByTestId('report-value').waitFor();
    await scan(NEW_CODE);
    await waitForCount(page, 'card-row', 4);
    const rows = await page.getByTestId('card-row').allTextContents();
    expect(rows[0]).toMatch(/采购入库\+2424/);
    expect(rows.map((r) => /(采购入库|兑换|盘点|报损)/.exec(r)?.[1])).toEqual([
      '采购入库',
      '兑换',
      '盘点',
      '报损',
    ]);
    expect(rows[3]).toContain('20');
    await screenshot(page, 'stock-05-reports');
  });

  it('imports a GBK CSV from the files tab: every problem listed, bad rows skipped on request', async () => {
    await page.getByTestId('stock-tab-files').click();
    const csv = [
      '条码,名称,单位,每箱数量,类别,积分价,成本（元）,服务项目,在售,低库存提醒',
      `${withCheckDigit('692555000002')},绿豆,斤,1,粮油,4,3.20,否,是,5`,
      `${withCheckDigit('692555000003')},红豆,斤,1,粮油,很多,3.20,否,是,5`,
      `${NEW_CODE},洗衣液,瓶,12,日用,9,6.50,否,是,5`,
    ].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({
      name: '商品.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode(csv, 'gbk'),
    });
    await page.getByTestId('import-report').waitFor();
    await waitForCount(page, 'import-problem', 1);
    expect(await page.getByTestId('import-problem').first().textContent()).toContain('积分价');
    await screenshot(page, 'stock-06-import-problems');
    await page.getByTestId('import-skip').check();
    await page.getByTestId('import-apply').click();
    await expectText(page, 'import-written', /已写入 1 个商品/);
    expect(expectLedgerConsistent().level('洗衣液')).toBe(20);
  });

  it('speaks English too', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('stock-tab-reports').click();
    await page.getByText('Stock value (moving-average cost)', { exact: false }).first().waitFor();
    await scan(NEW_CODE);
    await waitForCount(page, 'card-row', 4);
    await screenshot(page, 'stock-07-reports-en');
  });
});
