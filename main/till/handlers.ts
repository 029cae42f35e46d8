import type {
  ApiName,
  ApiParsedParams,
  ApiResults,
  ClerkView,
  SaleView,
  TillStatus,
} from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { PrintDocumentInput } from '../printer/documents';
import { requirePinCurrent, type SetupDeps, setupHandlers } from '../setup';
import { cardIssueHandlers } from './card-issue';
import { commitSale } from './checkout';
import { type Actor, requireRole, type TillContext } from './context';
import { createDoorPlateHandlers } from './door-plate-handlers';
import { createLockoutHandlers } from './lockout-handlers';
import { createOverdraftHandlers } from './overdraft-handlers';
import { blockCard } from './points';
import { createPointsHandlers } from './points-handlers';
import { favourites, productByBarcode, searchProducts } from './product-queries';
import { cardView, saleView } from './queries';
import { reverseSale } from './reversal';
import { createSaleLookupHandlers } from './sale-lookup-handlers';
import { checkClerkPin, listClerks, type Sessions } from './session';
import { createSettingsHandlers, type SettingsDeps } from './settings-handlers';
import { closeShift, currentShift, openShift, shiftSummary } from './shift';
import { createStockHandlers } from './stock-handlers';

/** What handlers need beyond the store: sessions and the devices the service owns. */
export interface HandlerDeps {
  ctx: TillContext;
  sessions: Sessions;
  status(): TillStatus;
  simulateTap(uid: string): void;
  simulateRemove(): void;
  printSale(saleId: string, kind: 'sale' | 'void' | 'return'): void;
  /** The receipt of a sale just committed, from its view (in the sale's transaction). */
  printNewSale(sale: SaleView, byDoorPlate: boolean): void;
  printShift(shiftId: string): void;
  reprintLast(): void;
  /** Queues a test page and asks the printer for its state now. */
  printTestPage(): Promise<ApiResults['printer.testPage']>;
  selectReader(name: string | null): void;
  syncNow(): Promise<ApiResults['sync.now']>;
  /** Queues a paper; a printer problem never undoes what it records. */
  printDocument?(doc: PrintDocumentInput): void;
  enroll(
    serverUrl: string,
    code: string,
    name: string,
    fingerprint: string,
  ): Promise<ApiResults['sync.enroll']>;
  setup: SetupDeps;
  settings: SettingsDeps;
}

export type Handler<K extends ApiName> = (
  params: ApiParsedParams<K>,
  actor: Actor | null,
  token: string | null,
) => ApiResults[K] | Promise<ApiResults[K]>;

export type Handlers = { [K in ApiName]: Handler<K> };

const MANAGER_ROLES = ['manager', 'officer'] as const;

/** One handler per API call; roles are checked here, in the service, never in the UI. */
export function createHandlers(d: HandlerDeps): Handlers {
  const { ctx, sessions } = d;
  const who = (actor: Actor | null): Actor => {
    if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
    return actor;
  };
  const manager = (managerId: string, pin: string): ClerkView => {
    // Only managers may be tried here, on a path of its own (decision 0310).
    return checkClerkPin(ctx, managerId, pin, 'approve', {
      allowed: MANAGER_ROLES,
      zh: '批准撤销或退货',
      en: 'approve a void or return',
    });
  };
  const shiftId = () => currentShift(ctx)?.id ?? null;

  return {
    'session.clerks': () => listClerks(ctx),
    'session.login': ({ clerkId, pin }) => {
      const clerk = checkClerkPin(ctx, clerkId, pin, 'login');
      requirePinCurrent(ctx, clerk.id);
      return { token: sessions.create(clerk), clerk };
    },
    'session.logout': (_p, _a, token) => {
      sessions.end(token);
      return { ok: true };
    },
    'status.get': () => d.status(),
    'card.lookup': ({ uid }) => cardView(ctx, uid),
    'card.simulateTap': ({ uid }) => {
      d.simulateTap(uid);
      return { ok: true };
    },
    'card.simulateRemove': () => {
      d.simulateRemove();
      return { ok: true };
    },
    'card.block': ({ uid, reason, lost }, actor) => {
      blockCard(ctx, who(actor), { uid, reason, lost });
      return cardView(ctx, uid);
    },
    'catalog.search': ({ query, limit }) => searchProducts(ctx, query, limit),
    'catalog.byBarcode': ({ code }) => productByBarcode(ctx, code),
    'catalog.favourites': () => favourites(ctx),
    // The receipt job is queued in the sale's own transaction; a resend queues nothing.
    'checkout.commit': (input, actor) =>
      commitSale(ctx, who(actor), input, shiftId(), (sale) => d.printNewSale(sale, false)),
    'sale.last': () => {
      const id = ctx.store
        .sql('SELECT id FROM sales WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1')
        .pluck()
        .get(ctx.store.deviceId) as string | undefined;
      return id ? saleView(ctx, id) : null;
    },
    'sale.get': ({ saleId }) => saleView(ctx, saleId),
    'sale.void': ({ saleId, managerId, managerPin, reason }, actor) => {
      const sale = reverseSale(ctx, who(actor), manager(managerId, managerPin), { saleId, reason });
      d.printSale(saleId, 'void');
      return sale;
    },
    'sale.return': ({ saleId, managerId, managerPin, reason, lines }, actor) => {
      const sale = reverseSale(ctx, who(actor), manager(managerId, managerPin), { saleId, reason, lines });
      d.printSale(saleId, 'return');
      return sale;
    },
    'shift.current': () => {
      const open = currentShift(ctx);
      return open ? shiftSummary(ctx, open.id) : null;
    },
    'shift.open': (_p, actor) => openShift(ctx, who(actor)),
    'shift.close': (_p, actor) => {
      const closed = closeShift(ctx, who(actor));
      if (!closed) throw tillError('INVALID_INPUT', '当前没有未结束的班次', 'There is no open shift');
      d.printShift(closed.shiftId);
      return closed;
    },
    'printer.reprintLast': () => {
      d.reprintLast();
      return { ok: true };
    },
    'printer.testPage': () => d.printTestPage(),
    'reader.select': ({ name }, actor) => {
      requireRole(who(actor), MANAGER_ROLES, { zh: '更换读卡器', en: 'choose the card reader' });
      d.selectReader(name);
      return d.status();
    },
    'sync.now': () => d.syncNow(),
    ...createStockHandlers({ ctx, printDocument: d.printDocument }),
    'sync.enroll': ({ serverUrl, code, name, fingerprint }, actor) => {
      requireRole(who(actor), MANAGER_ROLES, { zh: '登记收银机', en: 'enroll this till' });
      return d.enroll(serverUrl, code, name, fingerprint);
    },
    ...setupHandlers(d.setup),
    ...cardIssueHandlers(ctx),
    ...createOverdraftHandlers(ctx),
    ...createSettingsHandlers(d.settings),
    ...createSaleLookupHandlers(ctx),
    ...createPointsHandlers(ctx, { printDocument: d.printDocument }),
    ...createLockoutHandlers(ctx),
    ...createDoorPlateHandlers({ ctx, shiftId, printSale: (sale) => d.printNewSale(sale, true) }),
  };
}
