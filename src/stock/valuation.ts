import { type Fen, fen, movingAverageCost } from '../money';

/**
 * Stock valuation, pure (decisions 0801, 0802). The materialiser on the till and the
 * tests use the same rule: inflows move the moving average (half-up per receipt),
 * outflows leave it; a receipt into stock at or below zero restarts it at the receipt's
 * cost; stock value = quantity × average.
 */

export interface Level {
  qty: number;
  avgCostFen: number;
}

export interface CardMove {
  kind: string;
  qty: number;
  unitCostFen: number;
}

export interface CardRow extends CardMove {
  qtyAfter: number;
  avgCostAfterFen: number;
  valueAfterFen: number;
}

/** The level after one move: the till's stock levels and its stock card both follow it. */
export function applyMove(level: Level | null, qty: number, unitCostFen: number): Level {
  const onHand = level?.qty ?? 0;
  const avg = level ? level.avgCostFen : unitCostFen;
  const nextAvg = qty > 0 ? movingAverageCost(onHand, avg as Fen, qty, unitCostFen as Fen) : avg;
  return { qty: onHand + qty, avgCostFen: nextAvg };
}

/** A stock card from a product's moves in the order they were applied. */
export function stockCard(moves: readonly CardMove[]): CardRow[] {
  let level: Level | null = null;
  return moves.map((m) => {
    level = applyMove(level, m.qty, m.unitCostFen);
    return {
      ...m,
      qtyAfter: level.qty,
      avgCostAfterFen: level.avgCostFen,
      valueAfterFen: level.qty * level.avgCostFen,
    };
  });
}

/**
 * Donation cost policy (decision 0801, against ERPNext #43580 where a zero-cost receipt
 * halved the average of bought stock): a donation enters at the moving average of the
 * stock on hand, so it never moves the average of what was bought. Only when there is
 * no average to keep (nothing on hand, or no cost known yet) does the donor's estimated
 * value seed it. The estimate is always recorded on the entry for the donations report.
 */
export function donationUnitCost(level: Level | null, estimatedUnitValueFen: number): Fen {
  if (level && level.qty > 0 && level.avgCostFen > 0) return fen(level.avgCostFen);
  return fen(estimatedUnitValueFen);
}

/** Stock value of a level in fen (negative stock gives a negative value, flagged elsewhere). */
export function levelValue(level: Level): number {
  return level.qty * level.avgCostFen;
}
