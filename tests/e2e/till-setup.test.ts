import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/store';
import { ManualClock } from '../../src/clock';
import { newId } from '../../src/ids';
import { keyFingerprint } from '../../src/sync/setup-file';
import { launchChromium, openCounterPage, scanBarcode } from '../support/browser';
import { type Pcscd, startPcscd } from '../support/pcscd';
import { OfficerApi, type ServerProcess, startServer } from '../support/server-process';
import { seedTownship, type Township } from '../support/township';
import { placeCard } from '../support/virtual-card';
import { pageCall } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

const OUT = join(process.cwd(), 'test-output');
const shot = async (page: Page, name: string) => {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `till-setup-${name}.png`), fullPage: true });
};
/** The business clock of server and till: a fixed instant, never today's date. */
const NOW = Date.UTC(2030, 2, 4, 2, 0, 0);
const NEW_CARD = 'AB12CD34';

/**
 * A till on an empty data folder, no demo: the setup screen, a refused fingerprint and a
 * refused code (nothing written), enrolment by scanning the QR, the first pull, a clerk
 * changing the initial PIN, and a card tapped through pcscd/vpcd.
 */
describe('a fresh till joins a township through its setup screen', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let api: OfficerApi;
  let t: Township;
  let host: TillHost | undefined;
  let pcscd: Pcscd | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let fingerprint: string;
  const newClerk = { id: '', name: '王小丽', pin: '246810', newPin: '583920' };

  const code = async () =>
    (await api.call<{ code: string }>('POST', `/api/shops/${t.shopIds[0]}/enrollment-codes`)).code;
  const fill = async (fields: { serverUrl: string; code: string; fingerprint: string }) => {
    for (const [name, value] of Object.entries(fields))
      await page.locator(`input[name="${name}"]`).fill(value);
  };
  const setupState = () =>
    page.evaluate(async () => {
      const res = await fetch('/api/setup.state', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await res.json()) as { result: { phase: string } }).result.phase;
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-till-setup-'));
    server = await startServer({ dir, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 4 });
    newClerk.id = newId(new ManualClock(NOW));
    await api.call('PUT', `/api/townships/${t.townshipId}/master`, {
      clerks: [
        {
          id: newClerk.id,
          name: newClerk.name,
          role: 'clerk',
          shopId: t.shopIds[0],
          pinHash: hashPin(newClerk.pin),
          active: true,
          mustChangePin: true,
        },
      ],
    });
    const health = (await (await fetch(`${server.url}/health`)).json()) as { serverPublicKey: string };
    fingerprint = keyFingerprint(health.serverPublicKey);
    pcscd = await startPcscd();
    host = await startTillHost({ demo: false, env: { JIFEN_TEST_NOW_MS: String(NOW) } });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
  }, PCSCD_TURN_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await pcscd?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on an empty data folder and shows the setup screen with both choices', async () => {
    await page.getByTestId('setup-screen').waitFor();
    await page.getByText('加入乡镇').first().waitFor();
    await page.getByText('从U盘载入设置文件').waitFor();
    await shot(page, '1-choices');
  });

  it('refuses a server whose key does not match the fingerprint, and writes nothing', async () => {
    const wrong = keyFingerprint(Buffer.alloc(44, 7).toString('base64'));
    const c = await code();
    await fill({ serverUrl: server!.url, code: c, fingerprint: wrong });
    await page.getByTestId('setup-enrol').click();
    await page.getByText('密钥指纹与登记码上的不一致').waitFor();
    await shot(page, '2-fingerprint-mismatch');
    expect(await setupState()).toBe('needs-setup');
    // The key was checked before the code was sent: the code is still good.
    const devices = await api.call<unknown[]>('GET', `/api/townships/${t.townshipId}/devices`);
    expect(devices).toHaveLength(0);
  });

  it('refuses a wrong code with a plain message, and writes nothing', async () => {
    await fill({ serverUrl: server!.url, code: 'AAAA-BBBB-CCCC', fingerprint });
    await page.getByTestId('setup-enrol').click();
    await page.getByText('登记码不对、已过期或已经用过').waitFor();
    await shot(page, '3-bad-code');
    expect(await setupState()).toBe('needs-setup');
  });

  it('enrols by scanning the enrolment QR, pulls the shop and shows the login', async () => {
    const qr = JSON.stringify({
      format: 'jifen-enrol/1',
      code: await code(),
      server: server!.url,
      fingerprint,
    });
    await page.locator('input[name="code"]').click();
    // A 2D scanner in keyboard-wedge mode: the QR's text as fast keystrokes, then Enter.
    await scanBarcode(page, qr);
    await page.getByText('已扫描登记二维码').waitFor();
    expect(await page.locator('input[name="fingerprint"]').inputValue()).toBe(fingerprint);
    await shot(page, '4-qr-scanned');
    await page.getByTestId('setup-enrol').click();
    await page.getByTestId('clerk-button').filter({ hasText: newClerk.name }).waitFor({ timeout: 30_000 });
    await page.getByTestId('status-shop').getByText('积分超市').waitFor();
    await shot(page, '5-login-after-enrol');
    expect(await setupState()).toBe('ready');
  });

  it('a clerk with an initial PIN must choose a new one, then is logged in', async () => {
    await page.getByTestId('clerk-button').filter({ hasText: newClerk.name }).click();
    await page.keyboard.type(newClerk.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-change').waitFor();
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await page.getByText('密码不能是连续数字').waitFor();
    await shot(page, '6-pin-change-refused');
    for (let i = 0; i < 2; i++) {
      await page.keyboard.type(newClerk.newPin);
      await page.keyboard.press('Enter');
    }
    await page.getByTestId('shift-open').waitFor();
    await shot(page, '7-logged-in-after-pin-change');
  });

  it(
    'taps a card through pcscd/vpcd and sees the household',
    async () => {
      await page.getByTestId('shift-open').click();
      await page.getByTestId('waiting-screen').waitFor();
      const card = await placeCard({ uid: t.households[0]!.cardUid });
      try {
        await page.getByTestId('household-panel').waitFor({ timeout: 30_000 });
        await page.getByTestId('household-panel').getByText('H0001').waitFor();
        await shot(page, '8-card-tapped');
      } finally {
        await card.remove();
      }
    },
    PCSCD_TURN_TIMEOUT,
  );

  it(
    'a manager issues a replacement card by tapping it while offline; it syncs up and opens the household',
    async () => {
      await page.getByTestId('open-menu').click();
      await page.getByTestId('menu-logout').click();
      await server!.stop();
      // The manager picks up the counter as it was (the draft of H0001 stays on screen).
      await page.getByTestId('clerk-button').filter({ hasText: '店员' }).click();
      await page.keyboard.type(t.clerkPin);
      await page.keyboard.press('Enter');
      await page.getByTestId('status-clerk').filter({ hasText: '店员' }).waitFor();
      await page.getByTestId('open-menu').click();
      await page.getByTestId('menu-card-issue').click();
      await page.getByTestId('card-issue-household').fill('H0002');
      const fresh = await placeCard({ uid: NEW_CARD });
      try {
        await expect
          .poll(() => page.getByTestId('card-issue-uid').inputValue(), { timeout: 30_000 })
          .toBe(NEW_CARD);
      } finally {
        await fresh.remove();
      }
      await page.getByTestId('card-issue-replace').check();
      await shot(page, '9-card-issue');
      await page.getByTestId('card-issue-submit').click();
      await page.getByTestId('card-issue-done').waitFor();
      await shot(page, '10-card-issued');
      await page.getByTestId('card-issue-done').getByRole('button').click();
      const again = await placeCard({ uid: NEW_CARD });
      try {
        await page.getByTestId('household-panel').getByText('H0002').waitFor({ timeout: 30_000 });
      } finally {
        await again.remove();
      }
      const old = await pageCall(page, 'card.lookup', { uid: t.households[1]!.cardUid });
      expect(old.status).toBe('replaced');
      await server!.restart();
      const synced = await pageCall(page, 'sync.now', {});
      expect(synced).toMatchObject({ state: 'idle', pendingEntries: 0 });
    },
    PCSCD_TURN_TIMEOUT,
  );

  it('a manager resets a clerk’s PIN; the clerk must change it at the next login', async () => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-pin-reset').click();
    await page.getByTestId('pin-reset-clerk').selectOption({ label: newClerk.name });
    await page.getByTestId('pin-reset-pin').fill('739104');
    await page.getByTestId('pin-reset-submit').click();
    await page.getByTestId('pin-reset-done').waitFor();
    await shot(page, '11-pin-reset');
    await page.getByTestId('pin-reset-done').getByRole('button').click();
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-logout').click();
    await page.getByTestId('clerk-button').filter({ hasText: newClerk.name }).click();
    await page.keyboard.type('739104');
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-change').waitFor();
  });
});
