import { z } from 'zod';
import type {
  StockCardRowView,
  StockCardView,
  StockProductView,
  StockShopView,
  StockView,
} from '../../src/console/stock';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireRowInScope, requireTownship, sessionOf, villageScope } from '../console-api/guard';
import { id, townshipParam } from '../console-api/township-of';
import type { Db } from '../db/connect';
import { parseWith } from '../routes/errors';
import { shopCatalog } from './shop-stock';
import { currentLevels, replayStock } from './stock-ledger';

const CARD_ROWS = 500;

/**
 * The console's stock pages (issue 12): stock and value per shop at the till's moving
 * average, the price in force at each shop, low-stock marks, and a product's stock card.
 * Officers see their township; a cadre sees the shops of their own village only.
 */
export const stockRoutes: ConsoleRouteModule = (api, { db }) => {
  api.get('/townships/:townshipId/stock', async (req): Promise<StockView> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireTownship(s, t);
    const village = villageScope(s);
    const shops = await db
      .selectFrom('shops as s')
      .innerJoin('villages as v', 'v.id', 's.villageId')
      .select(['s.id', 's.name', 'v.name as villageName'])
      .where('s.townshipId', '=', t)
      .$if(village !== null, (q) => q.where('s.villageId', '=', village!))
      .orderBy('v.name')
      .orderBy('s.name')
      .execute();
    const [levels, catalog] = await Promise.all([currentLevels(db, t), shopCatalog(db, t)]);
    const views: StockShopView[] = shops.map((shop) => {
      const level = new Map(levels.filter((l) => l.shopId === shop.id).map((l) => [l.productId, l]));
      const products: StockProductView[] = [];
      for (const p of catalog) {
        if (p.shopId !== shop.id || p.isService) continue;
        const l = level.get(p.productId);
        level.delete(p.productId);
        if (!l && !p.active) continue;
        products.push(productView(p, l));
      }
      // Stock of a product the shop's catalog no longer names still counts in its value.
      for (const l of level.values()) products.push(productView(null, l));
      products.sort(
        (a, b) => a.category.localeCompare(b.category, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'),
      );
      return {
        shopId: shop.id,
        shopName: shop.name,
        villageName: shop.villageName,
        valueFen: products.reduce((n, p) => n + p.valueFen, 0),
        lowCount: products.filter((p) => p.low || p.negative).length,
        products,
      };
    });
    return { shops: views, totalValueFen: views.reduce((n, v) => n + v.valueFen, 0) };
  });

  api.get('/townships/:townshipId/shops/:shopId/stock/:productId', async (req): Promise<StockCardView> => {
    const s = sessionOf(req);
    const p = parseWith(z.object({ townshipId: id, shopId: id, productId: id }), req.params, false);
    const shop = await db
      .selectFrom('shops')
      .select(['townshipId', 'villageId', 'name'])
      .where('id', '=', p.shopId)
      .executeTakeFirst();
    requireRowInScope(s, p.townshipId, shop, { shopId: p.shopId });
    const [{ moves, levels }, catalog] = await Promise.all([
      replayStock(db, p.townshipId, { shopId: p.shopId, productId: p.productId }),
      shopCatalog(db, p.townshipId),
    ]);
    const product = catalog.find((c) => c.shopId === p.shopId && c.productId === p.productId);
    const level = levels[0];
    const shown = moves.slice(-CARD_ROWS);
    const refs = await references(
      db,
      shown.map((m) => m.entryId),
    );
    const rows: StockCardRowView[] = shown.map((m) => ({
      at: m.at,
      kind: m.kind,
      qty: m.qty,
      unitCostFen: m.unitCostFen,
      qtyAfter: m.qtyAfter,
      avgCostAfterFen: m.avgCostAfterFen,
      valueAfterFen: m.valueAfterFen,
      reference: refs.get(m.entryId) ?? '',
    }));
    return {
      shopId: p.shopId,
      shopName: shop!.name,
      productId: p.productId,
      name: product?.name ?? (await productName(db, p.productId)) ?? p.productId,
      unit: product?.unit ?? '',
      pricePoints: product?.pricePoints ?? null,
      priceSource: product?.source ?? null,
      prices: product?.prices ?? [],
      qty: level?.qty ?? 0,
      avgCostFen: level?.avgCostFen ?? 0,
      valueFen: level?.valueFen ?? 0,
      rows,
      totalMoves: moves.length,
    };
  });
};

type CatalogRow = Awaited<ReturnType<typeof shopCatalog>>[number];
type LevelRow = Awaited<ReturnType<typeof currentLevels>>[number];

function productView(p: CatalogRow | null, l: LevelRow | undefined): StockProductView {
  const qty = l?.qty ?? 0;
  const lowStock = p?.lowStock ?? 0;
  return {
    productId: p?.productId ?? l!.productId,
    name: p?.name ?? l!.productId,
    unit: p?.unit ?? '',
    category: p?.category ?? '',
    pricePoints: p?.pricePoints ?? 0,
    priceSource: p?.source ?? 'township',
    qty,
    avgCostFen: l?.avgCostFen ?? 0,
    valueFen: l?.valueFen ?? 0,
    lowStock,
    low: qty >= 0 && lowStock > 0 && qty <= lowStock,
    negative: qty < 0,
    moves: l?.moves ?? 0,
  };
}

async function productName(db: Db, productId: string): Promise<string | undefined> {
  const r = await db.selectFrom('products').select('name').where('id', '=', productId).executeTakeFirst();
  return r?.name;
}

/** What the till wrote beside each move: why, and from whom (supplier, donor) or the receipt. */
async function references(db: Db, entryIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < entryIds.length; i += 200) {
    const rows = await db
      .selectFrom('entries')
      .select(['id', 'kind', 'body'])
      .where('id', 'in', entryIds.slice(i, i + 200))
      .execute();
    for (const r of rows) {
      const b = JSON.parse(r.body) as { reason?: string; reference?: string; receiptNo?: string };
      const party = r.kind === 'stock.receive' || r.kind === 'stock.donation' ? b.reference : undefined;
      out.set(r.id, [b.receiptNo, b.reason, party].filter((x) => x).join(' · '));
    }
  }
  return out;
}
