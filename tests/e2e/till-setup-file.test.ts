import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupFile } from '../../src/sync/setup-file';
import { launchChromium, openCounterPage } from '../support/browser';
import { OfficerApi, type ServerProcess, startServer } from '../support/server-process';
import { seedTownship, type Township } from '../support/township';
import { pageCall } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';

const OUT = join(process.cwd(), 'test-output');
const shot = async (page: Page, name: string) => {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `till-setup-file-${name}.png`) });
};
const NOW = Date.UTC(2030, 8, 2, 1, 0, 0);

/**
 * A village with no network: the officer downloads a signed setup file, the server goes
 * away, and the till sets itself up from the file on the USB stick (a tampered copy is
 * refused first). When the network is back, its first sync enrols it with the file's code.
 */
describe('a fresh till sets up from a signed setup file with no network', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let api: OfficerApi;
  let t: Township;
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let file: SetupFile;
  const usb = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jifen-setup-file-'));
    server = await startServer({ dir, nowMs: NOW });
    api = new OfficerApi(server.url);
    await api.login();
    t = await seedTownship(api, { villages: 2, shopsPerVillage: 1, households: 6 });
    file = await api.call<SetupFile>('POST', `/api/shops/${t.shopIds[0]}/setup-file`, {
      serverUrl: server.url,
    });
    await server.stop();
    host = await startTillHost({ demo: false, env: { JIFEN_TEST_NOW_MS: String(NOW) } });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a tampered setup file and writes nothing', async () => {
    await page.getByTestId('setup-screen').waitFor();
    const tampered = { ...file, shopName: `${file.shopName}（改）` };
    await page.getByTestId('setup-file-input').setInputFiles(usb('tampered.json', tampered));
    await page.getByText('设置文件的签名不对').waitFor();
    await shot(page, '1-tampered');
    const state = await pageCall(page, 'setup.state', {});
    expect(state.phase).toBe('needs-setup');
  });

  it('sets up from the file with the server unreachable and shows the login', async () => {
    await page.getByTestId('setup-file-input').setInputFiles(usb('jifen-setup.json', file));
    await page.getByTestId('clerk-button').filter({ hasText: '店员' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('status-shop').getByText(file.shopName).waitFor();
    await shot(page, '2-login');
    await page.getByTestId('clerk-button').filter({ hasText: '店员' }).click();
    await page.keyboard.type(t.clerkPin);
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-open').waitFor();
    const found = await pageCall(page, 'card.lookup', { uid: t.households[0]!.cardUid });
    expect(found.household?.number).toBe('H0001');
  });

  it('enrols online with the file’s code once the network is back', async () => {
    await server!.restart();
    const status = await pageCall(page, 'sync.now', {});
    expect(status.state).toBe('idle');
    const devices = await api.call<{ shopId: string }[]>('GET', `/api/townships/${t.townshipId}/devices`);
    expect(devices.map((d) => d.shopId)).toEqual([t.shopIds[0]]);
    await shot(page, '3-enrolled-online');
  });
});
