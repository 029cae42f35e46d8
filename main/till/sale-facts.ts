import { tillError } from '../../src/errors';
import type { TillStore } from '../store';
import type { TillContext } from './context';
import { ALLOW_NEGATIVE_SETTING } from './inventory';
import { CARD_COLUMNS, type CardOfHousehold, type CardRaw, cardOfRaw } from './queries';
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

/**
 * A sale's first read, one statement (decision 0462): whether its id was sold already (a
 * resend), the master generation saleFacts keeps its rows under, and the card, if one is
 * named (null for a sale by door plate).
 */
export function saleOpening(
  ctx: TillContext,
  saleId: string,
  cardUid: string | null,
): { resent: boolean; generation: string; card: CardOfHousehold | null } {
  const row = ctx.store
    .sql(
      `SELECT EXISTS (SELECT 1 FROM sales WHERE id = ?) AS resent,
         (SELECT hex(value) FROM master_generation) AS generation, ${CARD_COLUMNS}
       FROM (SELECT 1) LEFT JOIN cards c ON c.uid = ? LEFT JOIN card_state s ON s.uid = c.uid`,
    )
    .raw()
    .get(saleId, cardUid) as [number, string, ...CardRaw];
  return { resent: row[0] === 1, generation: row[1], card: row[2] === null ? null : cardOfRaw(row, 2) };
}

/** The sale's kept facts under `generation`, the master generation saleOpening read in this transaction. */
export function saleFacts(ctx: TillContext, generation: string): SaleFacts {
  const { store } = ctx;
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
        .raw()
        .get(id, ctx.shopId) as [qty: number, avgCostFen: number] | undefined;
      // A new object each time, so the kept row is never handed out (fields named: no spread per line).
      return {
        id: p.id,
        name: p.name,
        price_points: p.price_points,
        is_service: p.is_service,
        active: p.active,
        qty: stock ? stock[0] : null,
        avg_cost_fen: stock ? stock[1] : null,
      };
    },
  };
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
