import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints } from '../../src/money/points';
import { keyFingerprint } from '../../src/sync/setup-file';
import { openCounterPage, scanBarcode } from '../support/browser';
import { type Pcscd, startPcscd } from '../support/pcscd';
import { type Postgres, startPostgres } from '../support/postgres';
import { OFFICER, OfficerApi } from '../support/server-process';
import { seedTownship, type Township } from '../support/township';
import { placeCard } from '../support/virtual-card';
import { type ConsoleRig, signIn, startConsoleRig } from './helpers/console-rig';
import { pageCall } from './helpers/counter';
import { startTillHost, type TillHost } from './helpers/till-host';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

const OUT = join(process.cwd(), 'test-output');
/** The business clock of server and till: a fixed instant, never today's date (10:00 on 4 March). */
const NOW = Date.UTC(2030, 2, 4, 2, 0, 0);
const MONTH = '2030-03';
/** 09:00 on 1 April, Shanghai: the month has ended and can be closed. */
const NEXT_MONTH = Date.UTC(2030, 3, 1, 1, 0, 0);
const NEW_CARD = 'AB12CD34';
/** The household the roster brings, with its paper-ledger balance, and its card. */
const IMPORTED = { number: '101', head: '赵大山', opening: 8850, card: '5A6B7C8D' };
const SERVICE = { name: '理发', points: 800 };

let pg: Postgres | undefined;
let pcscd: Pcscd | undefined;
beforeAll(async () => {
  pg = await startPostgres();
  pcscd = await startPcscd();
}, PCSCD_TURN_TIMEOUT);
afterAll(async () => {
  await pcscd?.stop();
  await pg?.stop();
});

async function rosterXlsx(village: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['村', '户号', '户主', '家庭成员', '地址', '期初积分']);
  ws.addRow([village, Number(IMPORTED.number), IMPORTED.head, '钱小芳', '一组', IMPORTED.opening / 100]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The seq of the till's own last journal entry. */
function tillHead(dataDir: string): number {
  const db = new Database(join(dataDir, 'till.db'), { readonly: true });
  try {
    return db.prepare('SELECT coalesce(max(seq), 0) FROM journal').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The month's totals as the till's own ledger holds them (hundredths), to check the report against. */
function tillLedger(dataDir: string, month: string) {
  const db = new Database(join(dataDir, 'till.db'), { readonly: true });
  try {
    const sum = (where: string, ...args: string[]) =>
      db
        .prepare(`SELECT coalesce(sum(amount), 0) FROM points_entries WHERE ${where}`)
        .pluck()
        .get(...args) as number;
    const from = `${month}-01`;
    const to = `${month}-31`;
    const inMonth = 'business_date BETWEEN ? AND ?';
    return {
      issued: sum(`${inMonth} AND kind IN ('award', 'adjustment') AND amount > 0`, from, to),
      redeemed: sum(`${inMonth} AND kind = 'redemption'`, from, to),
      net: sum(inMonth, from, to),
      closing: sum('business_date <= ?', to),
    };
  } finally {
    db.close();
  }
}

/**
 * The go-live flow of issue 9, on a township server on SQLite and on PostgreSQL, a fresh
 * till host with no demo data, a virtual card through pcscd/vpcd and Chromium: the
 * console imports a roster with an opening balance, issues the household's card, makes a
 * clerk and a service item and an enrolment code; the till joins through its setup screen
 * (a mismatched fingerprint and a wrong code are refused, nothing written); the clerk
 * changes the initial PIN; the imported card shows its opening balance; a service item is
 * sold and synced and the dashboard shows the till caught up; the month is closed in the
 * console and the XLSX totals equal the till's own ledger (on SQLite the till restarts into
 * the new month and syncs past the cut-off; on PostgreSQL it stays behind and the officer
 * closes anyway). On SQLite only, the steps that do not touch the server again (the
 * offline card issue by tap, the PIN reset) and a second fresh till refused an expired and
 * an already-used code.
 */
describe.each(['sqlite', 'postgres'] as const)('a fresh till goes live with a township on %s', (dialect) => {
  const full = dialect === 'sqlite';
  // Steps that never touch the server again run once, on SQLite. On PostgreSQL they are
  // not registered at all: a reported skip would read as a gap in the suite.
  const itOnSqlite = (name: string, fn: () => Promise<void>, timeout?: number) => {
    if (full) it(name, fn, timeout);
  };
  let rig: ConsoleRig;
  let api: OfficerApi;
  let t: Township;
  let host: TillHost | undefined;
  let page: Page;
  let desk: Page;
  let fingerprint: string;
  const newClerk = { name: '王小丽', pin: '246810', newPin: '583920' };
  /** A code made on 4 March (valid 24 h), and the one the till enrols with (used once). */
  let oldCode = '';
  let usedCode = '';
  /** SQLite only: a second fresh till, started with the first one's restart into April. */
  let late: TillHost | undefined;
  const shot = async (p: Page, name: string) => {
    if (!full) return;
    mkdirSync(OUT, { recursive: true });
    await p.screenshot({ path: join(OUT, `till-setup-${name}.png`), fullPage: true });
  };

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
  /** The township's tills (the server's own device, which writes the console's events, is not one). */
  const devices = async () =>
    (await api.call<{ kind: string }[]>('GET', `/api/townships/${t.townshipId}/devices`)).filter(
      (d) => d.kind === 'till',
    );
  const tillRow = () => desk.locator('[data-till]');

  beforeAll(async () => {
    rig = await startConsoleRig({
      nowMs: NOW,
      databaseUrl: dialect === 'postgres' ? await pg!.newDatabase() : undefined,
    });
    api = new OfficerApi(rig.server.url);
    await api.login();
    t = await seedTownship(api, { villages: 1, shopsPerVillage: 1, households: 4 });
    const health = (await (await fetch(`${rig.server.url}/health`)).json()) as { serverPublicKey: string };
    fingerprint = keyFingerprint(health.serverPublicKey);
    host = await startTillHost({ demo: false, nowMs: NOW });
    page = await openCounterPage(rig.browser, host.url);
    ({ page: desk } = await rig.newPage());
    await signIn(desk, rig.base, OFFICER.username, OFFICER.password);
  });

  afterAll(async () => {
    await late?.dispose();
    await host?.dispose();
    await rig?.stop();
  });

  itOnSqlite('starts on an empty data folder and shows the setup screen with both choices', async () => {
    await page.getByTestId('setup-screen').waitFor();
    await page.getByText('加入乡镇').first().waitFor();
    await page.getByText('从U盘载入设置文件').waitFor();
    await shot(page, '1-choices');
  });

  itOnSqlite('refuses a server whose key does not match the fingerprint, and writes nothing', async () => {
    const wrong = keyFingerprint(Buffer.alloc(44, 7).toString('base64'));
    await fill({ serverUrl: rig.server.url, code: await code(), fingerprint: wrong });
    await page.getByTestId('setup-enrol').click();
    await page.getByText('密钥指纹与登记码上的不一致').waitFor();
    await shot(page, '2-fingerprint-mismatch');
    expect(await setupState()).toBe('needs-setup');
    // The key was checked before the code was sent: no device was enrolled.
    expect(await devices()).toHaveLength(0);
  });

  it('refuses a wrong code with a plain message, and writes nothing', async () => {
    await page.getByTestId('setup-screen').waitFor();
    await fill({ serverUrl: rig.server.url, code: 'AAAA-BBBB-CCCC', fingerprint });
    await page.getByTestId('setup-enrol').click();
    await page.getByText('登记码不对、已过期或已经用过').waitFor();
    await shot(page, '3-bad-code');
    expect(await setupState()).toBe('needs-setup');
    expect(await devices()).toHaveLength(0);
    oldCode = await code();
  });

  it('the console imports a roster with an opening balance, issues its card, makes a clerk and a service item', async () => {
    await desk.goto(`${rig.base}/console/#/roster`);
    await desk.getByLabel('花名册文件').setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx('第1村'),
    });
    await desk.getByRole('button', { name: '检查' }).click();
    await expect.poll(() => desk.getByTestId('changes').textContent()).toContain('将新建 1 户');
    await desk.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toContain('新建 1 户');

    await desk.goto(`${rig.base}/console/#/households`);
    await desk.getByLabel(/^查找/).fill(IMPORTED.number);
    await desk.getByRole('link', { name: IMPORTED.number }).click();
    await desk.getByRole('heading', { name: `第1村 ${IMPORTED.number} 号` }).waitFor();
    const head = desk.getByRole('row').filter({ hasText: IMPORTED.head });
    await head.getByRole('button', { name: '发卡' }).click();
    // The reader types into the box that took the focus when it opened; keys before it are lost.
    await desk.getByLabel('卡号（刷卡或手动输入）').waitFor();
    await desk.keyboard.type(IMPORTED.card.toLowerCase());
    await desk.keyboard.press('Enter');
    await expect.poll(() => head.textContent()).toContain(IMPORTED.card);

    await desk.goto(`${rig.base}/console/#/clerks`);
    await desk.getByLabel('姓名').fill(newClerk.name);
    await desk.getByLabel('初始密码（6–8 位数字）').fill(newClerk.pin);
    await desk.getByRole('button', { name: '新增', exact: true }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toBe(`已新增店员 ${newClerk.name}`);

    await desk.goto(`${rig.base}/console/#/products`);
    await desk.getByLabel('名称', { exact: true }).fill(SERVICE.name);
    await desk.getByLabel('积分价', { exact: true }).fill(String(SERVICE.points / 100));
    await desk.getByLabel('进价（元）', { exact: true }).fill('0');
    await desk.getByLabel('服务项目（无库存）').check();
    await desk.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toBe(`已保存 ${SERVICE.name}`);
  });

  it('makes an enrolment code in the console; the till scans its QR, pulls the shop and shows the login', async () => {
    await desk.goto(`${rig.base}/console/#/enrolment`);
    const answer = desk.waitForResponse(
      (r) => r.url().endsWith('/enrolment-codes') && r.request().method() === 'POST',
    );
    await desk
      .locator('tr', { hasText: '第1村积分超市1' })
      .getByRole('button', { name: '生成登记码' })
      .click();
    const issued = (await (await answer).json()) as { code: string; qr: { fingerprint: string } };
    usedCode = issued.code;
    await expect.poll(() => desk.getByTestId('code-text').textContent()).toBe(issued.code);
    expect(issued.qr.fingerprint).toBe(fingerprint);

    await page.locator('input[name="code"]').click();
    // A 2D scanner in keyboard-wedge mode: the QR's text as fast keystrokes, then Enter.
    await scanBarcode(page, JSON.stringify(issued.qr));
    await page.getByText('已扫描登记二维码').waitFor();
    expect(await page.locator('input[name="fingerprint"]').inputValue()).toBe(fingerprint);
    await shot(page, '4-qr-scanned');
    await page.getByTestId('setup-enrol').click();
    await page.getByTestId('clerk-button').filter({ hasText: newClerk.name }).waitFor({ timeout: 30_000 });
    await page.getByTestId('status-shop').getByText('第1村积分超市1').waitFor();
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
    await page.getByTestId('shift-open').click();
    await page.getByTestId('waiting-screen').waitFor();
  });

  it(
    'taps the card of the household the roster brought: its opening balance shows',
    async () => {
      const card = await placeCard({ uid: IMPORTED.card });
      try {
        const panel = page.getByTestId('household-panel');
        await panel.waitFor({ timeout: 30_000 });
        await panel.getByText(IMPORTED.head).first().waitFor();
        await expect
          .poll(() => panel.getByTestId('household-balance').textContent())
          .toBe(formatPoints(IMPORTED.opening));
        expect(await panel.locator('.recent').textContent()).toContain('期初积分');
        await shot(page, '8-opening-balance');
      } finally {
        await card.remove();
      }
    },
    PCSCD_TURN_TIMEOUT,
  );

  it('sells a service item and syncs: the dashboard shows the sale and the till caught up', async () => {
    const headBeforeSale = tillHead(host!.dataDir);

    await page.getByTestId('product-search').fill(SERVICE.name);
    await page.getByTestId('product-tile').filter({ hasText: SERVICE.name }).click();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe(formatPoints(SERVICE.points));
    await page.locator('body').click({ position: { x: 5, y: 740 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('success-screen').waitFor();
    expect(await page.getByTestId('success-balance').textContent()).toBe(
      formatPoints(IMPORTED.opening - SERVICE.points),
    );
    await shot(page, '9-service-sold');
    expect(await pageCall(page, 'sync.now', {})).toMatchObject({ state: 'idle', pendingEntries: 0 });

    await desk.goto(`${rig.base}/console/#/dashboard`);
    await tillRow().waitFor();

    const seqs = async () => {
      await desk.getByRole('button', { name: '刷新' }).click();
      const cells = await tillRow().locator('td').allTextContents();
      return { till: Number(cells[5]), server: Number(cells[6]), lag: cells[7] };
    };
    // The sale is one more entry the server holds from this till, and it lags the till by none.
    await expect
      .poll(seqs)
      .toEqual({ till: headBeforeSale + 1, server: headBeforeSale + 1, lag: '已同步完' });
    await shot(desk, 'console-dashboard-after-sale');
    // The sale itself, as the township sees it on the household's statement.
    await desk.goto(`${rig.base}/console/#/households`);
    await desk.getByLabel(/^查找/).fill(IMPORTED.number);
    await desk.getByRole('link', { name: IMPORTED.number }).click();
    await desk.getByRole('link', { name: '积分明细' }).click();
    await expect
      .poll(() => desk.getByTestId('balance').textContent())
      .toBe(formatPoints(IMPORTED.opening - SERVICE.points));
    const sale = desk.locator('tbody tr').filter({ hasText: '第1村积分超市1' });
    await expect.poll(() => sale.textContent()).toContain(formatPoints(-SERVICE.points));
  });

  itOnSqlite(
    'a manager issues a replacement card by tapping it while offline; it syncs up and opens the household',
    async () => {
      await page.getByTestId('open-menu').click();
      await page.getByTestId('menu-logout').click();
      await rig.server.stop();
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
      await shot(page, '10-card-issue');
      await page.getByTestId('card-issue-submit').click();
      await page.getByTestId('card-issue-done').waitFor();
      await shot(page, '11-card-issued');
      await page.getByTestId('card-issue-done').getByRole('button').click();
      const again = await placeCard({ uid: NEW_CARD });
      try {
        await page.getByTestId('household-panel').getByText('H0002').waitFor({ timeout: 30_000 });
      } finally {
        await again.remove();
      }
      const old = await pageCall(page, 'card.lookup', { uid: t.households[1]!.cardUid });
      expect(old.status).toBe('replaced');
      await rig.server.restart();
      const synced = await pageCall(page, 'sync.now', {});
      expect(synced).toMatchObject({ state: 'idle', pendingEntries: 0 });
    },
    PCSCD_TURN_TIMEOUT,
  );

  itOnSqlite('a manager resets a clerk’s PIN; the clerk must change it at the next login', async () => {
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-pin-reset').click();
    await page.getByTestId('pin-reset-clerk').selectOption({ label: newClerk.name });
    await page.getByTestId('pin-reset-pin').fill('739104');
    await page.getByTestId('pin-reset-submit').click();
    await page.getByTestId('pin-reset-done').waitFor();
    await shot(page, '12-pin-reset');
    await page.getByTestId('pin-reset-done').getByRole('button').click();
    await page.getByTestId('open-menu').click();
    await page.getByTestId('menu-logout').click();
    await page.getByTestId('clerk-button').filter({ hasText: newClerk.name }).click();
    await page.keyboard.type('739104');
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-change').waitFor();
  });

  it('after the month ends, the console closes it; the XLSX totals equal the till’s own ledger', async () => {
    const ledger = tillLedger(host!.dataDir, MONTH);
    expect(ledger.issued).toBe(IMPORTED.opening);
    expect(ledger.redeemed).toBe(-SERVICE.points);
    if (full) {
      // A new month on both clocks: the till restarts on its data folder and syncs at start.
      await host!.stop();
      const [, restarted, second] = await Promise.all([
        rig.server.restart({ JIFEN_TEST_NOW_MS: String(NEXT_MONTH) }),
        startTillHost({ demo: false, nowMs: NEXT_MONTH, dataDir: host!.dataDir, port: host!.port }),
        startTillHost({ demo: false, nowMs: NEXT_MONTH }),
      ]);
      host = restarted;
      late = second;
    } else {
      // Only the server moves on: the till has not synced since the cut-off, so it is listed
      // as behind and the officer closes anyway (it holds nothing the server lacks).
      await rig.server.restart({ JIFEN_TEST_NOW_MS: String(NEXT_MONTH) });
    }

    await signIn(desk, rig.base, OFFICER.username, OFFICER.password);
    await desk.goto(`${rig.base}/console/#/periods/${MONTH}`);
    if (full) {
      // The restarted till syncs past the cut-off by itself; no till is behind.
      await expect
        .poll(
          async () => {
            await desk.reload();
            await desk.getByTestId('period-counts').waitFor();
            return desk.getByText('所有收银机都已同步到截止时间之后').count();
          },
          { timeout: 30_000 },
        )
        .toBe(1);
    } else {
      await expect.poll(() => desk.getByTestId('behind').textContent()).toContain('第1村积分超市1');
      await desk.getByLabel(/仍然结账/).check();
    }
    await desk.getByLabel(`输入月份 ${MONTH} 确认结账`).fill(MONTH);
    await desk.getByRole('button', { name: '结账' }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toBe(`${MONTH} 已结账并签名`);
    await shot(desk, 'console-period-closed-after-sale');

    const download = desk.waitForEvent('download');
    await desk.getByRole('link', { name: /XLSX/ }).click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await (await download).path())!)) as unknown as ExcelJS.Buffer);
    const summary = wb.getWorksheet('汇总 Summary')!;
    const value = (label: string) => {
      let v: unknown;
      summary.eachRow((r) => {
        if (String(r.getCell(1).value).includes(label)) v = r.getCell(2).value;
      });
      return Math.round(Number(v) * 100);
    };
    summary.eachRow((r) => {
      if (String(r.getCell(1).value).includes('Status'))
        expect(String(r.getCell(2).value)).toContain('Closed');
    });
    expect(value('Issued')).toBe(ledger.issued);
    expect(value('Redeemed')).toBe(ledger.redeemed);
    expect(value('Net')).toBe(ledger.net);
    expect(value('Closing points balance')).toBe(ledger.closing);
  });

  itOnSqlite(
    'another fresh till is refused an expired code and an already-used one, and nothing is written',
    async () => {
      const fresh = await openCounterPage(rig.browser, late!.url);
      await api.login();
      for (const [name, c] of [
        ['expired', oldCode],
        ['used', usedCode],
      ] as const) {
        await fresh.goto(late!.url);
        await fresh.getByTestId('setup-screen').waitFor();
        for (const [field, value] of Object.entries({ serverUrl: rig.server.url, code: c, fingerprint }))
          await fresh.locator(`input[name="${field}"]`).fill(value);
        await fresh.getByTestId('setup-enrol').click();
        await fresh.getByText('登记码不对、已过期或已经用过').waitFor();
        await shot(fresh, `13-${name}-code`);
        const phase = await pageCall(fresh, 'setup.state', {});
        expect(phase.phase).toBe('needs-setup');
        expect(await devices()).toHaveLength(1);
      }
    },
  );
});
