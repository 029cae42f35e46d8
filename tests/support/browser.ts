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

/**
 * Types like a keyboard-wedge scanner (a barcode, or a QR's text): the whole code and its Enter as one burst. A real
 * scanner's keys reach the page back to back; awaiting each key's round trip instead
 * spread them past the wedge's 30 ms gap on a loaded machine, and the scan read as typing.
 * The presses are queued in order on the one DevTools connection, so order is kept.
 */
export async function scanBarcode(page: Page, code: string): Promise<void> {
  await Promise.all([...code, 'Enter'].map((key) => page.keyboard.press(key)));
}
