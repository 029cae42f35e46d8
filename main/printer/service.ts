import type { PrinterStatusView } from '../../src/api/contract';
import { type Clock, systemClock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { createListeners } from '../../src/events/listeners';
import { newId } from '../../src/ids';
import { type ReceiptData, ReceiptDataSchema } from '../../src/receipt';
import { DEFAULT_TIMING, type PrinterTiming, startDelivery } from './delivery';
import { type PrintDocumentInput, PrintDocumentSchema } from './documents';
import { PrinterState } from './printer-state';
import { type PrinterProfileInput, PrinterProfileSchema } from './profile';
import { type PrintJobRow, PrintQueue, type QueueDb } from './queue';
import { STATUS_MESSAGES } from './status';
import { Wait } from './wait';

export type { PrinterTiming } from './delivery';

/**
 * The printer service: enqueue is one INSERT and returns; the delivery worker
 * (delivery.ts) sends jobs oldest first and keeps PrinterState (printer-state.ts) up to
 * date, whose status view is published to listeners when it changes.
 */

/** Header and footer come from settings when the caller leaves them out. */
export type ReceiptInput = Omit<ReceiptData, 'header' | 'footer' | 'reprint'> &
  Partial<Pick<ReceiptData, 'header' | 'footer' | 'reprint'>>;

export interface PrinterServiceOptions {
  /** The till's store (its writes respect a pull's hold), or a bare database (tests, the doctor). */
  db: QueueDb;
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

export function createPrinterService(options: PrinterServiceOptions): PrinterService {
  const clock = options.clock ?? systemClock;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const queue = new PrintQueue(options.db);
  // A listener's bug must not make a printed job look failed.
  const listeners = createListeners<PrinterEvents>((event, e) =>
    console.error(`printer: '${String(event)}' listener failed`, e),
  );
  const state = new PrinterState(
    options.profile ? PrinterProfileSchema.parse(options.profile) : null,
    queue,
    (v) => listeners.emit('status', v),
  );
  let header = options.header ?? [];
  let footer = options.footer ?? [];
  const wait = new Wait();

  queue.recoverInterrupted();
  queue.pruneDone(clock.now() - 90 * 86_400_000);
  const delivery = startDelivery({
    state,
    queue,
    timing,
    clock,
    wait,
    onPrinted: (jobId) => listeners.emit('printed', { jobId }),
  });

  const insert = (
    kind: PrintJobRow['kind'],
    payload: unknown,
    saleId: string | null,
    reprintOf: string | null,
  ) => {
    const id = newId(clock);
    queue.insert({ id, createdAt: clock.now(), kind, payload, saleId, reprintOf });
    wait.interrupt();
    state.publish();
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
      if (!state.profile)
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
    status: () => state.view(),
    refreshStatus: delivery.probe,
    configure(settings) {
      if (settings.profile !== undefined) {
        state.setProfile(settings.profile ? PrinterProfileSchema.parse(settings.profile) : null);
      }
      if (settings.header) header = settings.header;
      if (settings.footer) footer = settings.footer;
      wait.interrupt();
      state.publish();
    },
    on: listeners.on,
    async close() {
      state.closed = true;
      delivery.disconnect();
      wait.interrupt();
      await delivery.running;
    },
  };
}
