import type { Kysely } from 'kysely';
import { applyMove, type Level, levelValue } from '../../src/stock/valuation';
import type { ServerDatabase } from '../db/schema';

/**
 * The township's view of each shop's stock (decision 0810): the stock card of a product,
 * its synced lines replayed in the order the server received them (a device's own order)
 * with the till's moving-average rule, so every level, average and value is the one the
 * till's card shows; and the current levels ingest keeps by the same rule. Summing
 * qty × unit cost instead drifts from qty × average by the half-up rounding at each
 * receipt and by every restart of the average after negative stock.
 */

export interface StockFilter {
  shopId?: string;
  productId?: string;
}

export interface ReplayedMove {
  entryId: string;
  at: number;
  shopId: string;
  productId: string;
  kind: string;
  qty: number;
  unitCostFen: number;
  qtyAfter: number;
  avgCostAfterFen: number;
  valueAfterFen: number;
}

export interface ShopProductLevel {
  shopId: string;
  productId: string;
  qty: number;
  avgCostFen: number;
  valueFen: number;
  moves: number;
}

async function stockMoves(db: Kysely<ServerDatabase>, townshipId: string, f: StockFilter) {
  const rows = await db
    .selectFrom('stockLines as l')
    .innerJoin('entries as e', 'e.id', 'l.entryId')
    .select(['l.entryId', 'e.at', 'l.shopId', 'l.productId', 'l.kind', 'l.qty', 'l.valueFen'])
    .where('l.townshipId', '=', townshipId)
    .$if(f.shopId !== undefined, (q) => q.where('l.shopId', '=', f.shopId!))
    .$if(f.productId !== undefined, (q) => q.where('l.productId', '=', f.productId!))
    .orderBy('e.recvSeq')
    .orderBy('l.lineNo')
    .execute();
  return rows.map((r) => {
    const qty = Number(r.qty);
    // The projection stores qty × the unit cost the till recorded on the move.
    return { ...r, at: Number(r.at), qty, unitCostFen: qty === 0 ? 0 : Number(r.valueFen) / qty };
  });
}

/** Every move of the filter, with the running level, average and value of its shop and product. */
export async function replayStock(
  db: Kysely<ServerDatabase>,
  townshipId: string,
  filter: StockFilter = {},
): Promise<{ moves: ReplayedMove[]; levels: ShopProductLevel[] }> {
  const levels = new Map<string, Level & { shopId: string; productId: string; moves: number }>();
  const moves: ReplayedMove[] = [];
  for (const m of await stockMoves(db, townshipId, filter)) {
    const key = `${m.shopId}\u0000${m.productId}`;
    const before = levels.get(key) ?? null;
    const after = applyMove(before, m.qty, m.unitCostFen);
    levels.set(key, {
      ...after,
      shopId: m.shopId,
      productId: m.productId,
      moves: (before?.moves ?? 0) + 1,
    });
    moves.push({
      entryId: m.entryId,
      at: m.at,
      shopId: m.shopId,
      productId: m.productId,
      kind: m.kind,
      qty: m.qty,
      unitCostFen: m.unitCostFen,
      qtyAfter: after.qty,
      avgCostAfterFen: after.avgCostFen,
      valueAfterFen: levelValue(after),
    });
  }
  return {
    moves,
    levels: [...levels.values()].map((l) => ({
      shopId: l.shopId,
      productId: l.productId,
      qty: l.qty,
      avgCostFen: l.avgCostFen,
      valueFen: levelValue(l),
      moves: l.moves,
    })),
  };
}

/** Every shop's current level of every product it has moved (kept by ingest, decision 0810). */
export async function currentLevels(
  db: Kysely<ServerDatabase>,
  townshipId: string,
): Promise<ShopProductLevel[]> {
  const rows = await db.selectFrom('stockLevels').selectAll().where('townshipId', '=', townshipId).execute();
  return rows.map((r) => {
    const level = { qty: Number(r.qty), avgCostFen: Number(r.avgCostFen) };
    return {
      shopId: r.shopId,
      productId: r.productId,
      ...level,
      valueFen: levelValue(level),
      moves: Number(r.moves),
    };
  });
}
