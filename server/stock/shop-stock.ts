import type { Kysely } from 'kysely';
import { CatalogProductBodySchema } from '../../src/journal/entry';
import type { ServerDatabase } from '../db/schema';
import { currentLevels } from './stock-ledger';

/**
 * What the township sees of each shop's stock (issue 12, decision 0800): stock and value
 * per shop and product at the till's moving average, as ingest keeps it (stock-ledger.ts,
 * decision 0810), and the products and prices in force at each
 * shop: township master data, overridden per shop by that shop's newest catalog.product
 * entry, with every price the shop has had.
 */

export interface ShopStockRow {
  shopId: string;
  shopName: string;
  productId: string;
  productName: string;
  qty: number;
  avgCostFen: number;
  valueFen: number;
}

export async function shopStock(db: Kysely<ServerDatabase>, townshipId: string): Promise<ShopStockRow[]> {
  const [levels, shops, products, names] = await Promise.all([
    currentLevels(db, townshipId),
    db.selectFrom('shops').select(['id', 'name']).where('townshipId', '=', townshipId).execute(),
    db.selectFrom('products').select(['id', 'name']).where('townshipId', '=', townshipId).execute(),
    catalogNames(db, townshipId),
  ]);
  const shopName = new Map(shops.map((s) => [s.id, s.name]));
  const productName = new Map(products.map((p) => [p.id, p.name]));
  return levels
    .map((l) => ({
      shopId: l.shopId,
      shopName: shopName.get(l.shopId) ?? l.shopId,
      productId: l.productId,
      productName: productName.get(l.productId) ?? names.get(l.productId) ?? l.productId,
      qty: l.qty,
      avgCostFen: l.avgCostFen,
      valueFen: l.valueFen,
    }))
    .sort(
      (a, b) =>
        a.shopName.localeCompare(b.shopName, 'zh-CN') || a.productName.localeCompare(b.productName, 'zh-CN'),
    );
}

/** Products created on a till exist on the server only as entries until master data takes them in. */
async function catalogNames(db: Kysely<ServerDatabase>, townshipId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const e of await catalogEntries(db, townshipId)) names.set(e.body.productId, e.body.name);
  return names;
}

async function catalogEntries(db: Kysely<ServerDatabase>, townshipId: string) {
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'at', 'body', 'deviceId', 'seq'])
    .where('townshipId', '=', townshipId)
    .where('kind', '=', 'catalog.product')
    .orderBy('at')
    .orderBy('recvSeq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    body: CatalogProductBodySchema.parse(JSON.parse(r.body)),
  }));
}

export interface ShopProductRow {
  shopId: string;
  productId: string;
  name: string;
  unit: string;
  category: string;
  barcodes: string[];
  pricePoints: number;
  costFen: number | null;
  isService: boolean;
  active: boolean;
  /** Low-stock threshold; 0: none (the township's price list keeps none). */
  lowStock: number;
  /** 'township' when master data is in force, else the shop's own change. */
  source: 'township' | 'shop';
  /** Every points price the shop has had, oldest first (from its catalog entries). */
  prices: { pricePoints: number; fromAt: number }[];
}

export async function shopCatalog(db: Kysely<ServerDatabase>, townshipId: string): Promise<ShopProductRow[]> {
  const shops = await db.selectFrom('shops').select('id').where('townshipId', '=', townshipId).execute();
  const master = await db.selectFrom('products').selectAll().where('townshipId', '=', townshipId).execute();
  const entries = await catalogEntries(db, townshipId);
  const out: ShopProductRow[] = [];
  for (const { id: shopId } of shops) {
    const own = entries.filter((e) => e.body.shopId === shopId);
    const byProduct = new Map<string, ShopProductRow>();
    for (const p of master) {
      byProduct.set(p.id, {
        shopId,
        productId: p.id,
        name: p.name,
        unit: p.unit,
        category: p.category,
        barcodes: p.barcode ? [p.barcode] : [],
        pricePoints: p.pricePoints,
        costFen: null,
        isService: p.isService === 1,
        active: p.active === 1,
        lowStock: 0,
        source: 'township',
        prices: [],
      });
    }
    for (const e of own) {
      const b = e.body;
      const prev = byProduct.get(b.productId);
      const prices = prev?.prices ?? [];
      if (prices.at(-1)?.pricePoints !== b.pricePoints)
        prices.push({ pricePoints: b.pricePoints, fromAt: e.at });
      byProduct.set(b.productId, {
        shopId,
        productId: b.productId,
        name: b.name,
        unit: b.unit,
        category: b.category,
        barcodes: b.barcodes,
        pricePoints: b.pricePoints,
        costFen: b.costFen,
        isService: b.isService,
        active: b.active,
        lowStock: b.lowStock,
        source: 'shop',
        prices,
      });
    }
    out.push(...byProduct.values());
  }
  return out;
}
