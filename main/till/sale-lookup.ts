import type { SaleView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { TillContext } from './context';
import { saleView } from './queries';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A sale of another shop is that shop's to void: its stock and its clerk's shift. */
export function requireOwnShop(ctx: TillContext, saleId: string): void {
  const row = ctx.store
    .sql(
      'SELECT s.shop_id, s.receipt_no, sh.name FROM sales s LEFT JOIN shops sh ON sh.id = s.shop_id WHERE s.id = ?',
    )
    .get(saleId) as { shop_id: string; receipt_no: string; name: string | null } | undefined;
  if (row && row.shop_id !== ctx.shopId) {
    const shop = row.name ?? row.shop_id;
    throw tillError(
      'FORBIDDEN',
      `小票 ${row.receipt_no} 是${shop}的兑换，只能在那家超市撤销或退货`,
      `Receipt ${row.receipt_no} is a sale of ${shop}; only that shop can void or return it`,
      { saleId, shopId: row.shop_id },
    );
  }
}

/** By receipt number, or by the QR code's text (the sale id, perhaps inside a longer text). */
export function findSale(ctx: TillContext, query: string): SaleView {
  const q = query.trim();
  const byId = UUID.exec(q)?.[0]?.toLowerCase();
  const id = (
    byId
      ? ctx.store.sql('SELECT id FROM sales WHERE id = ?').pluck().get(byId)
      : ctx.store.sql('SELECT id FROM sales WHERE receipt_no = ?').pluck().get(q.toUpperCase())
  ) as string | undefined;
  if (!id) {
    throw tillError('UNKNOWN_SALE', `找不到小票 ${q}`, `No sale with receipt ${q}`, { query: q });
  }
  requireOwnShop(ctx, id);
  return saleView(ctx, id);
}

/** This shop's latest sales, any of its tills (as far as they have synced here). */
export function recentSales(ctx: TillContext, limit: number): SaleView[] {
  const ids = ctx.store
    .sql('SELECT id FROM sales WHERE shop_id = ? ORDER BY at DESC, id DESC LIMIT ?')
    .pluck()
    .all(ctx.shopId, limit) as string[];
  return ids.map((id) => saleView(ctx, id));
}
