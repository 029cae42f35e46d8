import { tillError } from '../../src/errors';
import type { TillStore } from '../store';
import type { TillContext } from './context';
import { ALLOW_NEGATIVE_SETTING } from './inventory';
import { LOCAL_SHOP_SETTING, type SaleRules, type StoredSaleRules, saleRules } from './shop-settings';

/** A product of the cart: master data, with its stock at this shop as it is now. */
export interface ProductForSale {
  id: string;
  name: string;
  price_points: number;
  is_service: number;
  active: number;
  qty: number | null;
  avg_cost_fen: number | null;
}

type ProductRow = Omit<ProductForSale, 'qty' | 'avg_cost_fen'>;

/**
 * What a sale's checks keep between sales (decision 0486): product rows and the shop's
 * settings. Products, shops and the settings a check reads change only by master data and
 * by a manager's edit, and each row written to them gives `master_generation` a new random
 * value (till migration 13's triggers). So they are kept per store under the value they
 * were read at, and each sale reads that value first: a pull or an edit, committed or
 * rolled back, is seen by the next sale. Stock levels, balances, cards and households are
 * read every sale.
 */
export interface SaleFacts {
  /** The product with its stock here; refuses a product the till does not know. */
  product(id: string): ProductForSale;
  /** The window in force and sell-past-zero; frozen, since every sale is handed the same one. */
  rules: SaleRules;
}

interface Kept {
  generation: string;
  shopId: string;
  rules: SaleRules;
  products: Map<string, ProductRow | null>;
}

const kept = new WeakMap<TillStore, Kept>();
/** A till's products fit many times over; past this it starts again. */
const MAX_KEPT = 50_000;

export function saleFacts(ctx: TillContext): SaleFacts {
  const { store } = ctx;
  const generation = store.sql('SELECT hex(value) FROM master_generation').pluck().get() as string;
  let k = kept.get(store);
  if (k?.generation !== generation || k.shopId !== ctx.shopId || k.products.size > MAX_KEPT) {
    const stored = store
      .sql(
        `SELECT (SELECT redemption_window FROM shops WHERE id = ?) AS township,
         (SELECT value FROM settings WHERE key = ?) AS local, (SELECT value FROM settings WHERE key = ?) AS negative`,
      )
      .get(ctx.shopId, LOCAL_SHOP_SETTING, ALLOW_NEGATIVE_SETTING) as StoredSaleRules;
    k = {
      generation,
      shopId: ctx.shopId,
      rules: deepFreeze(saleRules(stored)),
      products: new Map(),
    };
    kept.set(store, k);
  }
  const { products } = k;
  return {
    rules: k.rules,
    product(id) {
      let p = products.get(id);
      if (p === undefined) {
        p =
          (store
            .sql('SELECT id, name, price_points, is_service, active FROM products WHERE id = ?')
            .get(id) as ProductRow | undefined) ?? null;
        products.set(id, p);
      }
      if (p === null)
        throw tillError('UNKNOWN_PRODUCT', `没有这个商品：${id}`, `Unknown product: ${id}`, {
          productId: id,
        });
      const stock = store
        .sql('SELECT qty, avg_cost_fen FROM stock_levels WHERE product_id = ? AND shop_id = ?')
        .get(id, ctx.shopId) as { qty: number; avg_cost_fen: number } | undefined;
      // A new object each time, so the kept row is never handed out (fields named: no spread per line).
      return {
        id: p.id,
        name: p.name,
        price_points: p.price_points,
        is_service: p.is_service,
        active: p.active,
        qty: stock?.qty ?? null,
        avg_cost_fen: stock?.avg_cost_fen ?? null,
      };
    },
  };
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
