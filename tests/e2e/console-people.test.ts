import { closeSync, openSync, truncateSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../src/clock';
import { newId } from '../../src/ids';
import { type Postgres, startPostgres } from '../support/postgres';
import { OFFICER, OfficerApi } from '../support/server-process';
import { type ConsoleRig, consoleShot, signIn, startConsoleRig } from './helpers/console-rig';

/**
 * Issue 9, part B, in Chromium against a real township server on SQLite and PostgreSQL:
 * roster import from an XLSX made here (bad rows of every kind give one report; fixed, imported
 * again, nothing duplicated; the opening balance shows on the statement), a card issued
 * in the console (a UID already issued is refused), a clerk made with an initial PIN
 * (a common PIN refused), products edited.
 */
const NOW = startOfLocalDay('2027-03-10') + 10 * 3_600_000;
const clock = { now: () => NOW };

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

async function rosterXlsx(rows: unknown[][], merged: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['青山镇农户花名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['村', '户号', '户主', '家庭成员', '地址', '期初积分']);
  for (const r of rows) ws.addRow(r);
  for (const range of merged) ws.mergeCells(range);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(['sqlite', 'postgres'] as const)('console people pages on %s', (dialect) => {
  let rig: ConsoleRig;
  let townshipId: string;
  const shot = (name: string) =>
    dialect === 'sqlite'
      ? (p: Parameters<typeof consoleShot>[0]) => consoleShot(p, name)
      : async () => undefined;

  beforeAll(async () => {
    rig = await startConsoleRig({
      nowMs: NOW,
      databaseUrl: dialect === 'postgres' ? await pg.newDatabase() : undefined,
    });
    const api = new OfficerApi(rig.server.url);
    await api.login();
    townshipId = newId(clock);
    const east = newId(clock);
    const west = newId(clock);
    await api.call('PUT', `/api/townships/${townshipId}`, { name: '青山镇', timeZone: 'Asia/Shanghai' });
    await api.call('PUT', `/api/townships/${townshipId}/master`, {
      villages: [
        { id: east, townshipId, name: '东村' },
        { id: west, townshipId, name: '西村' },
      ],
      shops: [
        {
          id: newId(clock),
          villageId: east,
          name: '东村积分超市',
          receiptHeader: '',
          receiptFooter: '',
          redemptionWindow: null,
        },
      ],
    });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  const ROWS = [
    ['东村', 101, '张三', '李梅、张小明', '东村1组', 12.5],
    ['东村', 102, '李四', '', '东村1组', ''],
    ['西村', 201, '王五', '赵兰', '西村2组', 30],
  ];

  it('imports an XLSX roster: bad rows of every kind in one report, the fixed file imports, again changes nothing', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/roster`);
    await page.getByRole('heading', { name: '导入花名册（XLSX 或 CSV）' }).waitFor();
    const file = (name: string, buffer: Buffer) => ({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    // Every kind of bad row at once: an unknown village, a repeated house number, an empty
    // cell, and cells merged across rows (rows 9–10 of column E).
    const bad = await rosterXlsx(
      [
        ...ROWS,
        ['南村', 301, '钱七', '', '', ''],
        ['东村', 101, '孙八', '', '', ''],
        ['西村', 202, '', '', '', ''],
        ['西村', 203, '周九', '', '西村3组', ''],
        ['西村', 204, '吴十', '', '', ''],
      ],
      ['E9:E10'],
    );
    await page.getByLabel('花名册文件').setInputFiles(file('花名册.xlsx', bad));
    await expect
      .poll(() => page.getByText('已读取 花名册.xlsx').textContent())
      .toContain('8 行数据（表头在第 2 行）');
    await page.getByRole('button', { name: '检查' }).click();
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.locator('tbody tr').count()).toBe(5);
    const rows = await problems
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['6', 'A（村）'],
      ['7', 'B（户号）'],
      ['8', 'C（户主）'],
      ['9', 'E（地址）'],
      ['10', 'E（地址）'],
    ]);
    expect(rows[0]![2]).toContain('没有这个村：“南村”');
    expect(rows[1]![2]).toContain('户号 101 重复：第 3 行已经有这个户号');
    expect(rows[2]![2]).toContain('“户主”是空的');
    expect(rows[3]![2]).toContain('合并单元格 E9:E10');
    expect(rows[4]![2]).toContain('合并单元格 E9:E10');
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await shot('roster-problems')(page);

    await page.getByLabel('花名册文件').setInputFiles(file('花名册.xlsx', await rosterXlsx(ROWS)));
    await page.getByRole('button', { name: '检查' }).click();
    await expect.poll(() => page.getByTestId('changes').textContent()).toContain('将新建 3 户');
    await expect
      .poll(() => page.getByTestId('preview').locator('tbody tr').first().textContent())
      .toBe('3东村101张三李梅、张小明东村1组12.5');
    await shot('roster-preview')(page);
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('新建 3 户');

    await page.getByRole('button', { name: '再导入一个文件' }).click();
    await page.getByLabel('花名册文件').setInputFiles(file('花名册.xlsx', await rosterXlsx(ROWS)));
    await page.getByRole('button', { name: '检查' }).click();
    await expect
      .poll(() => page.getByTestId('changes').textContent())
      .toContain('将新建 0 户、更新 0 户、3 户不变');
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('新建 0 户');
    await shot('roster-done')(page);

    await page.goto(`${rig.base}/console/#/households`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await page.getByLabel(/^查找/).fill('zs');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await shot('households')(page);
    await page.getByRole('link', { name: '101' }).click();
    await page.getByRole('heading', { name: '东村 101 号' }).waitFor();
    expect(await page.getByTestId('balance').textContent()).toBe('12.5');
    await page.getByRole('link', { name: '积分明细' }).click();
    await page.getByRole('heading', { name: '东村 101 号 积分明细' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('期初积分');
    await shot('statement')(page);
  });

  it('refuses a 50 MB file (in the page and at the server) and a file in a wrong encoding, writing nothing', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${rig.server.url}/console/api/townships/${townshipId}/roster/uploads?name=big.csv`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(50 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(1024, 0x41));
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({
      code: 'INVALID_INPUT',
      zh: '文件太大（最大 20 MB），请检查是否选错了文件',
      details: { reason: 'too-large' },
    });

    const { page } = await rig.newPage('en');
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/roster`);
    const utf16 = Buffer.from('村,户号,户主\n东村,901,孙八\n', 'utf16le');
    await page
      .getByLabel('Roster file')
      .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: utf16 });
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The file encoding is not recognised');
    await shot('roster-encoding')(page);
    // The officer picks a 50 MB file in the page: refused before any upload.
    const big = join(rig.dir, '花名册-大.xlsx');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 50 * 1024 * 1024);
    await page.getByLabel('Roster file').setInputFiles(big);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The file is too large (at most 20 MB); check it is the right file');
    await page.goto(`${rig.base}/console/#/households`);
    await page.getByLabel(/^Find/).fill('901');
    await expect.poll(() => page.getByText('Nothing found').count()).toBe(1);
    await page.getByLabel(/^Find/).fill('');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
  });

  it('issues a card in the console; a UID already issued to someone else is refused and not written', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/households`);
    await page.getByLabel(/^查找/).fill('101');
    await page.getByRole('link', { name: '101' }).click();
    await page.getByRole('heading', { name: '东村 101 号' }).waitFor();
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row('张三').getByRole('button', { name: '发卡' }).click();
    // A USB reader types the UID into the focused box and presses Enter (once the box is open).
    const uidBox = page.getByLabel('卡号（刷卡或手动输入）');
    await uidBox.waitFor();
    await page.keyboard.type('04a1b2c3d4e5f6');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('张三').textContent()).toContain('04A1B2C3D4E5F6');
    await row('李梅').getByRole('button', { name: '发卡' }).click();
    await uidBox.waitFor();
    await page.keyboard.type('04A1B2C3D4E5F6');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('这张卡已经发给了别人（101 张三）');
    await shot('household-card')(page);
    await page.reload();
    await page.getByRole('heading', { name: '东村 101 号' }).waitFor();
    await expect.poll(() => row('张三').textContent()).toContain('04A1B2C3D4E5F6');
    expect(await row('李梅').textContent()).not.toContain('04A1B2C3D4E5F6');
    // A member who holds a card is offered a replacement, never a second card.
    await expect(row('张三').getByRole('button', { name: '换卡' }).count()).resolves.toBe(1);
    await expect(row('张三').getByRole('button', { name: '发卡' }).count()).resolves.toBe(0);

    // A lost door plate: the township signs version 2, and the page says what the till does next.
    await expect.poll(() => page.getByTestId('plate-version').textContent()).toBe('第 1 版');
    await page.getByLabel('补发原因（如 丢失、损坏）').fill('门牌被风刮走');
    await page.getByRole('button', { name: '补发新门牌' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已签发第 2 版门牌');
    await expect.poll(() => page.getByTestId('plate-version').textContent()).toBe('第 2 版');
    await shot('household-plate')(page);
  });

  it('reports a card lost and found, and replaces it, on the cards page', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/cards`);
    await page.getByRole('heading', { name: '积分卡：挂失、找回、补卡' }).waitFor();
    await page.keyboard.type('04A1B2C3D4E5F6');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.facts').textContent()).toContain('张三');
    await page.getByLabel('原因').fill('丢在地里');
    await page.getByRole('button', { name: '挂失' }).click();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('已挂失 丢在地里');
    await shot('cards')(page);
    await page.getByRole('button', { name: '找回（解除挂失）' }).click();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('正常');
    await page.getByLabel('新卡卡号').fill('04A1B2C3D4E5F7');
    await page.getByRole('button', { name: '补卡' }).click();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('04A1B2C3D4E5F7');
  });

  it('makes a clerk with an initial PIN; a too short or too common PIN is refused and nothing is written', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/clerks`);
    await page.getByRole('heading', { name: '店员与权限' }).waitFor();
    await page.getByLabel('姓名').fill('刘小红');
    for (const [pin, message] of [
      ['1234', '密码至少 6 位'],
      ['000000', '密码不能是同一个数字重复（如 000000）'],
      ['123456', '密码不能是连续数字（如 123456）'],
      ['147258', '这个密码太常见'],
    ]) {
      await page.getByLabel('初始密码（6–8 位数字）').fill(pin!);
      await page.getByRole('button', { name: '新增', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain(message);
    }
    expect(await page.getByRole('row').filter({ hasText: '刘小红' }).count()).toBe(0);
    await page.getByLabel('初始密码（6–8 位数字）').fill('602817');
    await page.getByRole('button', { name: '新增', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已新增店员 刘小红');
    const row = page.getByRole('row').filter({ hasText: '刘小红' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('东村积分超市');
    expect(await row.locator('td').nth(4).textContent()).toBe('是');
    await page.getByLabel('角色 刘小红').selectOption({ label: '店长' });
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存');
    await expect.poll(() => page.getByLabel('角色 刘小红').inputValue()).toBe('manager');
    await shot('clerks')(page);
  });

  it('adds and edits a product of the price list; a barcode of another product is refused', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/products`);
    await page.getByRole('heading', { name: '商品与积分价格' }).waitFor();
    const add = async (name: string, barcode: string, price: string, cost: string) => {
      await page.getByLabel('名称', { exact: true }).fill(name);
      await page.getByLabel('条码', { exact: true }).fill(barcode);
      await page.getByLabel('积分价', { exact: true }).fill(price);
      await page.getByLabel('进价（元）', { exact: true }).fill(cost);
      await page.getByRole('button', { name: '保存', exact: true }).click();
    };
    await add('毛巾', '6901234567892', '5', '3.50');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存 毛巾');
    await add('水杯', '6901234567892', '15', '8');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('条码 6901234567892 已经是“毛巾”的');
    await page.getByLabel('条码', { exact: true }).fill('');
    await page.getByLabel('服务项目（无库存）').check();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存 水杯');
    await page.getByRole('row').filter({ hasText: '毛巾' }).getByRole('button', { name: '修改' }).click();
    await page.getByLabel('积分价', { exact: true }).fill('6.5');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: '毛巾' }).textContent()).toContain('6.5');
    await page.getByLabel(/^查找/).fill('mj');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel(/^查找/).fill('');
    await shot('products')(page);
  });

  it('gives a product several barcodes and removes one; another product’s barcode is refused', async () => {
    const { page } = await rig.newPage();
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
    await page.goto(`${rig.base}/console/#/products`);
    const towel = () => page.getByRole('row').filter({ hasText: '毛巾' });
    await towel().getByRole('button', { name: '修改' }).click();
    const list = page.getByRole('list', { name: '这个商品的条码' });
    await expect.poll(() => list.textContent()).toContain('6901234567892 （主条码）');
    // A scanner types the code and Enter: it joins the list, the form is not saved yet.
    await page.getByLabel('条码', { exact: true }).fill('6901234567908');
    await page.getByLabel('条码', { exact: true }).press('Enter');
    await page.getByLabel('条码', { exact: true }).fill('6901234567915');
    await page.getByRole('button', { name: '添加条码' }).click();
    await page.getByLabel('条码', { exact: true }).fill('69A');
    await page.getByRole('button', { name: '添加条码' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('“69A”不是条码：条码是 6–14 位数字');
    await page.getByLabel('条码', { exact: true }).fill('');
    await page.getByLabel('每箱数量').fill('12');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存 毛巾');
    await expect
      .poll(() => towel().locator('td').nth(1).textContent())
      .toBe('690123456789269012345679086901234567915');
    expect(await towel().locator('td').nth(5).textContent()).toBe('12');

    // 水杯 may not take a barcode 毛巾 already has, whichever of its barcodes it is.
    await page.getByRole('row').filter({ hasText: '水杯' }).getByRole('button', { name: '修改' }).click();
    await page.getByLabel('条码', { exact: true }).fill('6901234567908');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('条码 6901234567908 已经是“毛巾”的');
    await shot('products-barcode-taken')(page);

    await towel().getByRole('button', { name: '修改' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: '删除条码 6901234567892' }).click();
    await expect.poll(() => list.textContent()).toContain('6901234567908 （主条码）');
    await shot('products-barcodes')(page);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存 毛巾');
    await expect.poll(() => towel().locator('td').nth(1).textContent()).toBe('69012345679086901234567915');
  });
});
