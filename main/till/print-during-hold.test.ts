import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { type PrinterEmulator, startPrinterEmulator } from '../../tests/support/printer-emulator';
import { FIXED_NOW } from '../../tests/support/till-fixture';
import { seedDemo } from '../demo/seed';
import { createTillService, type TillService } from './service';

/**
 * The printer's queue writes on the till's one connection, at any turn of the event loop.
 * While a pull holds its pages open (decisions 0471, 0472) such a write must not join the
 * held transaction: it commits the held pages first and then itself, as every other write
 * of the store does, so a job marked printed stays printed whatever becomes of the hold
 * (a kill before its commit would lose it, and the receipt would print twice).
 */

let dir: string;
let printer: PrinterEmulator;
let till: TillService | null = null;
let reader: Database.Database | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-print-hold-'));
  printer = await startPrinterEmulator();
});

afterEach(async () => {
  reader?.close();
  await till?.close();
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a print status written while pulled pages are held open', () => {
  it('is committed on its own, for another connection to see, and commits the held page first', async () => {
    const file = join(dir, 'till.db');
    seedDemo(file, { now: FIXED_NOW, households: 12, light: true, historyDays: 2 });
    // A job left queued by the last run: the service delivers it without a call at the counter,
    // so the counter stays quiet and the next page is held.
    const raw = new Database(file);
    raw
      .prepare(
        `INSERT INTO print_jobs (id, created_at, kind, payload_json, sale_id, reprint_of)
         VALUES ('0193a1b2-c3d4-7e5f-8a9b-000000000001', ?, 'test-page', '{"kind":"test-page"}', NULL, NULL)`,
      )
      .run(FIXED_NOW);
    raw.close();
    printer.setStatus('paper-out');
    till = await createTillService({
      dataDir: dir,
      demo: true,
      sync: false,
      backups: false,
      clock: new ManualClock(FIXED_NOW),
      printer: { connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 },
    });
    const store = till.store;
    reader = new Database(file, { readonly: true });
    const committed = () => ({
      job: reader!.prepare('SELECT state FROM print_jobs').pluck().get(),
      page: reader!.prepare("SELECT value FROM settings WHERE key = 'quality.page'").pluck().get() ?? null,
    });
    await printer.waitFor('a status request', () => printer.statusRequests > 0);

    store.holdOpen(() => store.setSetting('quality.page', 1));
    expect(store.holdsOpen).toBe(true);
    expect(committed()).toEqual({ job: 'pending', page: null });

    // Paper in: the job goes out and is marked sending, then done, while the page is held.
    printer.setStatus('ok');
    await printer.waitForDocuments(1);
    const done = store.sql("SELECT count(*) FROM print_jobs WHERE state = 'done'").pluck();
    await printer.waitFor('the job marked done', () => done.get() === 1);
    expect(committed()).toEqual({ job: 'done', page: '1' });
    expect(store.holdsOpen).toBe(false);
  });
});
