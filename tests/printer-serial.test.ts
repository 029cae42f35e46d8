import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createPrinterService, type PrinterService } from '../main/printer';
import { migration } from '../main/store/migrations/0002-print-queue';
import { decodeEscPos } from './support/printer-emulator-decode';

/**
 * The serial transport on a real terminal device: util-linux `script` runs a process on
 * a fresh pseudo-terminal and copies everything written to that terminal to its stdout,
 * which is what a serial printer at the other end of the cable would receive.
 */

let dir: string;
let term: ChildProcess | null = null;
let service: PrinterService | null = null;
let db: Database.Database | null = null;

afterEach(async () => {
  await service?.close();
  if (term && term.exitCode === null && term.signalCode === null) term.kill('SIGTERM');
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(process.platform !== 'linux')(
  'prints a receipt through a serial port, speed set with stty',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-printer-serial-'));
    // stderr ignored: `script` says "Session terminated" when the test stops it.
    const proc = spawn('script', ['-q', '-c', 'tty; stty raw -echo; exec sleep 600', '/dev/null'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    term = proc;
    let out = Buffer.alloc(0);
    proc.stdout!.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
    });
    const waitOut = (what: string, ok: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!ok()) return;
          clearTimeout(timer);
          proc.stdout!.off('data', check);
          resolve();
        };
        const timer = setTimeout(
          () => reject(new Error(`serial test: no ${what} (${out.toString('latin1')})`)),
          20_000,
        );
        proc.stdout!.on('data', check);
        check();
      });
    await waitOut('terminal name', () => out.includes('\n'));
    const firstLine = out.subarray(0, out.indexOf('\n') + 1);
    const path = firstLine.toString().trim();
    expect(path).toMatch(/^\/dev\/pts\/\d+$/);

    db = new Database(join(dir, 'till.db'));
    db.exec(migration.sql);
    service = createPrinterService({
      db,
      profile: { connection: { type: 'serial', path, baudRate: 19200 }, width: 58 },
      header: ['幸福村积分超市'],
      timing: { retryBaseMs: 20, statusPollMs: 20 },
    });
    const printed = new Promise<void>((resolve) => service!.on('printed', () => resolve()));
    service.enqueue({
      kind: 'sale',
      receiptNo: 'S01-D01-000301',
      time: 0,
      clerkName: '李梅',
      household: { number: '3-017', headName: '王大山' },
      lines: [{ name: '酱油 500ml', qty: 2, unitPoints: 250, points: 500 }],
      totalPoints: 500,
      balanceBefore: 800,
      balanceAfter: 300,
      saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000301',
      shift: null,
    });
    await printed;
    await waitOut('receipt', () => decodeEscPos(out.subarray(firstLine.length)).documents.length === 1);
    const doc = decodeEscPos(out.subarray(firstLine.length)).documents[0]!;
    expect(doc.text).toMatch(/酱油 500ml +2x2\.5 +5\n/);
    expect(doc.text).toMatch(/现积分 After +3\n/);
    expect(doc.qr).toEqual(['0193a1b2-c3d4-7e5f-8a9b-000000000301']);
  },
);
