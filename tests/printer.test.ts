import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPrinterService,
  listPrinterPorts,
  type PrinterProfileInput,
  type PrinterService,
  type ReceiptInput,
} from '../main/printer';
import { migration } from '../main/store/migrations/0002-print-queue';
import type { PrinterStatusView } from '../src/api/contract';
import { localDateTime } from '../src/clock';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';
import { decodeEscPos } from './support/printer-emulator-decode';

/**
 * The print path end to end: a real SQLite queue in a temp dir, the printer service,
 * and a printer emulator on a loopback TCP port that decodes what would come out on paper.
 */

const FAST = {
  retryBaseMs: 20,
  retryMaxMs: 200,
  statusPollMs: 20,
  connectTimeoutMs: 2000,
  statusTimeoutMs: 1000,
  idleProbeMs: 50,
};
const SALE_TIME = Date.UTC(2026, 10, 20, 2, 30, 15); // 10:30:15 in Shanghai

function sale(n: number, overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    kind: 'sale',
    receiptNo: `S01-D01-${String(n).padStart(6, '0')}`,
    time: SALE_TIME,
    clerkName: '李梅',
    household: { number: '3-017', headName: '王大山' },
    lines: [
      { name: '毛巾', qty: 2, unitPoints: 500, points: 1000 },
      { name: '金龙鱼食用调和油 5L 家庭装（限购一桶）', qty: 1, unitPoints: 3050, points: 3050 },
      { name: '火柴', qty: 1, unitPoints: 50, points: 50 },
    ],
    totalPoints: 4100,
    balanceBefore: 12_550,
    balanceAfter: 8450,
    saleId: `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`,
    shift: null,
    ...overrides,
  };
}

let dir: string;
let db: Database.Database;
let printer: PrinterEmulator;
let service: PrinterService | null;
let statuses: PrinterStatusView[];

function profile(width: 58 | 80 = 58): PrinterProfileInput {
  return { connection: { type: 'tcp', host: printer.host, port: printer.port }, width, charset: 'GB18030' };
}

function openDb(): Database.Database {
  const d = new Database(join(dir, 'till.db'));
  d.pragma('journal_mode = WAL');
  d.pragma('synchronous = FULL');
  d.pragma('foreign_keys = ON');
  return d;
}

function start(width: 58 | 80 = 58): PrinterService {
  service = createPrinterService({
    db,
    profile: profile(width),
    header: ['幸福村积分超市', '幸福村村委会一楼'],
    footer: ['谢谢！Thank you'],
    timing: FAST,
  });
  service.on('status', (s) => statuses.push(s));
  return service;
}

function waitForStatus(svc: PrinterService, state: PrinterStatusView['state']): Promise<PrinterStatusView> {
  return new Promise((resolve, reject) => {
    if (svc.status().state === state) return resolve(svc.status());
    const timer = setTimeout(() => reject(new Error(`printer never reported ${state}`)), 20_000);
    const off = svc.on('status', (s) => {
      if (s.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

function waitForPrinted(svc: PrinterService, jobId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${jobId} never printed`)), 20_000);
    const off = svc.on('printed', (e) => {
      if (e.jobId !== jobId) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-printer-'));
  db = openDb();
  db.exec(migration.sql);
  printer = await startPrinterEmulator();
  service = null;
  statuses = [];
});

afterEach(async () => {
  await service?.close();
  await printer.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sale receipt on paper', () => {
  it('says the shop, items, points, balances, receipt number, time and carries the sale id in its QR code', async () => {
    const svc = start(58);
    const jobId = svc.enqueue(sale(123));
    await waitForPrinted(svc, jobId);
    const [doc] = printer.documents;
    expect(printer.documents).toHaveLength(1);
    expect(doc!.cut).toBe(true);
    const text = doc!.text;
    expect(doc!.lines[0]).toMatchObject({ text: '幸福村积分超市', align: 'center', bold: true, widthMul: 2 });
    expect(text).toContain('兑换小票');
    expect(text).toMatch(/单号 No\. +S01-D01-000123/);
    expect(text).toMatch(/时间 Time +2026-11-20 10:30:15/);
    expect(text).toMatch(/收银员 Clerk +李梅/);
    expect(text).toMatch(/户号 Household +3-017 王大山/);
    expect(text).toMatch(/毛巾 +2x5 +10\n/);
    expect(text).toContain('金龙鱼食用调和油 5L 家庭装');
    expect(text).toMatch(/1x30\.5 +30\.5\n/);
    expect(text).toMatch(/火柴 +1x0\.5 +0\.5\n/);
    expect(text).toMatch(/合计 Total +41\n/);
    expect(text).toMatch(/原积分 Before +125\.5\n/);
    expect(text).toMatch(/现积分 After +84\.5\n/);
    expect(text).toContain('谢谢！Thank you');
    expect(text).not.toContain('重印');
    expect(doc!.qr).toEqual(['0193a1b2-c3d4-7e5f-8a9b-000000000123']);
    expect(doc!.rasters).toHaveLength(0);
    for (const line of doc!.lines) expect(line.columns, line.text).toBeLessThanOrEqual(32);
    expect(svc.status()).toEqual({ state: 'ready', pendingJobs: 0, message: null });
  });

  it('fills an 80 mm roll to at most 48 columns; a name too wide for its column gets a line of its own', async () => {
    const svc = start(80);
    await waitForPrinted(svc, svc.enqueue(sale(7)));
    const doc = printer.documents[0]!;
    expect(doc.text).toMatch(/\n金龙鱼食用调和油 5L 家庭装（限购一桶）\n +1x30\.5 +30\.5\n/);
    expect(doc.text).toMatch(/\n毛巾 +2x5 +10\n/);
    expect(Math.max(...doc.lines.map((l) => l.columns))).toBe(48);
    for (const line of doc.lines) expect(line.columns, line.text).toBeLessThanOrEqual(48);
  });

  it('prints voids and shift summaries with their own titles', async () => {
    const svc = start(58);
    svc.enqueue(sale(8, { kind: 'void', totalPoints: 4100, balanceBefore: 8450, balanceAfter: 12_550 }));
    const last = svc.enqueue({
      ...sale(9, {
        kind: 'shift-summary',
        household: null,
        lines: [],
        balanceBefore: null,
        balanceAfter: null,
        saleId: null,
      }),
      shift: {
        openedAt: SALE_TIME - 3_600_000,
        closedAt: SALE_TIME,
        sales: 12,
        voids: 1,
        pointsRedeemed: 35_050,
        goods: [{ name: '大米 10kg', qty: 5, points: 10_000 }],
      },
    });
    await waitForPrinted(svc, last);
    const [voided, shift] = printer.documents;
    expect(voided!.text).toContain('撤销小票 VOID');
    expect(voided!.text).toMatch(/退回积分 Refund +41\n/);
    expect(shift!.text).toContain('交班小结 SHIFT');
    expect(shift!.text).toMatch(/兑换笔数 Sales +12\n/);
    expect(shift!.text).toMatch(/大米 10kg +5 +100\n/);
    expect(shift!.text).toMatch(/兑换积分 Points +350\.5\n/);
    expect(shift!.text).toMatch(new RegExp(`开班 Opened +${localDateTime(SALE_TIME - 3_600_000)}\n`));
    expect(shift!.qr).toEqual([]);
  });
});

describe('when the printer has a problem', () => {
  it('holds the receipt while paper is out, says so, and prints it exactly once after paper is loaded', async () => {
    printer.setStatus('paper-out');
    const svc = start();
    const first = svc.enqueue(sale(1));
    const shown = await waitForStatus(svc, 'paper-out');
    expect(shown.pendingJobs).toBe(1);
    expect(shown.message?.zh).toContain('缺纸');
    expect(shown.message?.en).toContain('out of paper');
    expect(printer.documents).toHaveLength(0);

    printer.setStatus('ok');
    await waitForPrinted(svc, first);
    // A later receipt is the proof nothing printed twice: the queue is strictly in order.
    await waitForPrinted(svc, svc.enqueue(sale(2)));
    expect(printer.documents.map((d) => d.qr[0])).toEqual([sale(1).saleId, sale(2).saleId]);
    expect(printer.partials).toHaveLength(0);
    expect(svc.status().state).toBe('ready');
  });

  it('waits without resending when paper runs out in the middle of a receipt', async () => {
    const svc = start();
    printer.paperOutAfterBytes(300);
    const first = svc.enqueue(sale(1));
    await waitForStatus(svc, 'paper-out');
    expect(printer.documents).toHaveLength(0);
    printer.setStatus('ok');
    await waitForPrinted(svc, first);
    await waitForPrinted(svc, svc.enqueue(sale(2)));
    expect(printer.documents.map((d) => d.qr[0])).toEqual([sale(1).saleId, sale(2).saleId]);
    expect(printer.connections).toBeGreaterThanOrEqual(2);
  });

  it('tells the clerk the cover is open and prints once it is closed', async () => {
    printer.setStatus('cover-open');
    const svc = start();
    const job = svc.enqueue(sale(1));
    const shown = await waitForStatus(svc, 'cover-open');
    expect(shown.message?.zh).toContain('盖');
    printer.setStatus('ok');
    await waitForPrinted(svc, job);
    expect(printer.documents).toHaveLength(1);
  });

  it('retries a job whose printer died mid-receipt and prints it whole when the printer is back', async () => {
    const svc = start();
    printer.killAfterBytes(400);
    const job = svc.enqueue(sale(5));
    const shown = await waitForStatus(svc, 'offline');
    expect(shown.message?.zh).toContain('未连接');
    expect(shown.pendingJobs).toBe(1);
    expect(printer.documents).toHaveLength(0);
    expect(printer.partials.length).toBeGreaterThanOrEqual(1);

    await printer.restart();
    await waitForPrinted(svc, job);
    expect(printer.documents).toHaveLength(1);
    expect(printer.documents[0]!.text).toMatch(/现积分 After +84\.5/);
    expect(printer.documents[0]!.qr).toEqual([sale(5).saleId]);
    const row = db.prepare('SELECT state, attempts FROM print_jobs WHERE id = ?').get(job) as {
      state: string;
      attempts: number;
    };
    expect(row.state).toBe('done');
    expect(row.attempts).toBe(2);
  });

  it('keeps receipts while no printer is set up and prints them once one is', async () => {
    service = createPrinterService({ db, profile: null, header: ['幸福村积分超市'], timing: FAST });
    const job = service.enqueue(sale(3));
    expect(service.status()).toMatchObject({ state: 'not-configured', pendingJobs: 1 });
    expect(service.status().message?.zh).toContain('未设置打印机');
    service.configure({ profile: profile() });
    await waitForPrinted(service, job);
    expect(printer.documents).toHaveLength(1);
  });
});

describe('reprint and test page', () => {
  it('reprints the last receipt marked 重印 / REPRINT, with the same number and sale id', async () => {
    const svc = start();
    await waitForPrinted(svc, svc.enqueue(sale(11)));
    await waitForPrinted(svc, svc.reprintLast());
    const [original, copy] = printer.documents;
    expect(original!.text).not.toContain('重印');
    expect(copy!.text).toContain('*** 重印 REPRINT ***');
    expect(copy!.text).toMatch(/单号 No\. +S01-D01-000011/);
    expect(copy!.qr).toEqual(original!.qr);
    const row = db.prepare('SELECT reprint_of FROM print_jobs ORDER BY seq DESC LIMIT 1').get() as {
      reprint_of: string;
    };
    expect(row.reprint_of).toBeTruthy();
  });

  it('refuses a reprint when nothing was printed yet, in both languages', () => {
    const svc = start();
    expect(() => svc.reprintLast()).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_SALE', zh: '还没有可重印的小票' }),
    );
  });

  it('prints a test page naming the connection, paper width and charset', async () => {
    const svc = start(80);
    await waitForPrinted(svc, svc.printTestPage());
    const doc = printer.documents[0]!;
    expect(doc.text).toContain('打印测试');
    expect(doc.text).toContain(`TCP 127.0.0.1:${printer.port}`);
    expect(doc.text).toContain('纸宽 Paper 80 mm');
    expect(doc.text).toContain('繁體：積分超市');
  });

  it('refuses bad receipt data without queueing anything', () => {
    const svc = start();
    expect(() => svc.enqueue({ ...sale(1), totalPoints: 0.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(svc.status().pendingJobs).toBe(0);
  });
});

describe('printers that answer less', () => {
  for (const [what, options] of [
    ['ignores GS r', { answersTransmitStatus: false }],
    ['answers neither DLE EOT nor GS r', { answersStatus: false, answersTransmitStatus: false }],
  ] as const) {
    it(`prints each receipt once on a printer that ${what}`, async () => {
      await printer.close();
      printer = await startPrinterEmulator(options);
      service = createPrinterService({
        db,
        profile: profile(),
        timing: { ...FAST, statusTimeoutMs: 100, silentPrinterMs: 300 },
      });
      const ids = [1, 2, 3].map((n) => service!.enqueue(sale(n)));
      await waitForPrinted(service, ids[2]!);
      expect(printer.documents.map((d) => d.qr[0])).toEqual([sale(1).saleId, sale(2).saleId, sale(3).saleId]);
      expect(service.status()).toEqual({ state: 'ready', pendingJobs: 0, message: null });
    });
  }
});

describe('hardware check and other transports', () => {
  it('reports the printer state on demand and notices by itself when it comes back', async () => {
    const svc = start();
    printer.setStatus('paper-out');
    expect((await svc.refreshStatus()).state).toBe('paper-out');
    await printer.kill();
    expect(await svc.refreshStatus()).toMatchObject({ state: 'offline', pendingJobs: 0 });
    printer.setStatus('ok');
    await printer.restart();
    await waitForStatus(svc, 'ready');
    expect(statuses.map((s) => s.state)).toEqual(['paper-out', 'offline', 'ready']);
  });

  it('writes receipts to a USB printer device file (a plain file stands in for /dev/usb/lp0)', async () => {
    const device = join(dir, 'lp0');
    writeFileSync(device, '');
    const svc = createPrinterService({
      db,
      profile: { connection: { type: 'device', path: device }, width: 58, charset: 'GBK' },
      header: ['幸福村积分超市'],
      timing: FAST,
    });
    service = svc;
    expect(svc.status().state).toBe('ready');
    await waitForPrinted(svc, svc.enqueue(sale(21)));
    await waitForPrinted(svc, svc.enqueue(sale(22)));
    const { documents, unknown } = decodeEscPos(readFileSync(device));
    expect(unknown).toEqual([]);
    expect(documents.map((d) => d.qr[0])).toEqual([sale(21).saleId, sale(22).saleId]);
    expect(documents[0]!.text).toMatch(/现积分 After +84\.5/);
  });

  it('says offline, keeps the job and creates no file when the printer is unplugged', async () => {
    const svc = createPrinterService({
      db,
      profile: { connection: { type: 'device', path: join(dir, 'lp0') }, width: 58 },
      timing: FAST,
    });
    service = svc;
    svc.enqueue(sale(22));
    expect(await waitForStatus(svc, 'offline')).toMatchObject({ pendingJobs: 1 });
    expect(() => readFileSync(join(dir, 'lp0'))).toThrow(/ENOENT/);
  });

  it('lists USB printer device files and USB serial ports for the hardware check', async () => {
    mkdirSync(join(dir, 'dev', 'usb'), { recursive: true });
    for (const f of ['usb/lp10', 'usb/lp2', 'usb/hiddev0', 'ttyUSB0', 'ttyACM1', 'ttyS0', 'null']) {
      writeFileSync(join(dir, 'dev', f), '');
    }
    expect(await listPrinterPorts(join(dir, 'dev'))).toEqual([
      { type: 'device', path: join(dir, 'dev', 'usb', 'lp2') },
      { type: 'device', path: join(dir, 'dev', 'usb', 'lp10') },
      { type: 'serial', path: join(dir, 'dev', 'ttyACM1') },
      { type: 'serial', path: join(dir, 'dev', 'ttyUSB0') },
    ]);
    expect(await listPrinterPorts(join(dir, 'nothing-here'))).toEqual([]);
  });
});
