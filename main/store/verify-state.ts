import { type Fen, movingAverageCost } from '../../src/money';
import type { Db } from './database';
import { uncountedByHousehold } from './township-verdicts';
import { CHUNK, type Discrepancy, type PointsSums } from './verify-types';

export function checkBalances(db: Db, sums: PointsSums, report: (d: Discrepancy) => void): number {
  const rows = sums.exact ? balancesFromSums(db, sums) : balancesBySql(db);
  // The township's "not counted" verdicts leave those entries' points out (decision 0720).
  const uncounted = uncountedByHousehold(db);
  for (const r of rows) {
    r.recomputed -= uncounted.get(r.household_id) ?? 0;
    if (r.stored !== r.recomputed) {
      report({
        kind: 'balance',
        householdId: r.household_id,
        stored: r.stored ?? 0,
        recomputed: r.recomputed,
      });
    }
  }
  return rows.length;
}

type BalanceCheck = { household_id: string; stored: number | null; recomputed: number };

/** Each household with points rows beside its stored balance, then balances with no points rows (recomputed 0). */
function balancesFromSums(db: Db, sums: PointsSums): BalanceCheck[] {
  const stored = new Map(
    db.prepare('SELECT household_id, balance FROM balances').raw().all() as [string, number][],
  );
  const rows: BalanceCheck[] = [];
  for (const [household_id, recomputed] of sums.entries()) {
    rows.push({ household_id, stored: stored.get(household_id) ?? null, recomputed });
  }
  for (const [household_id, balance] of stored) {
    if (!sums.has(household_id)) rows.push({ household_id, stored: balance, recomputed: 0 });
  }
  return rows;
}

function balancesBySql(db: Db): BalanceCheck[] {
  return db
    .prepare(
      `SELECT h.household_id, b.balance AS stored, h.total AS recomputed
       FROM (SELECT household_id, sum(amount) AS total FROM points_entries GROUP BY household_id) h
       LEFT JOIN balances b ON b.household_id = h.household_id
       UNION ALL
       SELECT b.household_id, b.balance, 0 FROM balances b
       WHERE b.household_id NOT IN (SELECT household_id FROM points_entries)`,
    )
    .all() as BalanceCheck[];
}

/** rowid, product, shop, qty, unit cost, and the stock card's qty and average after the move. */
type Move = [number, string, string, number, number, number | null, number | null];

/** Replays stock moves in insertion order (rowid), as the materialiser applied them. */
export function checkStock(db: Db, report: (d: Discrepancy) => void): number {
  const levels = new Map<string, { qty: number; avg: number; productId: string; shopId: string }>();
  const chunk = db
    .prepare(
      `SELECT m.rowid, m.product_id, m.shop_id, m.qty, m.unit_cost_fen, g.qty_after, g.avg_cost_after_fen
       FROM stock_moves m LEFT JOIN stock_ledger g ON g.move_id = m.id WHERE m.rowid > ? ORDER BY m.rowid LIMIT ?`,
    )
    .raw();
  let after = 0;
  for (
    let rows = chunk.all(after, CHUNK) as Move[];
    rows.length > 0;
    rows = chunk.all(after, CHUNK) as Move[]
  ) {
    for (const [rowid, productId, shopId, qty, cost, cardQty, cardAvg] of rows) {
      const key = `${productId}|${shopId}`;
      let level = levels.get(key);
      // A product's first move in a shop starts from nothing at that move's unit cost.
      if (level === undefined) {
        level = { qty: 0, avg: cost, productId, shopId };
        levels.set(key, level);
      }
      const onHand = level.qty;
      const avg = level.avg;
      const nextAvg = qty > 0 ? movingAverageCost(onHand, avg as Fen, qty, cost as Fen) : avg;
      level.qty = onHand + qty;
      level.avg = nextAvg;
      level.productId = productId;
      level.shopId = shopId;
      // The stock card (stock_ledger) must say what the replay says after every move.
      if (cardQty !== onHand + qty || cardAvg !== nextAvg) {
        report({
          kind: 'stock',
          productId,
          shopId,
          stored: `stock card ${cardQty ?? 'missing'} @ ${cardAvg ?? 'missing'} (move ${rowid})`,
          recomputed: `${onHand + qty} @ ${nextAvg}`,
        });
      }
      after = rowid;
    }
  }
  const stored = db.prepare('SELECT product_id, shop_id, qty, avg_cost_fen FROM stock_levels').all() as {
    product_id: string;
    shop_id: string;
    qty: number;
    avg_cost_fen: number;
  }[];
  const seen = new Set<string>();
  for (const s of stored) {
    const key = `${s.product_id}|${s.shop_id}`;
    seen.add(key);
    const r = levels.get(key) ?? { qty: 0, avg: s.avg_cost_fen };
    if (r.qty !== s.qty || r.avg !== s.avg_cost_fen) {
      report({
        kind: 'stock',
        productId: s.product_id,
        shopId: s.shop_id,
        stored: `${s.qty} @ ${s.avg_cost_fen}`,
        recomputed: `${r.qty} @ ${r.avg}`,
      });
    }
  }
  for (const [key, r] of levels) {
    if (!seen.has(key))
      report({
        kind: 'stock',
        productId: r.productId,
        shopId: r.shopId,
        stored: 'missing',
        recomputed: `${r.qty} @ ${r.avg}`,
      });
  }
  return stored.length;
}
