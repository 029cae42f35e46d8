import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents, ApiName } from '../../src/api/contract';
import { newId } from '../../src/ids';
import { corruptTablePages } from '../../tests/support/broken-sqlite';
import { type PrinterEmulator, startPrinterEmulator } from '../../tests/support/printer-emulator';
import { serviceCalls } from '../../tests/support/service-calls';
import { tillFixture } from '../../tests/support/till-fixture';
import { DEMO_CARDS, DEMO_CLERKS } from '../demo/seed';
import { createTillService, type TillService } from './service';

let dir: string;
let printer: PrinterEmulator;
let till: TillService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-service-'));
  printer = await startPrinterEmulator();
  till = await createTillService({
    dataDir: dir,
    demo: true,
    sync: false,
    backups: false,
    printer: { connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 },
  });
});

afterAll(async () => {
  await till.close();
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

const { ok, login } = serviceCalls(() => till);

describe('the till service door', () => {
  it('refuses calls without a session, and unknown or malformed calls, in both languages', async () => {
    const noSession = await till.call('card.lookup', { uid: DEMO_CARDS.rich }, null);
    expect(noSession).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN', zh: '请先登录' } });
    const token = await login('王秀兰');
    const malformed = await till.call('checkout.commit', { saleId: 'nope', cardUid: 'zz', lines: [] }, token);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!malformed.ok) expect(malformed.error.zh).toMatch(/^输入有误：saleId：/);
    const unknown = await till.call('no.such.call' as ApiName, {}, token);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('sells, prints the receipt once even when the sale is sent twice, and reprints on demand', async () => {
    const token = await login('王秀兰');
    const towel = (await ok('catalog.search', { query: 'mj' }, token)).find((p) => p.name === '毛巾')!;
    const saleId = newId({ now: () => Date.now() });
    const params = { saleId, cardUid: DEMO_CARDS.rich, lines: [{ productId: towel.id, qty: 2 }] };
    const sale = await ok('checkout.commit', params, token);
    expect(await ok('checkout.commit', params, token)).toEqual(sale);
    const [receipt] = await printer.waitForDocuments(1);
    expect(receipt!.text).toContain(sale.receiptNo);
    expect(receipt!.text).toContain('毛巾');
    await ok('printer.reprintLast', {}, token);
    const docs = await printer.waitForDocuments(2);
    expect(docs[1]!.text).toContain('重印');
    expect(docs.filter((d) => d.text.includes(sale.receiptNo))).toHaveLength(2);
  });

  it('lets only a manager choose the reader; anyone can print a test page', async () => {
    const clerk = await login('王秀兰');
    expect(await till.call('reader.select', { name: 'Virtual PCD 00 01' }, clerk)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const manager = await login('李建国');
    const status = await ok('reader.select', { name: null }, manager);
    expect(status.readers.some((r) => r.simulated)).toBe(true);
    const before = printer.documents.length;
    await ok('printer.testPage', {}, clerk);
    await printer.waitForDocuments(before + 1);
  });

  it("marks the counter in use on a clerk's call, so pulled pages are not held for the next sale; the heartbeat does not (0471)", async () => {
    const busy = () => !till.store.counterQuietFor(50);
    await new Promise((r) => setTimeout(r, 80));
    await ok('status.get', {}, null);
    expect(busy()).toBe(false);
    await till.call('card.lookup', { uid: DEMO_CARDS.rich }, null);
    expect(busy()).toBe(true);
  });

  it('voids with a manager PIN and refuses a wrong one', async () => {
    const clerk = await login('王秀兰');
    const manager = (await ok('session.clerks', {}, null)).find((c) => c.role === 'manager')!;
    const last = (await ok('sale.last', {}, clerk))!;
    const wrong = await till.call(
      'sale.void',
      { saleId: last.saleId, managerId: manager.id, managerPin: '0000', reason: '试' },
      clerk,
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    const voided = await ok(
      'sale.void',
      { saleId: last.saleId, managerId: manager.id, managerPin: '8888', reason: '顾客不要了' },
      clerk,
    );
    expect(voided.voided).toBe(true);
    const card = await ok('card.lookup', { uid: DEMO_CARDS.rich }, clerk);
    expect(card.household!.balance).toBe(last.balanceBefore);
  });
});

describe('a tap on a till whose ledger file is broken', () => {
  it('carries the refusal with the tap instead of swallowing it; an unregistered card stays quiet', async () => {
    const fixture = tillFixture();
    fixture.store.close();
    const broken = await createTillService({
      dataDir: fixture.dir,
      demo: true,
      sync: false,
      backups: false,
      printer: null,
      clock: fixture.clock,
    });
    try {
      const token = await (async () => {
        const clerks = await broken.call('session.clerks', {}, null);
        if (!clerks.ok) throw new Error(clerks.error.en);
        const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
        const id = clerks.result.find((c) => c.name === clerk.name)!.id;
        const r = await broken.call('session.login', { clerkId: id, pin: clerk.pin }, null);
        if (!r.ok) throw new Error(r.error.en);
        return r.result.token;
      })();
      const tap = async (uid: string) => {
        const seen = new Promise<ApiEvents['card.tapped']>((resolve) => {
          const off = broken.on('card.tapped', (e) => {
            off();
            resolve(e);
          });
        });
        await broken.call('card.simulateTap', { uid }, token);
        await broken.call('card.simulateRemove', {}, token);
        return seen;
      };

      const unknown = await tap('04FFFFFFFFFF01');
      expect(unknown.card?.status).toBe('unregistered');
      expect(unknown.refusal).toBeUndefined();

      corruptTablePages(fixture.path, 'cards');

      const failed = await tap(DEMO_CARDS.rich);
      expect(failed.card).toBeUndefined();
      expect(failed.refusal).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        details: { sqlite: 'SQLITE_CORRUPT' },
      });
      expect(failed.refusal?.zh).toContain('暂停收银');
      const lookup = await broken.call('card.lookup', { uid: DEMO_CARDS.rich }, token);
      expect(lookup).toMatchObject({ ok: false, error: { code: 'DATABASE_UNAVAILABLE' } });
    } finally {
      await broken.close();
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  });
});
