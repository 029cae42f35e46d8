import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERKS, seedDemo } from '../../main/demo/seed';
import { TillStore } from '../../main/store';
import { launchChromium, openCounterPage, screenshot } from '../support/browser';
import { startTillHost, type TillHost } from './helpers/till-host';

/**
 * Issue 11: ten wrong PINs in a row lock a clerk until a manager unlocks them at the
 * login screen with the manager's own PIN; the clerk then logs in. Real host, real
 * Chromium. The till starts with nine wrong PINs already counted (two short lockouts'
 * worth would take five minutes of real time to reach through the screen).
 */
const NOW = Date.UTC(2031, 9, 17, 2);
const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
const manager = DEMO_CLERKS.find((c) => c.role === 'manager')!;

describe('manager unlock at the login screen', () => {
  let host: TillHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jifen-e2e-unlock-'));
    const dbPath = join(dataDir, 'till.db');
    seedDemo(dbPath, { now: NOW, light: true, historyDays: 3 });
    const store = new TillStore(dbPath);
    try {
      const id = store.db.prepare('SELECT id FROM clerks WHERE name = ?').pluck().get(clerk.name) as string;
      store.db
        .prepare(
          "INSERT INTO pin_lockouts (clerk_id, path, failed_attempts, locked_until) VALUES (?, 'login', 9, NULL)",
        )
        .run(id);
    } finally {
      store.close();
    }
    host = await startTillHost({ dataDir, nowMs: NOW });
    browser = await launchChromium();
    page = await openCounterPage(browser, host.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.dispose();
  });

  it('the tenth wrong PIN asks for a manager; a manager’s own PIN unlocks; the clerk logs in', async () => {
    await page.getByTestId('clerk-button').filter({ hasText: clerk.name }).click();
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('unlock-panel');
    await panel.waitFor();
    await expect(page.getByTestId('refusal').first().getAttribute('data-code')).resolves.toBe('CLERK_LOCKED');
    await expect(panel.textContent()).resolves.toContain(`店长为 ${clerk.name} 解锁`);
    // The right PIN does not help now: only the manager does.
    await page.getByTestId('unlock-manager').filter({ hasText: manager.name }).click();
    await screenshot(page, '70-unlock-manager-zh');

    await page.keyboard.type('1111');
    await page.keyboard.press('Enter');
    await page.getByTestId('unlock-panel').getByTestId('refusal').waitFor();
    await expect(
      page.getByTestId('unlock-panel').getByTestId('refusal').getAttribute('data-code'),
    ).resolves.toBe('WRONG_PIN');

    await page.keyboard.type(manager.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('unlocked').waitFor();
    await expect(page.getByTestId('unlocked').textContent()).resolves.toContain(`${clerk.name} 已解锁`);
    await screenshot(page, '71-unlocked-zh');

    await page.keyboard.type(clerk.pin);
    await page.keyboard.press('Enter');
    const open = page.getByTestId('shift-open');
    const waiting = page.getByTestId('waiting-screen');
    await open.or(waiting).first().waitFor();
  });

  it('the same panel in English', async () => {
    const en = await openCounterPage(browser!, host!.url);
    await en.evaluate(() => localStorage.setItem('jifen-till.lang', 'en'));
    await en.reload();
    // Lock the clerk again through the service so the English page shows the panel.
    const store = new TillStore(join(host!.dataDir, 'till.db'));
    try {
      const id = store.db.prepare('SELECT id FROM clerks WHERE name = ?').pluck().get(clerk.name) as string;
      store.db
        .prepare(
          `INSERT INTO pin_lockouts (clerk_id, path, failed_attempts, locked_until) VALUES (?, 'login', 9, NULL)
           ON CONFLICT (clerk_id, path) DO UPDATE SET failed_attempts = 9, locked_until = NULL`,
        )
        .run(id);
    } finally {
      store.close();
    }
    await en.getByTestId('clerk-button').filter({ hasText: clerk.name }).click();
    await en.keyboard.type('0000');
    await en.keyboard.press('Enter');
    await en.getByTestId('unlock-panel').waitFor();
    await expect(en.getByTestId('unlock-panel').textContent()).resolves.toContain('Manager unlock');
    await screenshot(en, '72-unlock-manager-en');
  });
});
