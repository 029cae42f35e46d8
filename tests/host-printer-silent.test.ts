import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrinterService, type PrinterService } from '../main/printer';
import { migration } from '../main/store/migrations/0002-print-queue';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';

/**
 * The first receipt on a printer that never confirms printing (ignores GS r) must not sit
 * in 打印中 for the whole "silent printer" patience: the service learns before the first job.
 * The patience here is far longer than the test's own timeout, so waiting it out fails.
 */
describe('a printer that never confirms what it printed', () => {
  let dir: string;
  let db: Database.Database;
  let printer: PrinterEmulator;
  let service: PrinterService | null = null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-silent-'));
    db = new Database(join(dir, 'till.db'));
    db.exec(migration.sql);
    printer = await startPrinterEmulator({ answersTransmitStatus: false });
  });
  afterEach(async () => {
    await service?.close();
    await printer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the first receipt without waiting out the silent-printer patience', async () => {
    service = createPrinterService({
      db,
      profile: { connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 },
      timing: { statusPollMs: 20, statusTimeoutMs: 300, silentPrinterMs: 10 * 60_000 },
    });
    const printed = new Promise<string>((resolve) => service!.on('printed', (e) => resolve(e.jobId)));
    const id = service.printTestPage();
    await expect(printed).resolves.toBe(id);
    expect(printer.documents).toHaveLength(1);
    expect(service.status().state).toBe('ready');
  }, 30_000);
});
