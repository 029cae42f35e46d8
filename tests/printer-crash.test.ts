import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createPrinterService, type PrinterService } from '../main/printer';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';

/**
 * A till process killed (SIGKILL) in the middle of printing: the job is in the SQLite
 * queue, and the next start prints it.
 */

const repo = join(import.meta.dirname, '..');
const url = (p: string) => pathToFileURL(join(repo, p)).href;

let dir: string;
let child: ChildProcess | null = null;
let printer: PrinterEmulator | null = null;
let service: PrinterService | null = null;
let db: Database.Database | null = null;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await service?.close();
  await printer?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a till killed mid-receipt prints that receipt after it restarts', async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-printer-crash-'));
  const file = join(dir, 'till.db');
  printer = await startPrinterEmulator();
  printer.paperOutAfterBytes(250);

  const script = `
    import Database from 'better-sqlite3';
    import { createPrinterService } from '${url('main/printer/index.ts')}';
    import { migration } from '${url('main/store/migrations/0002-print-queue.ts')}';
    const db = new Database(${JSON.stringify(file)});
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(migration.sql);
    const svc = createPrinterService({
      db,
      profile: { connection: { type: 'tcp', host: '127.0.0.1', port: ${printer.port} }, width: 58 },
      header: ['幸福村积分超市'],
      timing: { statusPollMs: 20, retryBaseMs: 20 },
    });
    svc.on('status', (s) => { if (s.state === 'paper-out') console.log('STUCK ' + id); });
    const id = svc.enqueue({
      kind: 'sale', receiptNo: 'S01-D01-000777', time: 0, clerkName: '李梅',
      household: { number: '3-017', headName: '王大山' },
      lines: [{ name: '大米 10kg', qty: 1, unitPoints: 2000, points: 2000 }],
      totalPoints: 2000, balanceBefore: 5000, balanceAfter: 3000,
      saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000777', shift: null,
    });
  `;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = proc;
  const jobId = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /STUCK (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`till process exited early (${code}): ${out}`)));
  });
  proc.kill('SIGKILL');
  await new Promise((resolve) => proc.once('exit', resolve));

  db = new Database(file);
  expect(db.prepare('SELECT state, attempts FROM print_jobs WHERE id = ?').get(jobId)).toEqual({
    state: 'sending',
    attempts: 1,
  });
  // The printer was switched off and on while the till was down: its buffer is gone.
  await printer.kill();
  printer.setStatus('ok');
  await printer.restart();

  service = createPrinterService({
    db,
    profile: { connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 },
    timing: { statusPollMs: 20, retryBaseMs: 20 },
  });
  const docs = await printer.waitForDocuments(1);
  expect(docs).toHaveLength(1);
  expect(docs[0]!.text).toMatch(/大米 10kg +1x20 +20/);
  expect(docs[0]!.qr).toEqual(['0193a1b2-c3d4-7e5f-8a9b-000000000777']);
  await printer.waitFor('job marked done', () => service!.status().pendingJobs === 0);
  expect(db.prepare('SELECT state, attempts FROM print_jobs WHERE id = ?').get(jobId)).toEqual({
    state: 'done',
    attempts: 2,
  });
});
