import type { Transaction } from 'kysely';
import type {
  EntryTable,
  LedgerLineTable,
  LedgerTotalTable,
  ServerDatabase,
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
    const key = [l.period, villageId, shopId, l.category, l.kind].join('\u0000');
    const cell = cells.get(key) ?? {
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
    cell.points += l.points;
    cell.costFen += l.costFen;
    cell.count += 1;
    cells.set(key, cell);
  }
  const stockCells = new Map<string, StockTotalTable>();
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
    cell.valueFen += s.valueFen;
    stockCells.set(key, cell);
  }
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
