import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApiEventName,
  type ApiEvents,
  type ApiName,
  type ApiResponse,
  apiSchemas,
  type CardView,
  PUBLIC_CALLS,
  type TillStatus,
} from '../../src/api/contract';
import { type Clock, systemClock } from '../../src/clock';
import { isTillError, type SerializedTillError, tillError } from '../../src/errors';
import { createListeners } from '../../src/events/listeners';
import { parseInput } from '../../src/validation';
import { DEMO_CARDS, DEMO_CLERKS, seedDemo } from '../demo/seed';
import { type CardReaderService, createCardReaderService } from '../nfc';
import { createPrinterService, type PrinterProfileInput, type PrinterService } from '../printer';
import { checkpointWhenIdle, TillStore } from '../store';
import { SyncClient } from '../sync';
import { scheduleDailyBackups } from './auto-backup';
import { contextFor, isSetUp, reloadContext, requireSetUp, type TillContext } from './context';
import { createHandlers, type Handlers } from './handlers';
import { cardView } from './queries';
import { newSaleReceipt, saleReceiptFor, shiftReceiptFor } from './receipts';
import { Sessions } from './session';
import { effectiveShop } from './shop-settings';
import { tillStatusOf } from './till-status';

export interface TillServiceOptions {
  dataDir: string;
  demo: boolean;
  clock?: Clock;
  /** Overrides the printer profile kept in settings (tests, first set-up). */
  printer?: PrinterProfileInput | null;
  readerPreference?: string | null;
  /** Background sync with the township server once enrolled (default on). */
  sync?: boolean;
  /** Daily backups into <dataDir>/backups (default on). */
  backups?: boolean;
}

export interface TillService {
  call<K extends ApiName>(name: K, params: unknown, token: string | null): Promise<ApiResponse<K>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  sessionLive(token: string): boolean;
  readonly store: TillStore;
  close(): Promise<void>;
}

/**
 * The till service: store, card readers, printer and use cases in one Node process
 * that knows nothing of Electron. Transports (HTTP host, Electron utility process)
 * hand it raw params and a session token; it validates, checks the session and the
 * clerk's role, runs the use case and answers a result or a typed error.
 */
export async function createTillService(options: TillServiceOptions): Promise<TillService> {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const dbPath = join(options.dataDir, 'till.db');
  if (options.demo && !existsSync(dbPath)) seedDemo(dbPath, { now: clock.now() });
  const store = new TillStore(dbPath, { clock });
  const ctx = contextFor(store);
  const listeners = createListeners<ApiEvents>();
  const emit = listeners.emit;

  // The shop is read again when setup brings it (a fresh till starts with none).
  const shopRow = () =>
    store.sql('SELECT name, receipt_header, receipt_footer FROM shops WHERE id = ?').get(ctx.shopId) as
      | { name: string; receipt_header: string; receipt_footer: string }
      | undefined;
  let shop = shopRow();
  const lines = (text: string | undefined) => (text ?? '').split('\n').filter((l) => l.trim() !== '');
  // Start-up flags win over the settings screen's saved profile; a save switches at once.
  let printerProfile: PrinterProfileInput | null =
    options.printer !== undefined
      ? options.printer
      : store.getSetting<PrinterProfileInput>('printer.profile');
  const receipt = () => {
    const r = effectiveShop(store, ctx.shopId);
    return { header: lines(r.receiptHeader), footer: lines(r.receiptFooter) };
  };
  const printer: PrinterService = createPrinterService({
    // The store, not its raw connection: a print status written during a pull's hold commits on its own (0489).
    db: store,
    profile: printerProfile,
    ...receipt(),
    clock,
  });
  printer.on('status', (s) => emit('printer.status', s));

  const readers: CardReaderService = createCardReaderService({
    simulated: options.demo,
    preferredReader: options.readerPreference ?? store.getSetting<string>('reader.preferred'),
  });
  readers.on('tap', (t) => {
    store.noteCounterUse();
    emit('card.tapped', { ...t, ...lookUpForTap(ctx, t.uid) });
  });
  readers.on('removed', (r) => emit('card.removed', r));
  readers.on('status', (s) => emit('reader.status', s));

  const sync = new SyncClient({
    store,
    clock,
    tillStatus: () => tillStatusOf(readers.status(), printer.status()),
  });
  /** Swaps the live context to the shop setup brought: every use case serves it from now on. */
  const reload = (): boolean => {
    if (isSetUp(ctx)) return true;
    if (!reloadContext(ctx)) return false;
    shop = shopRow();
    printer.configure(receipt());
    return true;
  };
  sync.onStatus((st) => {
    // A till that enrolled but was cut off before its first pull gets its shop on a later sync.
    if (st.state === 'idle') reload();
    emit('sync.status', st);
  });
  if (options.sync !== false) sync.start();

  const demoCards = options.demo ? demoCardOffer(ctx) : [];
  const demoPins = options.demo ? demoClerkPins(ctx) : [];
  const status = (): TillStatus => {
    const r = readers.status();
    return {
      demo: options.demo,
      shopName: shop?.name ?? '',
      deviceId: store.deviceId,
      readers: r.readers,
      readerMessage: r.message,
      printer: printer.status(),
      clockWarning: clockWentBack(store),
      ...(options.demo ? { demoCards, demoPins } : {}),
      sync: sync.status(),
    };
  };

  const stopBackups =
    options.backups === false
      ? () => {}
      : scheduleDailyBackups(store, options.dataDir, (e) => console.error('backup failed', e));
  const stopCheckpoints = checkpointWhenIdle(store.db);
  const sessions = new Sessions(() => clock.now());
  const handlers: Handlers = createHandlers({
    ctx,
    sessions,
    status,
    simulateTap: (uid) => readers.simulateTap(uid),
    simulateRemove: () => readers.simulateRemove(),
    // Printing never blocks or rolls back a sale: a queue problem is a printer status, not a failed checkout.
    printSale: (saleId, kind) => safely(() => printer.enqueue(saleReceiptFor(ctx, saleId, kind))),
    printNewSale: (sale, byDoorPlate) =>
      safely(() => printer.enqueue(newSaleReceipt(ctx, sale, byDoorPlate))),
    printShift: (shiftId) => safely(() => printer.enqueue(shiftReceiptFor(ctx, shiftId))),
    reprintLast: () => printer.reprintLast(),
    printDocument: (doc) => safely(() => printer.enqueueDocument(doc)),
    printTestPage: () => {
      printer.printTestPage();
      return printer.refreshStatus();
    },
    selectReader: (name) => {
      // The choice survives restarts; the service applies it at once.
      store.setSetting('reader.preferred', name);
      readers.selectReader(name);
    },
    syncNow: () => sync.syncNow(),
    enroll: async (serverUrl, code, name, fingerprint) => {
      await sync.enroll(serverUrl, code, name, fingerprint);
      return sync.syncNow();
    },
    settings: {
      ctx,
      printerProfile: () => printerProfile,
      usePrinter: (profile) => {
        printerProfile = profile;
        printer.configure({ profile });
      },
      reloadReceipt: () => printer.configure(receipt()),
    },
    setup: {
      ctx,
      clock,
      demo: options.demo,
      syncNow: () => sync.syncNow(),
      syncStatus: () => sync.status(),
      reload,
    },
  });

  return {
    store,
    call: (name, params, token) => dispatch(handlers, sessions, ctx, name, params, token),
    on: listeners.on,
    sessionLive: (token) => sessions.isLive(token),
    async close() {
      stopCheckpoints();
      await stopBackups();
      await sync.stop();
      await readers.close();
      await printer.close();
      store.close();
    },
  };
}

/** The simulated reader's offer in demo mode: each demo card, what it shows, and its holder. */
function demoCardOffer(ctx: TillContext): NonNullable<TillStatus['demoCards']> {
  return (Object.keys(DEMO_CARDS) as (keyof typeof DEMO_CARDS)[]).map((kind) => {
    const card = cardView(ctx, DEMO_CARDS[kind]);
    const holder = card.household
      ? `${card.household.number} ${card.memberName ?? card.household.headName}`
      : null;
    return { uid: DEMO_CARDS[kind], kind, holder };
  });
}

/** Demo mode only: the seeded clerks' PINs, matched to the store's clerks by name. */
function demoClerkPins(ctx: TillContext): { clerkId: string; pin: string }[] {
  const clerks = ctx.store.sql('SELECT id, name FROM clerks').all() as { id: string; name: string }[];
  return clerks.flatMap((c) => {
    const demo = DEMO_CLERKS.find((d) => d.name === c.name);
    return demo ? [{ clerkId: c.id, pin: demo.pin }] : [];
  });
}

/** A card whose household this till does not hold (yet): the screen asks, and is told so. */
const NOT_FOUND: ReadonlySet<string> = new Set(['UNKNOWN_HOUSEHOLD', 'UNKNOWN_CARD']);

/**
 * The card as the counter will show it, pushed with the tap. Only "not found" stays quiet;
 * any other failure, a SQLite one above all, goes with the tap as the refusal, so the
 * counter refuses to trade at once instead of opening a cart on a ledger it cannot read.
 */
function lookUpForTap(ctx: TillContext, uid: string): { card?: CardView; refusal?: SerializedTillError } {
  try {
    return { card: cardView(ctx, uid) };
  } catch (e) {
    if (isTillError(e) && NOT_FOUND.has(e.code)) return {};
    return { refusal: toSerialized(e) };
  }
}

/** Village PCs lose their clock: a time earlier than the last entry means it went back. */
function clockWentBack(store: TillStore): { zh: string; en: string } | null {
  const last = store.sql('SELECT max(at) FROM journal').pluck().get() as number | null;
  if (last === null || store.now() >= last - 60_000) return null;
  return {
    zh: '电脑时间比上一笔记录还早，请核对系统时间（记录仍按顺序号保存）',
    en: 'The computer clock is earlier than the last entry; please check the system time (entries stay ordered by sequence)',
  };
}

function safely(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    console.error('print enqueue failed', e);
  }
}

/** What a till with no shop yet answers: its status and the setup calls. */
const OPEN_BEFORE_SETUP: ReadonlySet<ApiName> = new Set<ApiName>([
  'status.get',
  'session.clerks',
  'setup.state',
  'setup.join',
  'setup.loadFile',
]);

/** Calls the screen makes on a timer (the heartbeat), not a clerk at the counter. */
const POLLED_CALLS = new Set<ApiName>(['status.get']);

async function dispatch<K extends ApiName>(
  handlers: Handlers,
  sessions: Sessions,
  ctx: TillContext,
  name: K,
  params: unknown,
  token: string | null,
): Promise<ApiResponse<K>> {
  try {
    const schema = apiSchemas[name];
    if (!schema)
      throw tillError('INVALID_INPUT', `未知的操作：${String(name)}`, `Unknown call: ${String(name)}`);
    if (!OPEN_BEFORE_SETUP.has(name)) requireSetUp(ctx);
    const parsed = parseInput(schema, params ?? {}, { call: name });
    // A clerk at work: pulled pages are not held for the next sale (decision 0471).
    if (!POLLED_CALLS.has(name)) ctx.store.noteCounterUse();
    const handler = handlers[name] as Handlers[K];
    const actor = PUBLIC_CALLS.has(name) ? null : sessions.get(token);
    const result = await handler(parsed as never, actor, token);
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: toSerialized(e) };
  }
}

function toSerialized(e: unknown): SerializedTillError {
  if (isTillError(e)) return e.toJSON();
  const code = (e as { code?: string }).code ?? '';
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    // Disk full, I/O error, corrupt file: refuse to trade rather than trade without a durable ledger.
    return tillError(
      'DATABASE_UNAVAILABLE',
      `账本数据库出错，暂停收银（${code}）。请联系管理员。`,
      `The ledger database failed; trading is paused (${code}). Call the administrator.`,
      { sqlite: code },
    ).toJSON();
  }
  console.error(e);
  return tillError('INTERNAL', '系统内部错误，未做任何更改', 'Internal error; nothing was changed').toJSON();
}
