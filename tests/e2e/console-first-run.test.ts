import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Postgres, startPostgres } from '../support/postgres';
import { startServer } from '../support/server-process';
import { type ConsoleRig, consoleShot, signIn, startConsoleRig } from './helpers/console-rig';

/**
 * Issue 9, part A, on both dialects: an empty township server over HTTPS prints a one-time
 * setup address; the first officer is made there; a second visit is refused; the officer
 * signs in (HttpOnly, SameSite=Strict cookie) and out; requests without a session or with a
 * forged CSRF token are refused in both languages and change nothing.
 */
const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
const OFFICER = { township: '青山镇', name: '王主任', username: 'wang', password: 'qingshan-2027-secret' };

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

describe.each(['sqlite', 'postgres'] as const)('console first run on %s', (dialect) => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startConsoleRig({
      nowMs: NOW,
      firstRun: true,
      https: true,
      databaseUrl: dialect === 'postgres' ? await pg.newDatabase() : undefined,
    });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('prints a one-time HTTPS setup address and the key fingerprint, and makes the first officer there', async () => {
    const info = rig.startInfo();
    expect(info.listening).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.setupUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/console\/#\/setup\/[\w-]{20,}$/);
    expect(rig.server.output()).toContain(`服务器密钥指纹 Server key fingerprint: ${info.fingerprint}`);

    const { page } = await rig.newPage();
    await page.goto(`${rig.base}/console/#/setup/wrong-token`);
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toBe(info.fingerprint);
    await page.getByLabel('乡镇名称').fill(OFFICER.township);
    await page.getByLabel('您的姓名').fill(OFFICER.name);
    await page.getByLabel('用户名（登录用）').fill(OFFICER.username);
    await page.getByLabel('密码（至少 10 个字符）').fill(OFFICER.password);
    await page.getByLabel('再输一次密码').fill(OFFICER.password);
    await page.getByRole('button', { name: '建立账号' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('设置地址无效');

    await page.goto(info.setupUrl!);
    await page.getByLabel('乡镇名称').fill(OFFICER.township);
    await page.getByLabel('您的姓名').fill(OFFICER.name);
    await page.getByLabel('用户名（登录用）').fill(OFFICER.username);
    await page.getByLabel('密码（至少 10 个字符）').fill('short');
    await page.getByLabel('再输一次密码').fill('short');
    await page.getByRole('button', { name: '建立账号' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('密码至少 10 个字符');
    await page.getByLabel('密码（至少 10 个字符）').fill(OFFICER.password);
    await page.getByLabel('再输一次密码').fill(OFFICER.password);
    // The refusal was about the old password: it goes once the password changes.
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    if (dialect === 'sqlite') await consoleShot(page, 'setup');
    await page.getByRole('button', { name: '建立账号' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('设置完成');
  });

  it('refuses a second setup visit, also after a restart, and prints no setup address any more', async () => {
    const info = rig.startInfo();
    const { page } = await rig.newPage();
    await page.goto(info.setupUrl!);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('本服务器已经设置过');
    if (dialect === 'sqlite') await consoleShot(page, 'setup-again');
    const res = await page.evaluate(async (token) => {
      const r = await fetch('/console/api/setup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          townshipName: 'x',
          name: 'x',
          username: 'mallory',
          password: 'long-enough-pass',
        }),
      });
      return { status: r.status, body: await r.json() };
    }, info.setupUrl!.split('/').pop());
    expect(res.status).toBe(403);
    expect(res.body.error.details.reason).toBe('already-set-up');
    expect(res.body.error.en).toContain('already set up');
    // Nothing was written: the would-be second officer cannot sign in.
    const mallory = await page.evaluate(async () => {
      const r = await fetch('/console/api/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'mallory', password: 'long-enough-pass' }),
      });
      return r.status;
    });
    expect(mallory).toBe(401);

    await rig.server.restart();
    expect(rig.startInfo().setupUrl).toBeNull();
    expect(rig.startInfo().fingerprint).toBe(info.fingerprint);
  });

  it('signs in with an HttpOnly SameSite=Strict Secure cookie, refuses a wrong password, signs out', async () => {
    const { context, page } = await rig.newPage();
    await page.goto(`${rig.base}/console/`);
    await page.getByLabel('用户名').waitFor();
    // A first visit is not an expired session.
    expect(await page.locator('.notice').count()).toBe(0);
    await page.getByLabel('用户名').fill(OFFICER.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码不对');
    if (dialect === 'sqlite') await consoleShot(page, 'sign-in');

    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('王主任（乡镇干部）');
    await expect.poll(() => page.locator('.topbar').textContent()).toContain(OFFICER.township);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: 'jifen_console',
      httpOnly: true,
      sameSite: 'Strict',
      secure: true,
      path: '/console',
    });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    const after = await page.evaluate(async () => (await fetch('/console/api/session')).status);
    expect(after).toBe(401);
  });

  it('refuses a request without a session and one with a forged CSRF token, in both languages, changing nothing', async () => {
    const { page } = await rig.newPage('en');
    await page.goto(`${rig.base}/console/`);
    const anonymous = await page.evaluate(async () => {
      const r = await fetch('/console/api/sign-out', { method: 'POST' });
      return { status: r.status, body: await r.json() };
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({
      code: 'NOT_LOGGED_IN',
      zh: '请先登录',
      en: 'Please sign in first',
    });

    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('Township officer');
    const forged = await page.evaluate(async () => {
      const r = await fetch('/console/api/sign-out', {
        method: 'POST',
        headers: { 'x-csrf-token': 'forged' },
      });
      return { status: r.status, body: await r.json() };
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.details.reason).toBe('csrf');
    expect(forged.body.error.zh).toContain('CSRF');
    expect(forged.body.error.en).toContain('nothing was changed');
    // The forged sign-out did not end the session.
    expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(200);
    // Even with the cookie and the right token, a change sent from another site's page is refused.
    const cookies = await page.context().cookies();
    const csrf = await page.evaluate(async () => (await (await fetch('/console/api/session')).json()).csrf);
    const crossSite = await page.context().request.post(`${rig.base}/console/api/sign-out`, {
      headers: {
        origin: 'https://evil.example',
        'x-csrf-token': csrf,
        cookie: `jifen_console=${cookies[0]!.value}`,
      },
    });
    expect(crossSite.status()).toBe(403);
    expect((await crossSite.json()).error.en).toBe('The request came from another site; nothing was changed');
    expect(await page.evaluate(async () => (await fetch('/console/api/session')).status)).toBe(200);
  });
  it('makes an enrolment code over HTTPS whose QR pins the printed key and certificate', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    const call = (method: string, path: string, body?: unknown) =>
      page.evaluate(
        async ({ method, path, body }) => {
          const s = await (await fetch('/console/api/session')).json();
          const r = await fetch(`/console/api${path}`, {
            method,
            headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrf },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return r.json();
        },
        { method, path, body },
      );
    const session = await call('GET', '/session');
    const t = session.townships[0].id;
    const village = await call('POST', `/townships/${t}/villages`, { name: '东村' });
    const shop = await call('POST', `/townships/${t}/shops`, {
      villageId: village.id,
      name: '东村积分超市',
      receiptHeader: '',
      receiptFooter: '',
      redemptionWindow: null,
    });
    const code = await call('POST', `/townships/${t}/shops/${shop.id}/enrolment-codes`);
    const printedTls = /TLS certificate SHA-256: ([0-9A-F:]+)/.exec(rig.server.output())?.[1];
    expect(code.qr).toEqual({
      format: 'jifen-enrol/1',
      code: code.code,
      server: rig.base,
      fingerprint: rig.startInfo().fingerprint,
      tls: printedTls,
    });
  });
});

describe('plain HTTP', () => {
  it('is refused on a network address unless explicitly allowed', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'jifen-plain-'));
    try {
      await expect(
        startServer({ dir, nowMs: NOW, env: { HOST: '0.0.0.0', JIFEN_TLS: 'off' } }),
      ).rejects.toThrow(/Plain HTTP is only for loopback/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('session expiry', () => {
  it('ends an idle session: the next request is refused and the page asks to sign in again', async () => {
    const rig = await startConsoleRig({ nowMs: NOW, env: { JIFEN_CONSOLE_IDLE_MS: '1500' } });
    try {
      const { page } = await rig.newPage();
      await page.goto(`${rig.base}/console/`);
      await page.evaluate(async () => {
        await fetch('/console/api/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'correct-horse-battery' }),
        });
      });
      await page.reload();
      await expect.poll(() => page.locator('.notice').textContent()).toBe('这个账号还没有可管理的乡镇。');
      // Idle past the timeout (the server's clock runs on from NOW).
      await new Promise((r) => setTimeout(r, 2000));
      const answer = page.waitForResponse((r) => r.url().endsWith('/console/api/session'));
      await page.reload();
      const res = await answer;
      expect(res.status()).toBe(401);
      const body = await res.json();
      expect(body.error.details.reason).toBe('session-expired');
      expect(body.error.en).toBe('Your session has expired; please sign in again');
      await expect.poll(() => page.locator('.notice').textContent()).toBe('登录已过期，请重新登录');
    } finally {
      await rig.stop();
    }
  });
});
