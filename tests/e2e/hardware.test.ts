import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import { screenshot } from '../support/browser';
import { type Pcscd, VIRTUAL_READERS } from '../support/pcscd';
import type { PrinterEmulator } from '../support/printer-emulator';
import { placeCard } from '../support/virtual-card';
import { CLERK, expectText, login, MANAGER, tapCard } from './helpers/counter';
import { startCounterRig, stopCounterRig } from './helpers/counter-rig';
import type { TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/** Demo PINs at the login, the hardware check (readers, test page, test tap), reporting a card lost. */
describe('hardware check and lost cards at the counter', () => {
  let pcscd: Pcscd | undefined;
  let printer: PrinterEmulator | undefined;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const readerRow = (name: string) => page.getByTestId('hw-reader').filter({ hasText: name });
  const openFromMenu = async (testId: string) => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId(testId).click();
  };
  /** Puts a virtual card on a reader while a dialog is open, waits for the dialog to show it, lifts it. */
  const tapInDialog = async (uid: string, shown: () => Promise<void>, readerIndex = 0) => {
    const card = await placeCard({ uid, readerIndex });
    try {
      await shown();
    } finally {
      await card.remove();
    }
  };
  const inputShows = (testId: string, value: string) =>
    page
      .waitForFunction(
        ([id, v]) =>
          (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value === v,
        [testId, value] as const,
      )
      .then(() => undefined);

  beforeAll(async () => {
    ({ pcscd, printer, host, browser, page } = await startCounterRig({ printerWidth: 58 }));
  }, PCSCD_TURN_TIMEOUT);

  afterAll(() => stopCounterRig({ pcscd, printer, host, browser }));

  it('demo mode: the login shows each demo clerk their PIN', async () => {
    for (const c of [CLERK, MANAGER]) {
      await page
        .getByTestId('clerk-button')
        .filter({ hasText: c.name })
        .getByTestId('demo-pin')
        .filter({ hasText: `演示密码 ${c.pin}` })
        .waitFor();
    }
    await expect(page.getByTestId('demo-pin').count()).resolves.toBe(DEMO_CLERKS.length);
    await screenshot(page, '40-login-demo-pins');
    await login(page);
  });

  it('hardware check: readers, a printed test page, a test tap that opens no household', async () => {
    await openFromMenu('menu-hardware');
    for (const name of VIRTUAL_READERS) await readerRow(name).waitFor();
    await expect(readerRow(VIRTUAL_READERS[0]).getAttribute('data-active')).resolves.toBe('yes');
    await expect(readerRow(VIRTUAL_READERS[0]).locator('.badge').textContent()).resolves.toBe('实体');
    await expect(readerRow('Simulated').locator('.badge').textContent()).resolves.toBe('模拟');
    await expectText(page, 'hw-reader-message', '读卡器正常。');

    const printed = printer!.documents.length;
    await page.getByTestId('print-test-page').click();
    await expectText(page, 'hw-message', '测试页已送打印机。');
    const docs = await printer!.waitForDocuments(printed + 1);
    expect(docs.at(-1)!.cut).toBe(true);
    expect(docs.at(-1)!.text).toContain('TEST PAGE');
    expect(docs.at(-1)!.qr).toContain('JIFEN-TILL TEST');

    await tapInDialog(DEMO_CARDS.rich, () =>
      expectText(page, 'hw-tap-result', `卡号 ${DEMO_CARDS.rich}（读卡器 ${VIRTUAL_READERS[0]}）`),
    );
    await screenshot(page, '41-hardware-check');
    await expect(page.getByTestId('household-panel').count()).resolves.toBe(0);

    // Only a manager may change the reader: the till refuses a clerk.
    await readerRow(VIRTUAL_READERS[1]).getByTestId('hw-reader-use').click();
    await expect(page.getByTestId('refusal').getAttribute('data-code')).resolves.toBe('FORBIDDEN');
    await page.getByTestId('modal-close').click();
    await page.getByTestId('waiting-screen').waitFor();
    await expect(page.getByTestId('household-panel').count()).resolves.toBe(0);
  });

  it('a manager chooses the other reader; its taps show in the test tap', async () => {
    await openFromMenu('menu-logout');
    await login(page, MANAGER.name, MANAGER.pin);
    await openFromMenu('menu-hardware');
    await readerRow(VIRTUAL_READERS[1]).getByTestId('hw-reader-use').click();
    await expectText(page, 'hw-message', `已改用读卡器 ${VIRTUAL_READERS[1]}。`);
    await expect(readerRow(VIRTUAL_READERS[1]).getAttribute('data-active')).resolves.toBe('yes');
    await tapInDialog(
      DEMO_CARDS.poor,
      () => expectText(page, 'hw-tap-result', `卡号 ${DEMO_CARDS.poor}（读卡器 ${VIRTUAL_READERS[1]}）`),
      1,
    );
    await screenshot(page, '42-hardware-reader-chosen');
    await page.getByRole('button', { name: '自动选择' }).click();
    await expectText(page, 'hw-message', '已改为自动选择读卡器。');
    await expect(readerRow(VIRTUAL_READERS[0]).getAttribute('data-active')).resolves.toBe('yes');
    await page.getByTestId('modal-close').click();
    await openFromMenu('menu-logout');
    await login(page);
  });

  it('reports the card on screen lost; tapping it again is refused with the reason', async () => {
    // A card tapped while the dialog is open fills in its number and opens no household.
    await openFromMenu('menu-report-lost');
    await tapInDialog(DEMO_CARDS.rich, () => inputShows('lost-uid', DEMO_CARDS.rich));
    await expect(page.getByTestId('household-panel').count()).resolves.toBe(0);
    await page.getByTestId('modal-close').click();

    await tapCard(page, DEMO_CARDS.poor);
    await openFromMenu('menu-report-lost');
    await expect(page.getByTestId('lost-uid').inputValue()).resolves.toBe(DEMO_CARDS.poor);
    await page.getByTestId('lost-holder').waitFor();
    await screenshot(page, '43-report-lost');
    await page.getByTestId('lost-submit').click();
    await expectText(page, 'lost-done', new RegExp(`卡号 ${DEMO_CARDS.poor} 已挂失。`));
    await page.getByTestId('lost-done').getByRole('button').click();
    await page.getByTestId('waiting-screen').waitFor();

    await tapCard(page, DEMO_CARDS.poor, 'refused');
    await expect(page.getByTestId('refusal').first().getAttribute('data-code')).resolves.toBe('CARD_LOST');
    await expectText(page, 'refusal', /这张卡已挂失.*原因：村民来电挂失/);
    await screenshot(page, '44-reported-lost-refused');
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-screen').waitFor();
  });
});
