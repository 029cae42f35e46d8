import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (which downloads no browser). Tests fail
 * with the install command when Chromium or the CJK font is missing; never skip.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_PACKAGES_COMMAND = 'apt-get update && apt-get install -y chromium fonts-wqy-microhei';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it as root:\n  ${CHROMIUM_PACKAGES_COMMAND}`);
  }
  return chromium.launch({ executablePath: CHROMIUM });
}

/** A counter-sized page (1024×768, the smallest screen the till supports). */
export async function openCounterPage(browser: Browser, url: string, size = { width: 1024, height: 768 }) {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Saves test-output/screenshots/<name>.png; the tests' authors look at these. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** A scanner's keys arrive this far apart (a wedge sends a code in a few ms a key). */
const SCAN_KEY_GAP_S = 0.004;

/**
 * Types like a keyboard-wedge scanner (a barcode, or a QR's text): the whole code and its
 * Enter as one burst, each key stamped 4 ms after the one before. The wedge
 * (renderer/scan/wedge.ts) measures gaps between the keys' own timestamps, as an OS
 * stamps a real scanner's keys when they arrive; DevTools lets the test set those stamps,
 * so the burst reads as a scan however loaded the machine is. Pressing the keys through
 * `page.keyboard` let a busy machine stamp them 30 ms and more apart, and a scan then read
 * as typing.
 */
export async function scanBarcode(page: Page, code: string): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    await Promise.all(
      [...code, 'Enter'].flatMap((key, i) => {
        const timestamp = start + i * SCAN_KEY_GAP_S;
        const text = key === 'Enter' ? '\r' : key;
        const windowsVirtualKeyCode =
          key === 'Enter' ? 13 : /^[0-9A-Z]$/i.test(key) ? key.toUpperCase().charCodeAt(0) : 0;
        const fields = { key, windowsVirtualKeyCode };
        return [
          devtools.send('Input.dispatchKeyEvent', {
            type: 'keyDown',
            timestamp,
            text,
            unmodifiedText: text,
            ...fields,
          }),
          devtools.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: timestamp + 0.001, ...fields }),
        ];
      }),
    );
  } finally {
    await devtools.detach();
  }
}
