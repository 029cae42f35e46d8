import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createGlyphRasterizer, createPrinterService, encodeBlocks } from '../main/printer';
import { migration } from '../main/store/migrations/0002-print-queue';
import { layoutReceipt, type ReceiptData } from '../src/receipt';
import { startPrinterEmulator } from '../tests/support/printer-emulator';

/**
 * Receipt printing costs:
 *  - layout and layout + ESC/POS encode of a typical 8-line sale, 58 and 80 mm, GB18030;
 *  - the same on a GBK printer with one line (rare name characters, 50 different ones
 *    cycling, so mostly from the glyph cache) drawn as an image, and the first such
 *    image of a process (fonts parsed on first use);
 *  - enqueue (the only part on the sale's path: one SQLite insert, WAL, synchronous=FULL);
 *  - enqueue → printed through the printer emulator on loopback TCP (DLE EOT status,
 *    send, GS r confirmation), one receipt at a time.
 * BENCH_PRINTER_RUNS overrides the iteration count (default 2000; end to end: a tenth).
 */

const items = [
  '毛巾',
  '洗衣粉 2kg',
  '金龙鱼食用调和油 5L 家庭装',
  '大米 10kg',
  '火柴',
  '牙膏（中华）',
  '酱油 500ml',
  '电热水壶',
];

function sale(n: number, headName = '王大山'): ReceiptData {
  const lines = items.map((name, i) => ({
    name,
    qty: 1 + (i % 3),
    unitPoints: 50 + i * 500,
    points: (1 + (i % 3)) * (50 + i * 500),
  }));
  const total = lines.reduce((s, l) => s + l.points, 0);
  return {
    kind: 'sale',
    header: ['幸福村积分超市', '幸福村村委会一楼'],
    footer: ['谢谢惠顾 Thank you'],
    receiptNo: `S01-D01-${String(n).padStart(6, '0')}`,
    time: Date.now(),
    clerkName: '李梅',
    household: { number: '3-017', headName },
    lines,
    totalPoints: total,
    balanceBefore: total + 10_000,
    balanceAfter: 10_000,
    saleId: `0193a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`,
    reprint: false,
    shift: null,
  };
}

function figures(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${s[s.length - 1]!.toFixed(3)} ms (n=${s.length})`;
}

function time(runs: number, f: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f(i);
    out.push(performance.now() - t);
  }
  return out;
}

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_PRINTER_RUNS ?? 2000);
  const rasterizer = createGlyphRasterizer();
  console.log(`printer: receipt of ${items.length} lines`);
  for (const width of [58, 80] as const) {
    console.log(
      `  layout ${width} mm:                  ${figures(time(runs, (i) => layoutReceipt(sale(i), { width })))}`,
    );
    const encode = (i: number, charset: 'GB18030' | 'GBK', name?: string) =>
      encodeBlocks(layoutReceipt(sale(i, name), { width }), { width, charset, cutter: true, rasterizer });
    const bytes = encode(0, 'GB18030').length;
    console.log(
      `  layout + encode ${width} mm GB18030: ${figures(time(runs, (i) => encode(i, 'GB18030')))}, ${bytes} bytes`,
    );
    const cold = width === 58 ? time(1, () => encode(0, 'GBK', '王𠀀'))[0]! : null;
    const gbk = time(runs, (i) => encode(i, 'GBK', `王𠀀${String.fromCodePoint(0x3400 + (i % 50))}`));
    console.log(
      `  layout + encode ${width} mm GBK with a raster line: ${figures(gbk)}, ${encode(0, 'GBK', '王𠀀').length} bytes` +
        (cold === null ? '' : `; first in process (fonts parsed) ${cold.toFixed(1)} ms`),
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'bench-printer-'));
  const db = new Database(join(dir, 'till.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(migration.sql);
  const printer = await startPrinterEmulator();
  const service = createPrinterService({
    db,
    profile: { connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 },
  });
  try {
    const e2eRuns = Math.max(20, Math.floor(runs / 10));
    const enqueue: number[] = [];
    const printed: number[] = [];
    for (let i = 0; i < e2eRuns; i++) {
      const done = new Promise<void>((resolve) => {
        const off = service.on('printed', () => {
          off();
          resolve();
        });
      });
      const t = performance.now();
      service.enqueue(sale(i));
      enqueue.push(performance.now() - t);
      await done;
      printed.push(performance.now() - t);
    }
    console.log(`  enqueue (SQLite insert, synchronous=FULL): ${figures(enqueue)}`);
    console.log(`  enqueue → printed via emulator (loopback TCP): ${figures(printed)}`);
  } finally {
    await service.close();
    await printer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
