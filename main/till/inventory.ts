import { tillError } from '../../src/errors';
import type { JournalEntry } from '../../src/journal';
import { type Actor, requireRole, type TillContext } from './context';

const STOCK_ROLES = ['stockkeeper', 'manager'] as const;

function productLevel(ctx: TillContext, productId: string): { isService: boolean; qty: number; avg: number } {
  const row = ctx.store
    .sql(
      `SELECT p.is_service, l.qty, l.avg_cost_fen FROM products p
       LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ? WHERE p.id = ?`,
    )
    .get(ctx.shopId, productId) as
    | { is_service: number; qty: number | null; avg_cost_fen: number | null }
    | undefined;
  if (!row)
    throw tillError('UNKNOWN_PRODUCT', `没有这个商品：${productId}`, `Unknown product: ${productId}`, {
      productId,
    });
  if (row.is_service === 1) {
    throw tillError('INVALID_INPUT', '服务项目没有库存', 'Service items carry no stock', { productId });
  }
  return { isService: false, qty: row.qty ?? 0, avg: row.avg_cost_fen ?? 0 };
}

/** Goods in: a purchase (yuan cost per unit) or a donation (valued at an estimated cost, may be 0). */
export function receiveStock(
  ctx: TillContext,
  actor: Actor,
  input: { productId: string; qty: number; unitCostFen: number; donation: boolean; reference: string },
): JournalEntry {
  requireRole(actor, STOCK_ROLES, { zh: '入库', en: 'receive stock' });
  return ctx.store.transaction(() => {
    productLevel(ctx, input.productId);
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: input.donation ? 'stock.donation' : 'stock.receive',
      body: {
        productId: input.productId,
        shopId: ctx.shopId,
        qty: input.qty,
        unitCostFen: input.unitCostFen,
        reason: input.donation ? '捐赠入库' : '采购入库',
        reference: input.reference,
      },
    });
  });
}

/** A count: the difference to the book quantity is posted at the moving-average cost. */
export function stocktake(
  ctx: TillContext,
  actor: Actor,
  input: { productId: string; counted: number; reference: string },
) {
  requireRole(actor, STOCK_ROLES, { zh: '盘点', en: 'do a stocktake' });
  return ctx.store.transaction(() => {
    const level = productLevel(ctx, input.productId);
    const delta = input.counted - level.qty;
    if (delta === 0) return null;
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'stock.stocktake',
      body: {
        productId: input.productId,
        shopId: ctx.shopId,
        qty: delta,
        unitCostFen: level.avg,
        reason: `盘点：账面 ${level.qty}，实盘 ${input.counted}`,
        reference: input.reference,
      },
    });
  });
}

export function writeOff(
  ctx: TillContext,
  actor: Actor,
  input: { productId: string; qty: number; reason: string },
) {
  requireRole(actor, STOCK_ROLES, { zh: '报损', en: 'write off stock' });
  return ctx.store.transaction(() => {
    const level = productLevel(ctx, input.productId);
    if (input.qty > level.qty) {
      throw tillError(
        'OUT_OF_STOCK',
        `报损数量超过库存（现有 ${level.qty}，报损 ${input.qty}）`,
        `Write-off exceeds stock (${level.qty} on hand, ${input.qty} asked)`,
      );
    }
    return ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'stock.writeoff',
      body: {
        productId: input.productId,
        shopId: ctx.shopId,
        qty: -input.qty,
        unitCostFen: level.avg,
        reason: input.reason,
        reference: '',
      },
    });
  });
}
