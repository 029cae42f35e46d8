import type Database from 'better-sqlite3';
import type { PrinterStatusView } from '../../src/api/contract';
import { type Clock, localDateTime, systemClock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { createListeners } from '../../src/events/listeners';
import { newId } from '../../src/ids';
import { layoutReceipt, layoutTestPage, type ReceiptData, ReceiptDataSchema } from '../../src/receipt';
import { ConnectionLost, type PrinterConnection } from './connection';
import { layoutDocument, type PrintDocumentInput, PrintDocumentSchema } from './documents';
import { encodeBlocks } from './escpos-encoder';
import { openDeviceFile } from './file-connection';
import { createGlyphRasterizer, DEFAULT_FONT_FILES, type GlyphRasterizer } from './glyph-raster';
import {
  describeProfile,
  type PrinterProfile,
  type PrinterProfileInput,
  PrinterProfileSchema,
} from './profile';
import { type PrintJobRow, PrintQueue } from './queue';
import { conditionOf, type PrinterCondition, STATUS_MESSAGES } from './status';
import { openTcp } from './tcp-connection';
import { Wait } from './wait';

/**
 * The printer service: enqueue is one INSERT and returns; a single worker sends jobs
 * oldest first. A job is marked done only when the printer answers a GS r request
 * placed after it (i.e. it has printed); before sending, DLE EOT tells paper out or
 * cover open and nothing is sent, so a recovered printer prints the job once. A lost
 * connection before that answer sends the job again on the next attempt.
 */

export interface PrinterTiming {
  connectTimeoutMs: number;
  statusTimeoutMs: number;
  /** First retry delay after a failure; doubles up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often status is asked while waiting for a printer to finish or recover. */
  statusPollMs: number;
  /**
   * A printer that never answers GS r is taken as done after this long in good health;
   * once it has shown that, after one healthy status poll.
   */
  silentPrinterMs: number;
  /** With nothing queued and the printer not ready, ask it again this often. */
  idleProbeMs: number;
}

const DEFAULT_TIMING: PrinterTiming = {
  connectTimeoutMs: 3000,
  statusTimeoutMs: 1500,
  retryBaseMs: 1000,
  retryMaxMs: 15_000,
  statusPollMs: 1000,
  silentPrinterMs: 20_000,
  idleProbeMs: 30_000,
};

/** Header and footer come from settings when the caller leaves them out. */
export type ReceiptInput = Omit<ReceiptData, 'header' | 'footer' | 'reprint'> &
  Partial<Pick<ReceiptData, 'header' | 'footer' | 'reprint'>>;

export interface PrinterServiceOptions {
  db: Database.Database;
  profile: PrinterProfileInput | null;
  header?: string[];
  footer?: string[];
  clock?: Clock;
  timing?: Partial<PrinterTiming>;
}

export interface PrinterEvents {
  status: PrinterStatusView;
  printed: { jobId: string };
}

export interface PrinterService {
  enqueue(receipt: ReceiptInput): string;
  /** Queues a copy of the last customer receipt marked 重印 / REPRINT; returns its job id. */
  reprintLast(): string;
  printTestPage(): string;
  /** Queues a paper (receiving slip, count sheet, short monthly notice); the shop header is added. */
  enqueueDocument(doc: PrintDocumentInput): string;
  status(): PrinterStatusView;
  /** Asks the printer now (for the hardware check); queued jobs are untouched. */
  refreshStatus(): Promise<PrinterStatusView>;
  configure(settings: { profile?: PrinterProfileInput | null; header?: string[]; footer?: string[] }): void;
  on<E extends keyof PrinterEvents>(event: E, listener: (payload: PrinterEvents[E]) => void): () => void;
  close(): Promise<void>;
}

async function connect(profile: PrinterProfile, timing: PrinterTiming): Promise<PrinterConnection> {
  const c = profile.connection;
  if (c.type === 'tcp') return openTcp(c.host, c.port, timing.connectTimeoutMs);
  return openDeviceFile(c.path, c.type === 'serial' ? { baudRate: c.baudRate } : null);
}

export function createPrinterService(options: PrinterServiceOptions): PrinterService {
  const clock = options.clock ?? systemClock;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const queue = new PrintQueue(options.db);
  // A listener's bug must not make a printed job look failed.
  const listeners = createListeners<PrinterEvents>((event, e) =>
    console.error(`printer: '${String(event)}' listener failed`, e),
  );
  let profile: PrinterProfile | null = options.profile ? PrinterProfileSchema.parse(options.profile) : null;
  let header = options.header ?? [];
  let footer = options.footer ?? [];
  let rasterizer: GlyphRasterizer | null = null;
  let condition: PrinterCondition = 'ready';
  let sending = false;
  /** A job attempt or a status probe holds the printer; never both (many accept one connection). */
  let busy = false;
  let probing: Promise<PrinterStatusView> | null = null;
  let closed = false;
  let current: PrinterConnection | null = null;
  let lastView = '';
  const wait = new Wait();
  /**
   * What this printer turned out to answer (learnt per profile): a printer without DLE
   * EOT or GS r support then costs one long wait, not one on every receipt.
   */
  const learnt = { statusMisses: 0, confirms: true, asked: false };
  const askStatus = async (conn: PrinterConnection) => {
    if (learnt.statusMisses >= 2) return null;
    const s = await conn.status(timing.statusTimeoutMs);
    learnt.statusMisses = s ? 0 : learnt.statusMisses + 1;
    return s;
  };

  const emit = listeners.emit;

  const view = (): PrinterStatusView => {
    const state = !profile
      ? 'not-configured'
      : condition !== 'ready'
        ? condition
        : sending
          ? 'printing'
          : 'ready';
    return { state, pendingJobs: queue.countOpen(), message: STATUS_MESSAGES[state] };
  };

  const publish = () => {
    if (closed) return;
    const v = view();
    const key = JSON.stringify(v);
    if (key !== lastView) {
      lastView = key;
      emit('status', v);
    }
  };

  const render = (job: PrintJobRow, p: PrinterProfile): Buffer => {
    rasterizer ??= createGlyphRasterizer(
      p.fontFiles.length > 0 ? p.fontFiles : DEFAULT_FONT_FILES[process.platform],
    );
    const blocks =
      job.kind === 'document'
        ? layoutDocument(PrintDocumentSchema.parse(JSON.parse(job.payload_json)), p.width)
        : job.kind === 'test-page'
          ? layoutTestPage({
              width: p.width,
              description: describeProfile(p),
              time: localDateTime(clock.now()),
            })
          : layoutReceipt(ReceiptDataSchema.parse(JSON.parse(job.payload_json)), { width: p.width });
    return encodeBlocks(blocks, {
      width: p.width,
      charset: p.charset,
      cutter: p.cutter,
      qr: p.qr,
      rasterizer,
    });
  };

  /** Waits for the printer's "printed" answer, watching its status meanwhile. */
  const awaitPrinted = async (conn: PrinterConnection) => {
    const printed = conn.printed();
    printed.catch(() => {});
    let settled = false;
    printed.then(
      () => {
        settled = true;
        wait.interrupt();
      },
      () => {
        settled = true;
        wait.interrupt();
      },
    );
    let healthySince = Date.now();
    for (;;) {
      if (!settled) await wait.sleep(timing.statusPollMs);
      if (settled || closed) {
        if (settled) learnt.confirms = true;
        return printed;
      }
      const s = await askStatus(conn);
      const c = s ? conditionOf(s) : 'ready';
      if (c !== 'ready') healthySince = Date.now();
      condition = c;
      publish();
      const patience = learnt.confirms ? timing.silentPrinterMs : timing.statusPollMs;
      if (c === 'ready' && Date.now() - healthySince >= patience) {
        learnt.confirms = false;
        return 'printed';
      }
    }
  };

  /** One try at the oldest job: 'done', or the delay before the next try. */
  const attempt = async (job: PrintJobRow, p: PrinterProfile): Promise<'done' | 'retry' | 'poll'> => {
    let bytes: Buffer;
    try {
      bytes = render(job, p);
    } catch (e) {
      queue.markFailed(job.id, `render: ${(e as Error).message}`);
      return 'done';
    }
    let conn: PrinterConnection | null = null;
    try {
      conn = await connect(p, timing);
      current = conn;
      if (closed) return 'poll';
      const s = await askStatus(conn);
      if (s && conditionOf(s) !== 'ready') {
        condition = conditionOf(s);
        queue.markRetry(job.id, condition, clock.now());
        return 'poll';
      }
      // Before the first job on this profile, ask "printed?" with nothing to print: a printer
      // that confirms answers at once, one that never does is known before the first receipt
      // (else that receipt would show 打印中 for the whole silentPrinterMs).
      if (learnt.confirms && !learnt.asked) {
        learnt.asked = true;
        const answer = await Promise.race([
          conn.printed(),
          new Promise<'silent'>((r) => setTimeout(() => r('silent'), timing.statusTimeoutMs).unref?.()),
        ]);
        if (answer === 'silent') learnt.confirms = false;
      }
      condition = 'ready';
      sending = true;
      queue.markSending(job.id, clock.now());
      publish();
      await conn.write(bytes);
      await awaitPrinted(conn);
      if (closed) return 'poll';
      queue.markDone(job.id, clock.now());
      condition = 'ready';
      sending = false;
      publish();
      emit('printed', { jobId: job.id });
      return 'done';
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      if (closed) return 'poll';
      condition = 'offline';
      queue.markRetry(job.id, e.message, clock.now());
      return 'retry';
    } finally {
      sending = false;
      conn?.close();
      current = null;
      publish();
    }
  };

  const loop = async () => {
    let delay = timing.retryBaseMs;
    while (!closed) {
      const job = queue.oldestOpen();
      const p = profile;
      if (!job || !p) {
        publish();
        await wait.sleep(condition === 'ready' || !p ? 3_600_000 : timing.idleProbeMs);
        if (!closed && p && condition !== 'ready' && !queue.oldestOpen()) await probe();
        continue;
      }
      let outcome: 'done' | 'retry' | 'poll';
      if (probing) await probing.catch(() => {});
      busy = true;
      try {
        outcome = await attempt(job, p);
      } catch (e) {
        // Not a printer problem (the database, a bug): keep the job, never crash the till.
        console.error('printer: job', job.id, e);
        outcome = 'retry';
      } finally {
        busy = false;
      }
      if (outcome === 'done') {
        delay = timing.retryBaseMs;
        continue;
      }
      await wait.sleep(outcome === 'poll' ? timing.statusPollMs : delay);
      if (outcome === 'retry') delay = Math.min(delay * 2, timing.retryMaxMs);
    }
  };

  const probe = (): Promise<PrinterStatusView> => {
    const p = profile;
    if (!p || busy || closed) return Promise.resolve(view());
    probing ??= probeOnce(p).finally(() => {
      probing = null;
    });
    return probing;
  };

  const probeOnce = async (p: PrinterProfile): Promise<PrinterStatusView> => {
    try {
      const conn = await connect(p, timing);
      try {
        // Asked on purpose (hardware check, idle probe): always ask, and believe an answer.
        const s = await conn.status(timing.statusTimeoutMs);
        if (s) learnt.statusMisses = 0;
        condition = s ? conditionOf(s) : 'ready';
      } finally {
        conn.close();
      }
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      condition = 'offline';
    }
    publish();
    // The idle worker sleeps long while all is well; a problem makes it look again soon.
    if (condition !== 'ready') wait.interrupt();
    return view();
  };

  queue.recoverInterrupted();
  queue.pruneDone(clock.now() - 90 * 86_400_000);
  const running = loop();

  const insert = (
    kind: PrintJobRow['kind'],
    payload: unknown,
    saleId: string | null,
    reprintOf: string | null,
  ) => {
    const id = newId(clock);
    queue.insert({ id, createdAt: clock.now(), kind, payload, saleId, reprintOf });
    wait.interrupt();
    publish();
    return id;
  };

  return {
    enqueue(receipt) {
      const parsed = ReceiptDataSchema.safeParse({ header, footer, reprint: false, ...receipt });
      if (!parsed.success) {
        throw tillError('INVALID_INPUT', '小票内容无效', 'Invalid receipt data', {
          issues: parsed.error.issues,
        });
      }
      return insert(parsed.data.kind, parsed.data, parsed.data.saleId, null);
    },
    reprintLast() {
      const last = queue.lastReceipt();
      if (!last) throw tillError('UNKNOWN_SALE', '还没有可重印的小票', 'No receipt to reprint yet');
      const data = { ...(JSON.parse(last.payload_json) as ReceiptData), reprint: true };
      return insert(last.kind, data, last.sale_id, last.reprint_of ?? last.id);
    },
    printTestPage() {
      if (!profile)
        throw tillError(
          'PRINTER_UNAVAILABLE',
          STATUS_MESSAGES['not-configured']!.zh,
          STATUS_MESSAGES['not-configured']!.en,
        );
      return insert('test-page', { kind: 'test-page' }, null, null);
    },
    enqueueDocument(doc) {
      const parsed = PrintDocumentSchema.safeParse({ header, ...doc });
      if (!parsed.success) {
        throw tillError('INVALID_INPUT', '单据内容无效', 'Invalid document data', {
          issues: parsed.error.issues,
        });
      }
      return insert('document', parsed.data, null, null);
    },
    status: view,
    refreshStatus: probe,
    configure(settings) {
      if (settings.profile !== undefined) {
        profile = settings.profile ? PrinterProfileSchema.parse(settings.profile) : null;
        rasterizer = null;
        learnt.statusMisses = 0;
        learnt.confirms = true;
        learnt.asked = false;
        condition = 'ready';
      }
      if (settings.header) header = settings.header;
      if (settings.footer) footer = settings.footer;
      wait.interrupt();
      publish();
    },
    on: listeners.on,
    async close() {
      closed = true;
      current?.close();
      wait.interrupt();
      await running;
    },
  };
}
