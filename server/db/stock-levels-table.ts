import type { Kysely, Migration } from 'kysely';
import { applyMove, type Level, levelValue } from '../../src/stock/valuation';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Each shop's stock level and moving average as the till keeps it (decision 0810), so the
 * month-end sums add value changes at that average instead of qty × unit cost. Databases
 * with stock already synced get their levels and month sums rebuilt by replaying the lines
 * in the order they were received, the order ingest uses from now on.
 */
export const stockLevelsTable: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('stock_levels')
      .addColumn('township_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('qty', 'bigint', (c) => c.notNull())
      .addColumn('avg_cost_fen', 'bigint', (c) => c.notNull())
      .addColumn('moves', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('stock_levels_pk', ['shop_id', 'product_id'])
      .execute();
    await db.schema
      .createIndex('stock_lines_shop_product')
      .on('stock_lines')
      .columns(['shop_id', 'product_id'])
      .execute();

    const lines = await db
      .selectFrom('stock_lines as l')
      .innerJoin('entries as e', 'e.id', 'l.entry_id')
      // One-word aliases: the connection's CamelCasePlugin would rename snake_case result keys.
      .select([
        'l.township_id as township',
        'l.period as period',
        'l.shop_id as shop',
        'l.product_id as product',
        'l.qty as qty',
        'l.value_fen as value',
      ])
      .orderBy('e.recv_seq')
      .orderBy('l.line_no')
      .execute();
    if (lines.length === 0) return;
    const levels = new Map<
      string,
      Level & { townshipId: string; shopId: string; productId: string; moves: number }
    >();
    const totals = new Map<
      string,
      { township_id: string; period: string; shop_id: string; qty: number; value_fen: number }
    >();
    for (const l of lines) {
      const qty = Number(l.qty);
      const key = `${l.shop}\u0000${l.product}`;
      const before = levels.get(key) ?? null;
      const after = applyMove(before, qty, Number(l.value) / qty);
      levels.set(key, {
        ...after,
        townshipId: l.township,
        shopId: l.shop,
        productId: l.product,
        moves: (before?.moves ?? 0) + 1,
      });
      const cellKey = `${l.township}\u0000${l.period}\u0000${l.shop}`;
      const cell = totals.get(cellKey) ?? {
        township_id: l.township,
        period: l.period,
        shop_id: l.shop,
        qty: 0,
        value_fen: 0,
      };
      cell.qty += qty;
      cell.value_fen += levelValue(after) - (before ? levelValue(before) : 0);
      totals.set(cellKey, cell);
    }
    await db.deleteFrom('stock_totals').execute();
    const cells = [...totals.values()];
    for (let i = 0; i < cells.length; i += 500)
      await db
        .insertInto('stock_totals')
        .values(cells.slice(i, i + 500))
        .execute();
    const rows = [...levels.values()].map((l) => ({
      township_id: l.townshipId,
      shop_id: l.shopId,
      product_id: l.productId,
      qty: l.qty,
      avg_cost_fen: l.avgCostFen,
      moves: l.moves,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('stock_levels')
        .values(rows.slice(i, i + 500))
        .execute();
  },
};
