import type { StockProductView } from '../../src/api/stock';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { JournalEntry } from '../../src/journal';
import {
  badInput,
  type CheckedProduct,
  checkBarcode,
  checkProduct,
  type ProductFields,
} from '../../src/stock';
import { type Actor, requireRole, type TillContext } from './context';
import { STOCK_ROLES } from './inventory';

/**
 * Product editing on the till (decision 0800): every change is a catalog.product
 * journal entry holding the whole product, so it works offline, syncs to the township
 * with the rest of the journal and keeps its history; the price-history trigger keeps
 * each points price from when it took effect, and sales copy the price they used.
 */

interface ProductRow {
  id: string;
  barcode: string | null;
  name: string;
  pinyin: string;
  unit: string;
  pack_size: number;
  category: string;
  price_points: number;
  cost_fen: number;
  is_service: number;
  active: number;
  low_stock: number;
  favourite: number;
  updated_at: number;
  qty: number | null;
  avg: number | null;
  codes: string | null;
}

const select = (
  shop: string,
) => `SELECT p.id, p.barcode, p.name, p.pinyin, p.unit, p.pack_size, p.category, p.price_points, p.cost_fen,
  p.is_service, p.active, p.low_stock, p.favourite, p.updated_at, l.qty, l.avg_cost_fen AS avg,
  (SELECT json_group_array(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS codes
  FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ${shop}`;

function toView(r: ProductRow): StockProductView {
  const codes = JSON.parse(r.codes ?? '[]') as string[];
  const main = r.barcode;
  return {
    id: r.id,
    barcodes: main ? [main, ...codes.filter((c) => c !== main)] : codes,
    name: r.name,
    pinyin: r.pinyin,
    unit: r.unit,
    packSize: r.pack_size,
    category: r.category,
    pricePoints: r.price_points,
    costFen: r.cost_fen,
    isService: r.is_service === 1,
    active: r.active === 1,
    lowStock: r.low_stock,
    favourite: r.favourite === 1,
    qty: r.is_service === 1 ? null : (r.qty ?? 0),
    avgCostFen: r.avg ?? 0,
    updatedAt: r.updated_at,
  };
}

export function stockProductView(ctx: TillContext, productId: string): StockProductView {
  const row = ctx.store.sql(`${select('?')} WHERE p.id = ?`).get(ctx.shopId, productId) as
    | ProductRow
    | undefined;
  if (!row)
    throw tillError('UNKNOWN_PRODUCT', `没有这个商品：${productId}`, `Unknown product: ${productId}`, {
      productId,
    });
  return toView(row);
}

/** The product a barcode names (any of its barcodes), or a clear refusal. */
export function productIdByBarcode(ctx: TillContext, code: string): string {
  const barcode = checkBarcode(code);
  const id = ctx.store
    .sql('SELECT product_id FROM product_barcodes WHERE barcode = ?')
    .pluck()
    .get(barcode) as string | undefined;
  if (!id) {
    throw tillError(
      'UNKNOWN_PRODUCT',
      `没有条码为 ${barcode} 的商品，可以先新建商品`,
      `No product has barcode ${barcode}; you can create it first`,
      { barcode },
    );
  }
  return id;
}

/** Every product for the stock screens and the export, inactive ones included. */
export function listStockProducts(ctx: TillContext, query = ''): StockProductView[] {
  const q = query.trim();
  const where = q
    ? `WHERE p.name LIKE @q OR p.pinyin LIKE @q OR EXISTS
        (SELECT 1 FROM product_barcodes b WHERE b.product_id = p.id AND b.barcode LIKE @q)`
    : '';
  const rows = ctx.store
    .sql(`${select('@shop')} ${where}
          ORDER BY p.category, p.name`)
    .all({ shop: ctx.shopId, ...(q ? { q: `%${q}%` } : {}) }) as ProductRow[];
  return rows.map(toView);
}

/** Refuses a barcode that belongs to another product, naming it. */
function checkBarcodesFree(ctx: TillContext, productId: string, barcodes: string[]): void {
  for (const code of barcodes) {
    const owner = ctx.store
      .sql(
        `SELECT p.id, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id
         WHERE b.barcode = ?`,
      )
      .get(code) as { id: string; name: string } | undefined;
    if (owner && owner.id !== productId) {
      throw badInput(
        `条码 ${code} 已属于“${owner.name}”，一个条码只能对应一个商品`,
        `Barcode ${code} already belongs to "${owner.name}"; a barcode names one product only`,
        { field: 'barcodes', barcode: code, productId: owner.id },
      );
    }
  }
}

/** The entry a save writes; also used by the import, which checks many rows first. */
export function catalogEntryFor(
  ctx: TillContext,
  actor: Actor,
  productId: string,
  p: CheckedProduct,
): JournalEntry {
  checkBarcodesFree(ctx, productId, p.barcodes);
  const existing = ctx.store
    .sql(
      `SELECT p.is_service, coalesce(l.qty, 0) AS qty FROM products p
       LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ? WHERE p.id = ?`,
    )
    .get(ctx.shopId, productId) as { is_service: number; qty: number } | undefined;
  if (existing && existing.is_service === 0 && p.isService && existing.qty !== 0) {
    throw badInput(
      `还有 ${existing.qty} 件库存，不能改成服务项目；请先盘点或报损`,
      `${existing.qty} units are still in stock, so it cannot become a service item; count or write them off first`,
      { field: 'isService' },
    );
  }
  return ctx.store.append({
    ...ctx.store.header(actor.id),
    kind: 'catalog.product',
    body: { productId, shopId: ctx.shopId, ...p },
  });
}

/** Creates (no productId) or changes a product; returns it as it now stands. */
export function saveProduct(
  ctx: TillContext,
  actor: Actor,
  input: ProductFields & { productId?: string | null },
): StockProductView {
  requireRole(actor, STOCK_ROLES, { zh: '编辑商品', en: 'edit products' });
  const checked = checkProduct(input);
  const productId = input.productId ?? newId(ctx.store.clock);
  ctx.store.transaction(() => {
    if (input.productId) stockProductView(ctx, input.productId);
    catalogEntryFor(ctx, actor, productId, checked);
  });
  return stockProductView(ctx, productId);
}

/** The points prices a product has had, newest first: past sales kept theirs. */
export function priceHistory(ctx: TillContext, productId: string): { pricePoints: number; fromAt: number }[] {
  return ctx.store
    .sql(
      'SELECT price_points AS pricePoints, from_at AS fromAt FROM product_prices WHERE product_id = ? ORDER BY from_at DESC, rowid DESC',
    )
    .all(productId) as { pricePoints: number; fromAt: number }[];
}
