import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/store';
import { startOfLocalDay } from '../../src/clock';
import { newId } from '../../src/ids';
import type { JournalEntry } from '../../src/journal';
import type { OfficerApi } from '../support/server-process';
import { OfficerApi as Api } from '../support/server-process';
import { bodies, RawDevice, seedTownship, type Township } from '../support/township';
import { type ConsoleRig, consoleShot, signIn, startConsoleRig } from './helpers/console-rig';

/**
 * Decision 0311 in the console: two tills of one shop voided the same sale offline; the
 * overdraft review lists the second void under "重复退款" and an officer resolves it with
 * a note. SQLite here; tests/refund-flags.test.ts covers the server on both dialects.
 * The same page lists an entry whose business date its time does not give (decision 0723).
 */
const NOW = Date.UTC(2027, 2, 10, 2, 0, 0);
const OFFICER = { username: 'wang', password: 'qingshan-officer-pw', name: '王主任' };

describe('refunds beyond the sale in the console', () => {
  let rig: ConsoleRig;
  let admin: OfficerApi;
  let town: Township;
  let page: Page;
  let sale: JournalEntry & { kind: 'sale' };
  let tillName = '';
  let misdated: JournalEntry;
  const clerkId = newId({ now: () => NOW });

  beforeAll(async () => {
    rig = await startConsoleRig({ nowMs: NOW });
    admin = new Api(rig.base);
    await admin.login();
    town = await seedTownship(admin, { villages: 1, shopsPerVillage: 1, households: 2 });
    await admin.call('POST', '/api/officers', { ...OFFICER, role: 'officer', townshipId: town.townshipId });
    const tills = [0, 1].map(() => new RawDevice(rig.base, town.shopIds[0]!, rig.server.clock));
    for (const d of tills) {
      await d.enroll(admin);
      d.clerkId = town.clerkId;
    }
    const [a, b] = tills as [RawDevice, RawDevice];
    sale = a.append(1, () =>
      bodies.sale(town.shopIds[0]!, town.households[0]!, town.productIds[0]!, 2, 1500, 800),
    )[0] as JournalEntry & { kind: 'sale' };
    const voidOf = () => ({
      kind: 'sale.void' as const,
      body: {
        saleId: sale.id,
        householdId: sale.body.householdId,
        shopId: sale.body.shopId,
        reason: '顾客不要了',
        approvedBy: town.clerkId,
        lines: sale.body.lines,
        totalPoints: sale.body.totalPoints,
        mode: 'void' as const,
      },
    });
    a.append(1, voidOf);
    b.append(1, voidOf);
    // A manager unlocks a clerk at till a after ten wrong PINs (decision 0310).
    await admin.call('PUT', `/api/townships/${town.townshipId}/master`, {
      clerks: [
        {
          id: clerkId,
          name: '王秀兰',
          role: 'clerk',
          shopId: town.shopIds[0],
          pinHash: hashPin('1357'),
          active: true,
        },
      ],
    });
    a.append(1, () => ({
      kind: 'clerk.unlock' as const,
      body: { clerkId, reason: '忘记密码', failedAttempts: 10, paths: ['login' as const] },
    }));
    tillName = `raw ${a.id.slice(-4)}`;
    // A sale rung up on 27 February that the till dated 1 March (a tampered or broken till).
    [misdated] = a.append(
      1,
      () => bodies.sale(town.shopIds[0]!, town.households[1]!, town.productIds[0]!, 1, 1500, 800),
      '2027-03-01',
      startOfLocalDay('2027-02-27') + 15 * 3_600_000,
    ) as [JournalEntry];
    for (const d of tills) {
      const r = await d.post('/sync/push', { entries: d.chain, head: d.chain.length });
      expect(r.status, r.text).toBe(200);
    }
    ({ page } = await rig.newPage());
    await signIn(page, rig.base, OFFICER.username, OFFICER.password);
  }, 180_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('lists the second void with receipt, points and both tills; an officer resolves it with a note', async () => {
    await page.goto(`${rig.base}/console/#/overdrafts`);
    const row = page.locator(`[data-receipt="${sale.body.receiptNo}"]`);
    await expect.poll(() => row.textContent()).toContain('同一单作废了两次');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('30');
    expect(text).toContain('60');
    expect(text).toMatch(/先由 raw \w{4}，超出的由 raw \w{4}/);
    await consoleShot(page, 'refund-flags-open');
    await row.getByRole('button', { name: '处理' }).click();
    await row.getByLabel(/处理说明/).fill('两台收银机都作废了，已从户里扣回 30 分');
    await row.getByRole('button', { name: '标记为已处理' }).click();
    await expect.poll(() => row.textContent()).toContain('已处理');
    await expect.poll(() => row.textContent()).toContain(OFFICER.name);
    await consoleShot(page, 'refund-flags-resolved');

    const { page: en } = await rig.newPage('en');
    await signIn(en, rig.base, OFFICER.username, OFFICER.password);
    await en.goto(`${rig.base}/console/#/overdrafts`);
    await expect.poll(() => en.getByTestId('refund-flags').textContent()).toContain('Voided twice');
    await consoleShot(en, 'refund-flags-en');
  });

  it('lists an entry whose date its time does not give, counted in the month of its time; an officer resolves it', async () => {
    await page.goto(`${rig.base}/console/#/overdrafts`);
    const row = page.getByTestId('date-flags').locator(`[data-entry="${misdated.id}"]`);
    await expect.poll(() => row.textContent()).toContain('2027-03-01');
    const cells = await row.locator('td').allTextContents();
    // What, till (and its shop), time, the till's date, the date by its time, the month it counts in, state.
    expect([cells[0], cells[1]?.startsWith(tillName), ...cells.slice(2, 7)]).toEqual([
      '兑换',
      true,
      '2027-02-27 15:00:00',
      '2027-03-01',
      '2027-02-27',
      '2027-02',
      '待处理',
    ]);
    await consoleShot(page, 'date-flags-open');
    await row.getByRole('button', { name: '处理' }).click();
    await row.getByLabel(/处理说明/).fill('收银机时钟已校正，这一笔按 2 月计');
    await row.getByRole('button', { name: '标记为已处理' }).click();
    await expect.poll(() => row.textContent()).toContain('已处理');
    await expect.poll(() => row.textContent()).toContain(OFFICER.name);

    const { page: en } = await rig.newPage('en');
    await signIn(en, rig.base, OFFICER.username, OFFICER.password);
    await en.goto(`${rig.base}/console/#/overdrafts`);
    const enRow = en.getByTestId('date-flags').locator(`[data-entry="${misdated.id}"]`);
    await expect.poll(() => enRow.textContent()).toContain('Resolved');
    expect(await en.getByTestId('date-flags').textContent()).toContain("Till's date");
    await consoleShot(en, 'date-flags-en');
  });

  it('the audit trail says in plain words which manager unlocked which clerk at which till, and why', async () => {
    await page.goto(`${rig.base}/console/#/audit`);
    await page.getByLabel(/按操作筛选/).fill('clerk.unlock');
    const unlock = page.getByTestId('audit-unlock');
    await expect
      .poll(() => unlock.first().textContent())
      .toMatch(new RegExp(`^\\S+ 在收银机 ${tillName} 给 王秀兰 解锁（输错密码 10 次），原因：忘记密码$`));
    await expect(unlock.count()).resolves.toBe(1);
    await consoleShot(page, 'audit-unlock');
  });
});
