import type { ClerkView } from '../../src/api/contract';
import type { stockSchemas } from '../../src/api/stock';
import { tillError } from '../../src/errors';
import type { StockDocumentInput } from '../printer/stock-slips';
import { type Actor, requireRole, type TillContext } from './context';
import type { Handler } from './handlers';
import {
  ALLOW_NEGATIVE_SETTING,
  allowsNegativeStock,
  receiveGoods,
  STOCK_ROLES,
  writeOffGoods,
} from './inventory';
import { checkClerkPin } from './session';
import {
  listStockProducts,
  priceHistory,
  productIdByBarcode,
  saveProduct,
  stockProductView,
} from './stock-catalog';
import {
  APPROVER_ROLES,
  approveCount,
  cancelCount,
  countView,
  openCount,
  openCounts,
  recordCount,
} from './stock-count';
import { applyImport, exportCatalog, previewImport } from './stock-import';
import { lowStock, stockCard, stockValuation } from './stock-reports';

type StockName = keyof typeof stockSchemas;
export type StockHandlers = { [K in StockName]: Handler<K> };

export interface StockHandlerDeps {
  ctx: TillContext;
  /** Queues a receiving slip or count sheet; a printer problem never undoes the stock move. */
  printDocument?(doc: StockDocumentInput): void;
}

const who = (actor: Actor | null): Actor => {
  if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
  return actor;
};

/** The stockkeeper's calls; every role check is here or in the use case, never in the UI. */
export function createStockHandlers(d: StockHandlerDeps): StockHandlers {
  const { ctx } = d;
  const stockActor = (actor: Actor | null, what: { zh: string; en: string }) => {
    const a = who(actor);
    requireRole(a, STOCK_ROLES, what);
    return a;
  };
  const reading = { zh: '查看库存', en: 'view stock' };
  const printCount = (countId: string, clerk: string) => {
    const view = countView(ctx, countId);
    d.printDocument?.({
      layout: 'count-sheet',
      time: ctx.store.now(),
      timeZone: ctx.timeZone,
      clerkName: view.countedBy.name || clerk,
      reference: `盘点-${countId.slice(-6).toUpperCase()}`,
      lines: view.lines.map((l) => ({ name: l.name, unit: l.unit, bookQty: l.bookQty, counted: l.counted })),
    });
  };

  return {
    'stock.products': ({ query }, actor) => {
      stockActor(actor, reading);
      return listStockProducts(ctx, query);
    },
    'stock.product': ({ productId }, actor) => {
      stockActor(actor, reading);
      return { ...stockProductView(ctx, productId), prices: priceHistory(ctx, productId) };
    },
    'stock.byBarcode': ({ code }, actor) => {
      stockActor(actor, reading);
      return stockProductView(ctx, productIdByBarcode(ctx, code));
    },
    'stock.saveProduct': ({ productId, ...fields }, actor) =>
      saveProduct(ctx, who(actor), { ...fields, productId }),
    'stock.receive': ({ print, ...input }, actor) => {
      const a = who(actor);
      const entries = receiveGoods(ctx, a, {
        ...input,
        lines: input.lines.map((l) => ({ ...l, qty: l.qty as number })),
      });
      const lines = entries.map((e) => {
        const body = e.body as {
          productId: string;
          qty: number;
          unitCostFen: number;
          donatedValueFen?: number;
        };
        const p = stockProductView(ctx, body.productId);
        return {
          productId: p.id,
          name: p.name,
          unit: p.unit,
          qty: body.qty,
          unitCostFen: body.donatedValueFen ?? body.unitCostFen,
          qtyAfter: p.qty ?? 0,
          avgCostAfterFen: p.avgCostFen,
        };
      });
      const totalFen = lines.reduce((s, l) => s + l.qty * l.unitCostFen, 0);
      if (print) {
        d.printDocument?.({
          layout: 'receiving-slip',
          kind: input.kind,
          party: input.party.trim(),
          time: ctx.store.now(),
          timeZone: ctx.timeZone,
          clerkName: a.name,
          reference: `入库-${entries[0]!.seq}`,
          lines: lines.map((l) => ({ name: l.name, qty: l.qty, unit: l.unit, unitCostFen: l.unitCostFen })),
          totalFen,
        });
      }
      return {
        kind: input.kind,
        party: input.party.trim(),
        lines: lines.map(({ unit: _unit, ...l }) => l),
        totalFen,
      };
    },
    'stock.writeOff': (input, actor) => {
      const entries = writeOffGoods(ctx, who(actor), {
        ...input,
        lines: input.lines.map((l) => ({ ...l, qty: l.qty as number })),
      });
      const valueFen = entries.reduce((s, e) => {
        const b = e.body as { qty: number; unitCostFen: number };
        return s - b.qty * b.unitCostFen;
      }, 0);
      return { lines: entries.length, valueFen };
    },
    'stock.count.open': (input, actor) => openCount(ctx, who(actor), input),
    'stock.count.list': (_p, actor) => {
      stockActor(actor, reading);
      return openCounts(ctx);
    },
    'stock.count.get': ({ countId }, actor) => {
      stockActor(actor, reading);
      return countView(ctx, countId);
    },
    'stock.count.record': ({ qty, ...input }, actor) =>
      recordCount(ctx, who(actor), { ...input, qty: qty as number }),
    'stock.count.approve': ({ countId, managerId, managerPin, resolutions }, actor) => {
      who(actor);
      const manager: ClerkView = checkClerkPin(ctx, managerId, managerPin, 'approve', {
        allowed: APPROVER_ROLES,
        zh: '批准盘点',
        en: 'approve a stocktake',
      });
      return approveCount(ctx, manager, { countId, resolutions });
    },
    'stock.count.cancel': ({ countId }, actor) => cancelCount(ctx, who(actor), countId),
    'stock.count.print': ({ countId }, actor) => {
      printCount(countId, stockActor(actor, reading).name);
      return { ok: true };
    },
    'stock.report.lowStock': (_p, actor) => {
      stockActor(actor, reading);
      return lowStock(ctx);
    },
    'stock.report.card': ({ productId, limit }, actor) => {
      stockActor(actor, reading);
      return stockCard(ctx, productId, limit);
    },
    'stock.report.value': (_p, actor) => {
      stockActor(actor, reading);
      return stockValuation(ctx);
    },
    'stock.settings.get': (_p, actor) => {
      stockActor(actor, reading);
      return { allowNegative: allowsNegativeStock(ctx) };
    },
    'stock.settings.set': ({ allowNegative }, actor) => {
      requireRole(who(actor), APPROVER_ROLES, { zh: '更改库存设置', en: 'change stock settings' });
      ctx.store.setSetting(ALLOW_NEGATIVE_SETTING, allowNegative);
      return { allowNegative };
    },
    'stock.import.preview': ({ fileName, dataBase64 }, actor) =>
      previewImport(ctx, who(actor), fileName, dataBase64),
    'stock.import.apply': (input, actor) => applyImport(ctx, who(actor), input),
    'stock.export': ({ format }, actor) => {
      stockActor(actor, reading);
      return exportCatalog(ctx, format);
    },
  };
}
