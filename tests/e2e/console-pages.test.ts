import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFrom, verifyText } from '../../server/crypto/keys';
import { checkSetupFile } from '../../src/sync/setup-file';
import { type Postgres, startPostgres } from '../support/postgres';
import { OfficerApi } from '../support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from '../support/township';
import { type ConsoleRig, consoleShot, signIn, startConsoleRig } from './helpers/console-rig';

/**
 * Each console page against a real server on both dialects, driven in Chromium: villages
 * and shops, enrolment codes (QR and signed setup file), the dashboard with two raw tills
 * (one fully synced, one behind), devices, overdraft review, month-end close with signed
 * downloads, a late entry on a household's statement, and the audit trail. Another
 * township's ids and a cadre's reach are refused.
 */
const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
const LAST_MONTH = '2027-02';
const OFFICER = { username: 'wang', password: 'qingshan-officer-pw', name: '王主任' };
const CADRE = { username: 'li', password: 'qingshan-cadre-pw', name: '李书记' };

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

const verify = (pub: string, text: string, sig: string) => {
  const k = publicKeyFrom(pub);
  return !!k && verifyText(k, text, sig);
};

/** fetch from the page (its cookie, its CSRF token unless `csrf` overrides). */
async function pageFetch(page: Page, method: string, path: string, body?: unknown, csrf?: string) {
  return page.evaluate(
    async ({ method, path, body, csrf }) => {
      const s = await (await fetch('/console/api/session')).json();
      const r = await fetch(`/console/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf ?? s.csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    { method, path, body, csrf },
  );
}

describe.each(['sqlite', 'postgres'] as const)('console pages on %s', (dialect) => {
  let rig: ConsoleRig;
  let admin: OfficerApi;
  let town: Township;
  let other: Township;
  let tillA: RawDevice;
  let tillB: RawDevice;
  let page: Page;
  const shot = (name: string) => (dialect === 'sqlite' ? consoleShot(page, name) : Promise.resolve());

  beforeAll(async () => {
    rig = await startConsoleRig({
      nowMs: NOW,
      databaseUrl: dialect === 'postgres' ? await pg.newDatabase() : undefined,
    });
    admin = new OfficerApi(rig.base);
    await admin.login();
    town = await seedTownship(admin, { villages: 2, shopsPerVillage: 1, households: 4 });
    other = await seedTownship(admin, { villages: 1, shopsPerVillage: 1, households: 1 });
    await admin.call('POST', '/api/officers', { ...OFFICER, role: 'officer', townshipId: town.townshipId });
    await admin.call('POST', '/api/officers', {
      ...CADRE,
      role: 'cadre',
      townshipId: town.townshipId,
      villageId: town.villageIds[0],
    });
    // Two tills of the first village's shop, with last month's trade.
    tillA = new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock);
    tillB = new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock);
    await tillA.enroll(admin);
    await tillB.enroll(admin);
    tillA.clerkId = town.clerkId;
    tillB.clerkId = town.clerkId;
    const h = town.households[0]!;
    tillA.append(1, () => bodies.award(h.id, 1000), '2027-02-15');
    tillA.append(1, () => bodies.sale(town.shopIds[0]!, h, town.productIds[0]!, 1, 3000, 1200), '2027-02-16');
    const pushA = await tillA.post('/sync/push', { entries: tillA.chain, head: tillA.chain.length });
    expect(pushA.status, pushA.text).toBe(200);
    tillB.append(3, () => bodies.award(town.households[2]!.id, 500), '2027-02-20');
    const pushB = await tillB.post('/sync/push', { entries: tillB.chain.slice(0, 1), head: 3 });
    expect(pushB.status, pushB.text).toBe(200);
    const pullA = await tillA.post('/sync/pull', {
      cursor: 0,
      masterVersion: 0,
      head: tillA.chain.length,
      status: {
        appVersion: '0.1.0',
        problems: [{ part: 'printer', zh: '打印机缺纸', en: 'Printer out of paper' }],
      },
    });
    expect(pullA.status, pullA.text).toBe(200);
    ({ page } = await rig.newPage());
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('villages and shops: adds a village and a shop with its window and receipt texts, then edits it', async () => {
    await page.goto(`${rig.base}/console/#/shops`);
    await page.getByLabel('村名').fill('东山村');
    await page.getByRole('button', { name: '添加村' }).click();
    const village = page.locator('[data-village="东山村"]');
    await village.getByRole('button', { name: '在本村新建店' }).click();
    await village.getByLabel('店名').fill('东山村积分超市');
    await village.getByLabel('小票抬头').fill('东山村积分超市欢迎您');
    await village.getByLabel('小票结尾').fill('文明家庭 积分光荣');
    await village.getByLabel('一', { exact: true }).check();
    await village.getByLabel('五', { exact: true }).check();
    await village.getByLabel('从', { exact: true }).fill('08:00');
    await village.getByLabel('到', { exact: true }).fill('17:00');
    await village.getByLabel(/日期范围/).fill('2027-03-01 .. 2027-03-31\nnot a range');
    await village.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => village.getByRole('alert').textContent()).toBe('日期范围格式不对：not a range');
    await village.getByLabel(/日期范围/).fill('2027-03-01..2027-03-31');
    await village.getByRole('button', { name: '保存' }).click();
    const row = village.locator('[data-shop="东山村积分超市"]');
    await expect.poll(() => row.textContent()).toContain('每周一、五，08:00–17:00，1 个日期范围');
    await expect.poll(() => row.textContent()).toContain('文明家庭 积分光荣');
    await row.getByRole('button', { name: '修改' }).click();
    await village.getByLabel('小票结尾').fill('谢谢惠顾');
    await village.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.textContent()).toContain('谢谢惠顾');
    await shot('shops');
  });

  it('enrolment: a one-time code with its QR payload, and a signed setup file', async () => {
    await page.goto(`${rig.base}/console/#/enrolment`);
    const fingerprint = rig.startInfo().fingerprint;
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toBe(fingerprint);
    const shopRow = page.locator('tr', { hasText: '第1村积分超市1' });
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/enrolment-codes') && r.request().method() === 'POST',
    );
    await shopRow.getByRole('button', { name: '生成登记码' }).click();
    const issued = await (await answer).json();
    expect(issued.qr).toEqual({ format: 'jifen-enrol/1', code: issued.code, server: rig.base, fingerprint });
    await expect.poll(() => page.getByTestId('code-text').textContent()).toBe(issued.code);
    await page.getByTestId('code-qr').waitFor();
    await shot('enrolment');
    // The code enrols a till exactly once.
    const enrol = (deviceId: string) =>
      fetch(`${rig.base}/sync/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: issued.code,
          deviceId,
          name: '扫码登记的收银机',
          publicKey: tillA.keys.publicKey,
          previousDeviceId: null,
        }),
      });
    expect((await enrol(new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock).id)).status).toBe(200);
    expect((await enrol(new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock).id)).status).toBe(403);

    const download = page.waitForEvent('download');
    await shopRow.getByRole('button', { name: /下载设置文件/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('jifen-setup-第1村积分超市1.json');
    const { readFile } = await import('node:fs/promises');
    const raw = JSON.parse(await readFile((await file.path())!, 'utf8'));
    const checked = checkSetupFile(raw, verify, NOW, fingerprint);
    expect(checked.ok).toBe(true);
    expect(raw.pull.master.households.length).toBe(4);
    expect(checkSetupFile({ ...raw, shopName: '别的店' }, verify, NOW)).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    await expect.poll(() => page.getByTestId('codes').textContent()).toContain('已使用');
  });

  it('dashboard: every shop and till with last sync, the till seq, server lag and clock offset', async () => {
    await page.goto(`${rig.base}/console/#/dashboard`);
    const a = page.locator(`[data-till="${tillA.id}"]`);
    const b = page.locator(`[data-till="${tillB.id}"]`);
    await expect.poll(() => a.getByTestId('till-pending').textContent()).toBe('已同步完');
    await expect.poll(() => b.getByTestId('till-pending').textContent()).toBe('2');
    expect(await b.locator('td').nth(5).textContent()).toBe('3');
    expect(await b.locator('td').nth(6).textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('periods-to-close').textContent()).toContain(LAST_MONTH);
    await expect.poll(() => a.getByTestId('till-hardware').textContent()).toBe('打印机: 打印机缺纸');
    expect(await a.textContent()).toContain('0.1.0');
    await expect
      .poll(() => page.locator('.warn-card').textContent())
      .toContain('2 台收银机还没上报软件版本和硬件状态');
    await shot('dashboard');
  });

  it('devices: renames a till and revokes another, and shows a restore chain', async () => {
    // tillB restores from backup: a new epoch linked to the old id.
    const restored = new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock);
    const epoch = await tillB.post('/sync/epoch', {
      newDeviceId: restored.id,
      publicKey: restored.keys.publicKey,
    });
    expect(epoch.status).toBe(200);
    // Its two entries the server never got can no longer arrive: shown as such, not as a lag.
    await page.goto(`${rig.base}/console/#/dashboard`);
    await page.reload();
    const pending = page.locator(`[data-till="${tillB.id}"]`).getByTestId('till-pending');
    await expect.poll(() => pending.textContent()).toBe('2 条不会再上传');
    expect(await pending.locator('.badge').getAttribute('class')).toBe('badge');
    await shot('dashboard-superseded');
    await page.goto(`${rig.base}/console/#/devices`);
    const rowA = page.locator('tr', { hasText: tillA.id.length ? `raw ${tillA.id.slice(-4)}` : '' }).first();
    await rowA.getByRole('button', { name: '改名' }).click();
    await page.getByLabel('新名称').fill('一号收银机');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('一号收银机');
    const rowB = page.locator('[data-device]', { hasText: tillB.id.slice(-12) });
    await expect.poll(() => rowB.textContent()).toContain('已换新');
    await rowB.getByRole('button', { name: '停用' }).click();
    await page.getByRole('button', { name: '确认停用' }).waitFor();
    expect(await page.getByRole('button', { name: '确认停用' }).isDisabled()).toBe(true);
    await page.getByLabel(/停用原因/).fill('被盗');
    await page.getByRole('button', { name: '确认停用' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已停用');
    await shot('devices');
  });

  it('overdraft review: the overdrawn household resolved with a note', async () => {
    await page.goto(`${rig.base}/console/#/overdrafts`);
    const row = page.locator('[data-household="H0001"]');
    await row.getByRole('button', { name: '处理' }).click();
    await row.getByLabel(/处理说明/).fill('已和农户核实，下次发放时扣回');
    await row.getByRole('button', { name: '标记为已处理' }).click();
    await expect.poll(() => row.textContent()).toContain('已处理');
    await expect.poll(() => row.textContent()).toContain('王主任');
    await shot('overdrafts');
  });

  it('month-end close: preview, tills behind, confirm, close, signed CSV and XLSX whose totals equal the ledger', async () => {
    await page.goto(`${rig.base}/console/#/periods`);
    await page.getByRole('link', { name: '预览' }).first().click();
    await expect.poll(() => page.getByTestId('by-shop').textContent()).toContain('第1村积分超市1');
    await expect.poll(() => page.getByTestId('period-counts').textContent()).toContain('透支 1 笔');
    const preview = await pageFetch(page, 'GET', `/townships/${town.townshipId}/periods/${LAST_MONTH}`);
    const totals = preview.body.report.totals;
    // The ledger: what the tills pushed (tillB holds back 2 of its 3 entries) …
    const pushed = [...tillA.chain, ...tillB.chain.slice(0, 1)];
    const sum = (kind: string) =>
      pushed
        .filter((e) => e.kind === kind)
        .reduce(
          (n, e) =>
            n + ('totalPoints' in e.body ? -e.body.totalPoints : (e.body as { amount: number }).amount),
          0,
        );
    expect(totals.issued).toBe(sum('points.award'));
    expect(totals.redeemed).toBe(sum('sale'));
    expect([totals.issued, totals.redeemed]).toEqual([1500, -3000]);
    // … and the household balances the server's ledger holds.
    const balances = await admin.call<Record<string, number>>(
      'GET',
      `/api/townships/${town.townshipId}/balances`,
    );
    const ledgerBalance = Object.values(balances).reduce((n, b) => n + b, 0);
    await page.getByLabel(`输入月份 ${LAST_MONTH} 确认结账`).fill(LAST_MONTH);
    await shot('period-preview');
    await page.getByRole('button', { name: '结账' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('还没同步到截止时间之后');
    await page.getByLabel(/仍然结账/).check();
    await page.getByRole('button', { name: '结账' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`${LAST_MONTH} 已结账并签名`);
    await shot('period-closed');

    const base = `${rig.base}/console/api/townships/${town.townshipId}/periods/${LAST_MONTH}`;
    const csv = await page.context().request.get(`${base}/report.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('服务器签名 Server signature');
    const xlsx = await page.context().request.get(`${base}/report.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.body()) as unknown as ExcelJS.Buffer);
    const summary = wb.getWorksheet('汇总 Summary')!;
    const value = (label: string) => {
      let v: unknown;
      summary.eachRow((r) => {
        if (String(r.getCell(1).value).includes(label)) v = r.getCell(2).value;
      });
      return Number(v);
    };
    expect(value('Issued')).toBe(totals.issued / 100);
    expect(value('Redeemed')).toBe(totals.redeemed / 100);
    expect(value('Net')).toBe(totals.net / 100);
    expect(value('Net')).toBe((sum('points.award') + sum('sale')) / 100);
    expect(value('Closing points balance')).toBe(ledgerBalance / 100);
    expect(wb.getWorksheet('签名 Signature')).toBeDefined();
    const print = await page.context().newPage();
    await print.goto(`${base}/report.html`);
    await expect.poll(() => print.locator('h1').textContent()).toContain('月结对账单');
    if (dialect === 'sqlite') await consoleShot(print, 'period-print');
    await print.close();
  });

  it('statement: a late entry into the closed month says the month it counts in; the others do not', async () => {
    const h = town.households[0]!;
    const [late] = tillA.append(1, () => bodies.award(h.id, 200), `${LAST_MONTH}-27`);
    const push = await tillA.post('/sync/push', { entries: [late], head: tillA.chain.length });
    expect(push.status, push.text).toBe(200);
    await page.goto(`${rig.base}/console/#/households/${h.id}/statement`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const note = page.locator(`tr[data-entry="${late!.id}"]`).getByTestId('counted');
    await expect.poll(() => note.textContent()).toBe('计入 2027年3月');
    expect(await note.isVisible()).toBe(true);
    expect(await note.getAttribute('title')).toBe('该月已结账，补录记入下一个未结账月');
    expect(await page.getByTestId('counted').count()).toBe(1);
    expect(await page.getByText('标有“计入某月”的记录').isVisible()).toBe(true);
    await shot('statement-late');
  });

  it('audit trail: every console change with who and when', async () => {
    await page.goto(`${rig.base}/console/#/audit`);
    const table = page.getByTestId('audit');
    for (const action of [
      'village.create',
      'shop.create',
      'shop.update',
      'enrolment.code',
      'device.rename',
      'device.revoke',
      'overdraft.resolve',
      'period.close',
    ])
      await expect.poll(() => table.locator(`[data-action="${action}"]`).count()).toBeGreaterThan(0);
    await expect.poll(() => table.textContent()).toContain('王主任');
    await shot('audit');
  });

  it("refuses another township's ids and a forged CSRF token, changing nothing", async () => {
    const foreignShop = other.shopIds[0]!;
    const attempts = [
      await pageFetch(page, 'GET', `/townships/${other.townshipId}/dashboard`),
      await pageFetch(page, 'POST', `/townships/${town.townshipId}/shops/${foreignShop}/enrolment-codes`),
      await pageFetch(page, 'PUT', `/townships/${town.townshipId}/shops/${foreignShop}`, {
        villageId: other.villageIds[0],
        name: '偷改',
        receiptHeader: '',
        receiptFooter: '',
        redemptionWindow: null,
      }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(403);
      expect(a.body.error.details.reason).toBe('out-of-scope');
      expect(a.body.error.zh).toContain('没有做任何修改');
      expect(a.body.error.en).toContain('nothing was changed');
    }
    const forged = await pageFetch(
      page,
      'POST',
      `/townships/${town.townshipId}/villages`,
      { name: '伪造村' },
      'forged',
    );
    expect(forged.status).toBe(403);
    expect(forged.body.error.details.reason).toBe('csrf');
    const villages = await pageFetch(page, 'GET', `/townships/${town.townshipId}/villages`);
    expect(villages.body.map((v: { name: string }) => v.name)).not.toContain('伪造村');
    // Nothing changed in the other township: its shop keeps its name and got no code.
    const { page: theirs } = await rig.newPage();
    await signIn(theirs, rig.base, 'admin', 'correct-horse-battery');
    const shops = await pageFetch(theirs, 'GET', `/townships/${other.townshipId}/villages`);
    expect(shops.status).toBe(200);
    expect(shops.body.flatMap((v: { shops: { name: string }[] }) => v.shops.map((x) => x.name))).toEqual([
      '第1村积分超市1',
    ]);
    const codes = await pageFetch(theirs, 'GET', `/townships/${other.townshipId}/enrolment-codes`);
    expect(codes.body.codes).toEqual([]);
    await theirs.close();
  });

  it('a cadre sees only their own village and cannot change shops', async () => {
    const { page: p } = await rig.newPage('en');
    await signIn(p, rig.base, CADRE.username, CADRE.password);
    await expect.poll(() => p.locator('.topbar').textContent()).toContain('Village cadre');
    const nav = await p.locator('.sidenav').textContent();
    expect(nav).not.toContain('Month-end close');
    expect(nav).not.toContain('Audit trail');
    const d = await pageFetch(p, 'GET', `/townships/${town.townshipId}/dashboard`);
    expect(d.body.shops.map((s: { villageId: string }) => s.villageId)).toEqual([town.villageIds[0]]);
    const edit = await pageFetch(p, 'POST', `/townships/${town.townshipId}/villages`, { name: 'x' });
    expect(edit.status).toBe(403);
    expect(edit.body.error.en).toBe('Only a township officer may do this');
    await p.goto(`${rig.base}/console/#/dashboard`);
    await p.getByTestId('dashboard-tills').waitFor();
    if (dialect === 'sqlite') await consoleShot(p, 'dashboard-cadre-en');
  });
});
