import { existsSync } from 'node:fs';
import type { PrinterStatusView } from '../../src/api/contract';
import { type CardReaderService, type CardTap, createCardReaderService, readerMessages } from '../nfc';
import {
  createPrinterService,
  describeProfile,
  type PrinterProfileInput,
  PrinterProfileSchema,
} from '../printer';
import { TillStore } from '../store';
import { parseFlags } from './args';
import { dbPathFrom, deviceIdOf, openReadOnly } from './database-file';
import { say } from './output';

const item = (zh: string, en: string) => say(zh, en, '  ');

const READER_SETTLE_MS = 8_000;
const TAP_WAIT_MS = 20_000;
const TEST_PAGE_WAIT_MS = 30_000;

/**
 * Hardware check for whoever sets a till up: the database, card readers, the printer.
 * Reads the till's settings read-only; the test page goes through a private in-memory
 * queue, so the till's own print queue is never touched. Exit 1 when anything needs
 * attention.
 */
export async function doctorCommand(args: string[]): Promise<number> {
  const flags = parseFlags('doctor', args, {
    db: { type: 'string' },
    'print-test': { type: 'boolean', default: false },
    'read-tap': { type: 'boolean', default: false },
  });
  const path = dbPathFrom(flags.db);
  const settings = readSettings(path);
  let problems = 0;

  console.log('— 读卡器 / Card readers —');
  const readers = createCardReaderService({ simulated: false, preferredReader: settings.reader });
  try {
    const status = await settled(readers);
    for (const r of status.readers) {
      console.log(`  ${r.active ? '★' : '·'} ${r.name}  [${r.state}]`);
    }
    if (status.readers.length === 0) problems++;
    if (status.message) item(`${status.message.zh}`, status.message.en);
    else item('读卡器就绪', 'Reader ready');
    if (flags['read-tap'] && status.readers.length === 0) {
      item('✘ 没有读卡器，无法试刷卡', '✘ No reader, so no tap to wait for');
    } else if (flags['read-tap']) {
      item(`请在 ${TAP_WAIT_MS / 1000} 秒内刷一张卡…`, `Tap a card within ${TAP_WAIT_MS / 1000} s…`);
      const tap = await nextTap(readers, TAP_WAIT_MS);
      if (tap) item(`✔ 卡号 ${tap.uid}（${tap.reader}）`, `✔ Card UID ${tap.uid} (${tap.reader})`);
      else {
        problems++;
        item('✘ 等待刷卡超时', '✘ No tap before the timeout');
      }
    }
  } finally {
    await readers.close();
  }

  console.log('— 打印机 / Printer —');
  problems += await checkPrinter(settings.printer, flags['print-test']);

  if (problems === 0) say('✔ 一切正常', '✔ All good');
  else say(`✘ ${problems} 项需要处理`, `✘ ${problems} item(s) need attention`);
  return problems === 0 ? 0 : 1;
}

interface TillSettings {
  printer: PrinterProfileInput | null;
  reader: string | null;
}

function readSettings(path: string): TillSettings {
  console.log('— 数据库 / Database —');
  if (!existsSync(path)) {
    item(`没有数据库 ${path}，按未设置打印机检查`, `No database at ${path}; checking with no printer set up`);
    return { printer: null, reader: null };
  }
  const db = openReadOnly(path);
  try {
    const get = (key: string) => {
      const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
      return v === undefined ? null : JSON.parse(v);
    };
    const entries = db.prepare('SELECT count(*) FROM journal').pluck().get() as number;
    item(
      `${path}：设备 ${deviceIdOf(db)}，流水 ${entries} 条`,
      `${path}: device ${deviceIdOf(db)}, ${entries} journal entries`,
    );
    return { printer: get('printer.profile'), reader: get('reader.preferred') };
  } finally {
    db.close();
  }
}

/**
 * The first status past "looking for readers" (plus a moment, as a second reader on the
 * same hub attaches a few milliseconds after the first), or whatever it says after
 * READER_SETTLE_MS.
 */
function settled(readers: CardReaderService): Promise<ReturnType<CardReaderService['status']>> {
  return new Promise((resolve) => {
    let finishing = false;
    const done = () => {
      if (finishing) return;
      finishing = true;
      clearTimeout(timer);
      off();
      setTimeout(() => resolve(readers.status()), 300);
    };
    const timer = setTimeout(done, READER_SETTLE_MS);
    const off = readers.on('status', (s) => {
      if (s.message?.zh !== readerMessages.starting.zh) done();
    });
    const now = readers.status();
    if (now.readers.length > 0 || (now.message && now.message.zh !== readerMessages.starting.zh)) done();
  });
}

function nextTap(readers: CardReaderService, ms: number): Promise<CardTap | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(null);
    }, ms);
    const off = readers.on('tap', (t) => {
      clearTimeout(timer);
      off();
      resolve(t);
    });
  });
}

async function checkPrinter(input: PrinterProfileInput | null, printTest: boolean): Promise<number> {
  const parsed = input ? PrinterProfileSchema.safeParse(input) : null;
  if (!parsed?.success) {
    item(
      parsed ? '✘ 设置中的打印机配置无效' : '✘ 未设置打印机（设置项 printer.profile）',
      parsed
        ? '✘ The printer profile in settings is invalid'
        : '✘ No printer set up (setting printer.profile)',
    );
    return 1;
  }
  for (const line of describeProfile(parsed.data)) console.log(`  ${line}`);
  const scratch = new TillStore(':memory:');
  const printer = createPrinterService({ db: scratch, profile: parsed.data, header: ['打印测试 / Test'] });
  try {
    const status = await printer.refreshStatus();
    report(status);
    if (status.state !== 'ready') return 1;
    if (!printTest) return 0;
    const jobId = printer.printTestPage();
    const printed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), TEST_PAGE_WAIT_MS);
      printer.on('printed', (p) => {
        if (p.jobId === jobId) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    if (printed) item('✔ 测试页已打印', '✔ Test page printed');
    else {
      item('✘ 测试页未在 30 秒内打印完成', '✘ The test page did not print within 30 s');
      report(printer.status());
    }
    return printed ? 0 : 1;
  } finally {
    await printer.close();
    scratch.close();
  }
}

function report(status: PrinterStatusView): void {
  if (status.message)
    item(`状态 ${status.state}：${status.message.zh}`, `Status ${status.state}: ${status.message.en}`);
  else item(`状态 ${status.state}：打印机就绪`, `Status ${status.state}: printer ready`);
}
