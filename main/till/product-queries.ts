import type { ProductView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import type { TillContext } from './context';

/** The counter's product look-ups: by search, by any barcode, the favourites grid; each with this shop's stock. */

const PRODUCT_COLUMNS = `p.id, p.barcode, p.name, p.pinyin, p.unit, p.price_points, p.category, p.is_service, p.active,
  p.favourite, l.qty, l.avg_cost_fen`;

interface ProductRow {
  id: string;
  barcode: string | null;
  name: string;
  pinyin: string;
  unit: string;
  price_points: number;
  category: string;
  is_service: number;
  active: number;
  favourite: number;
  qty: number | null;
  avg_cost_fen: number | null;
}

function productView(r: ProductRow): ProductView {
  return {
    id: r.id,
    barcode: r.barcode,
    name: r.name,
    pinyin: r.pinyin,
    unit: r.unit,
    pricePoints: r.price_points,
    costFen: r.avg_cost_fen ?? 0,
    category: r.category,
    isService: r.is_service === 1,
    stock: r.is_service === 1 ? null : (r.qty ?? 0),
    favourite: r.favourite === 1,
  };
}

function productQuery(ctx: TillContext, where: string, ...params: unknown[]): ProductView[] {
  return (
    ctx.store
      .sql(
        `SELECT ${PRODUCT_COLUMNS} FROM products p
         LEFT JOIN stock_levels l ON l.product_id = p.id AND l.shop_id = ?
         WHERE p.active = 1 AND (${where}) ORDER BY p.favourite DESC, p.name LIMIT ?`,
      )
      .all(ctx.shopId, ...params) as ProductRow[]
  ).map(productView);
}

/** Name, pinyin initials ("dm" → 大米), barcode or its tail. */
export function searchProducts(ctx: TillContext, query: string, limit: number): ProductView[] {
  const q = query.trim();
  if (q === '') return productQuery(ctx, '1 = 1', limit);
  const like = `%${q.replace(/[%_]/g, '')}%`;
  return productQuery(
    ctx,
    'p.name LIKE ? OR p.pinyin LIKE ? OR p.barcode LIKE ?',
    like,
    like.toLowerCase(),
    `%${q}`,
    limit,
  );
}

export function productByBarcode(ctx: TillContext, code: string): ProductView {
  // Any of the product's barcodes (decision 0800), not only its main one.
  const found = productQuery(
    ctx,
    'p.id = (SELECT product_id FROM product_barcodes WHERE barcode = ?)',
    code,
    1,
  )[0];
  if (!found) {
    throw tillError('UNKNOWN_PRODUCT', `没有这个条码的商品：${code}`, `No product with barcode ${code}`, {
      barcode: code,
    });
  }
  return found;
}

export function favourites(ctx: TillContext): ProductView[] {
  return productQuery(ctx, 'p.favourite = 1', 24);
}
