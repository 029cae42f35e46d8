import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR } from '../../support/browser';
import { type ServerProcess, startServer } from '../../support/server-process';
import { buildConsoleOnce } from './console-build';

/**
 * A township server child process serving a freshly built console, and Chromium. With
 * `firstRun` the server starts empty (no bootstrap officer) so the test walks the
 * one-time setup page; `https` serves the self-signed certificate the server makes.
 */
export interface ConsoleRig {
  server: ServerProcess;
  /** https://127.0.0.1:<port> or http://... */
  base: string;
  browser: Browser;
  dir: string;
  /** The JSON start line the server printed last (listening, fingerprint, setupUrl). */
  startInfo(): { listening: string; fingerprint: string; setupUrl: string | null };
  newPage(lang?: 'zh-CN' | 'en'): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

export async function startConsoleRig(opts: {
  databaseUrl?: string;
  nowMs: number;
  firstRun?: boolean;
  https?: boolean;
  env?: Record<string, string>;
}): Promise<ConsoleRig> {
  const consoleDir = await buildConsoleOnce();
  const dir = mkdtempSync(join(tmpdir(), 'jifen-console-rig-'));
  const server = await startServer({
    dir,
    databaseUrl: opts.databaseUrl,
    nowMs: opts.nowMs,
    env: {
      JIFEN_CONSOLE_DIR: consoleDir,
      ...(opts.firstRun ? { JIFEN_BOOTSTRAP_OFFICER: '' } : {}),
      ...(opts.https ? { JIFEN_TLS: 'on' } : {}),
      ...opts.env,
    },
  });
  const base = opts.https ? server.url.replace(/^http:/, 'https:') : server.url;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    server,
    base,
    browser,
    dir,
    startInfo() {
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{"listening"'));
      return JSON.parse(lines[lines.length - 1] ?? '{}');
    },
    async newPage(lang = 'zh-CN') {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        locale: lang,
        timezoneId: 'Asia/Shanghai',
        ignoreHTTPSErrors: true,
        acceptDownloads: true,
      });
      contexts.push(context);
      if (lang === 'en') await context.addInitScript(() => localStorage.setItem('jifen-console.lang', 'en'));
      return { context, page: await context.newPage() };
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** test-output/console-<name>.png (the issue asks for every console page there); look at them. */
export async function consoleShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, '..', `console-${name}.png`), fullPage: true });
}

export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/console/#/sign-in`);
  await page.getByLabel(/用户名|User name/).fill(username);
  await page.getByLabel(/^密码$|^Password$/).fill(password);
  await page.getByRole('button', { name: /^登录$|^Sign in$/ }).click();
  await page.locator('.topbar').waitFor();
}
