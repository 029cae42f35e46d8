import type { Transaction } from 'kysely';
import { applyMove, levelValue } from '../../src/stock/valuation';
import { inChunks } from '../db/bulk';
import type {
  EntryTable,
  LedgerLineTable,
  LedgerTotalTable,
  ServerDatabase,
  StockLevelTable,
  StockLineTable,
  StockTotalTable,
} from '../db/schema';

/**
 * Keeps the month-end sums current as entries arrive: one upsert per report cell per
 * batch, adding to what is there. A close then reads a few hundred cells instead of
 * scanning a month of ledger lines, so its cost does not grow with the ledger.
 */
export async function addTotals(
  trx: Transaction<ServerDatabase>,
  townshipId: string,
  entries: EntryTable[],
  ledger: LedgerLineTable[],
  stock: StockLineTable[],
): Promise<void> {
  const cells = new Map<string, LedgerTotalTable>();
  for (const l of ledger) {
    const villageId = l.villageId ?? '';
    const shopId = l.shopId ?? '';
    const key = `${l.period}\u0000${villageId}\u0000${shopId}\u0000${l.category}\u0000${l.kind}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        townshipId,
        period: l.period,
        villageId,
        shopId,
        category: l.category,
        kind: l.kind,
        points: 0,
        costFen: 0,
        count: 0,
      };
      cells.set(key, cell);
    }
    cell.points += l.points;
    cell.costFen += l.costFen;
    cell.count += 1;
  }
  const stockCells = new Map<string, StockTotalTable>();
  const levels = await stockLevelsOf(trx, stock);
  for (const s of stock) {
    const key = `${s.period}\u0000${s.shopId}`;
    const cell = stockCells.get(key) ?? {
      townshipId,
      period: s.period,
      shopId: s.shopId,
      qty: 0,
      valueFen: 0,
    };
    cell.qty += s.qty;
    // The value change at the shop's moving average, as the till values it (decision 0810):
    // summed over a shop's months it is qty × average, not the drifting sum of qty × unit cost.
    const levelKey = `${s.shopId}\u0000${s.productId}`;
    const before = levels.get(levelKey) ?? null;
    const after = applyMove(before, s.qty, s.valueFen / s.qty);
    levels.set(levelKey, {
      townshipId,
      shopId: s.shopId,
      productId: s.productId,
      qty: after.qty,
      avgCostFen: after.avgCostFen,
      moves: (before?.moves ?? 0) + 1,
    });
    cell.valueFen += levelValue(after) - (before ? levelValue(before) : 0);
    stockCells.set(key, cell);
  }
  const changed = [...levels.values()];
  await inChunks(changed, (chunk) =>
    trx
      .insertInto('stockLevels')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['shopId', 'productId']).doUpdateSet((eb) => ({
          qty: eb.ref('excluded.qty'),
          avgCostFen: eb.ref('excluded.avgCostFen'),
          moves: eb.ref('excluded.moves'),
        })),
      )
      .execute(),
  );
  const counts = new Map<string, { townshipId: string; period: string; entries: number; late: number }>();
  for (const e of entries) {
    const c = counts.get(e.period) ?? { townshipId, period: e.period, entries: 0, late: 0 };
    c.entries += 1;
    c.late += e.late;
    counts.set(e.period, c);
  }
  if (cells.size > 0) {
    await trx
      .insertInto('ledgerTotals')
      .values([...cells.values()])
      .onConflict((oc) =>
        oc.columns(['townshipId', 'period', 'villageId', 'shopId', 'category', 'kind']).doUpdateSet((eb) => ({
          points: eb('ledgerTotals.points', '+', eb.ref('excluded.points')),
          costFen: eb('ledgerTotals.costFen', '+', eb.ref('excluded.costFen')),
          count: eb('ledgerTotals.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }
  if (stockCells.size > 0) {
    await trx
      .insertInto('stockTotals')
      .values([...stockCells.values()])
      .onConflict((oc) =>
        oc.columns(['townshipId', 'period', 'shopId']).doUpdateSet((eb) => ({
          qty: eb('stockTotals.qty', '+', eb.ref('excluded.qty')),
          valueFen: eb('stockTotals.valueFen', '+', eb.ref('excluded.valueFen')),
        })),
      )
      .execute();
  }
  if (counts.size > 0) {
    await trx
      .insertInto('periodCounts')
      .values([...counts.values()])
      .onConflict((oc) =>
        oc.columns(['townshipId', 'period']).doUpdateSet((eb) => ({
          entries: eb('periodCounts.entries', '+', eb.ref('excluded.entries')),
          late: eb('periodCounts.late', '+', eb.ref('excluded.late')),
        })),
      )
      .execute();
  }
}

/** The current level of every shop and product a batch moves, to value its moves from. */
async function stockLevelsOf(
  trx: Transaction<ServerDatabase>,
  stock: StockLineTable[],
): Promise<Map<string, StockLevelTable>> {
  const levels = new Map<string, StockLevelTable>();
  if (stock.length === 0) return levels;
  const shops = [...new Set(stock.map((s) => s.shopId))];
  const products = [...new Set(stock.map((s) => s.productId))];
  const rows = await inChunks(products, (chunk) =>
    trx
      .selectFrom('stockLevels')
      .selectAll()
      .where('shopId', 'in', shops)
      .where('productId', 'in', chunk)
      .execute(),
  );
  for (const r of rows) {
    levels.set(`${r.shopId}\u0000${r.productId}`, {
      ...r,
      qty: Number(r.qty),
      avgCostFen: Number(r.avgCostFen),
      moves: Number(r.moves),
    });
  }
  return levels;
}
