import type { JournalEntry } from '../../src/journal/entry';
import { isSelfApproved } from '../../src/points/approval';
import type { LedgerLineTable, StockLineTable } from '../db/schema';

/**
 * What one journal entry means for the township's books: points lines (by household,
 * with village, shop and rule category for the month-end report) and stock lines (by
 * shop and product, valued at the unit cost the entry recorded).
 */
export interface ProjectionContext {
  townshipId: string;
  period: string;
  /** The shop of the device that wrote the entry (null for the server). */
  deviceShopId: string | null;
  villageOf(householdId: string): string | null;
  categoryOf(ruleId: string | null): string;
}

export interface Projection {
  ledger: LedgerLineTable[];
  stock: StockLineTable[];
}

const POINTS_BUCKET = {
  'points.award': 'issued',
  'points.deduct': 'deducted',
  'points.reverse': 'reversed',
} as const satisfies Record<string, LedgerLineTable['kind']>;

export function projectEntry(e: JournalEntry, ctx: ProjectionContext): Projection {
  const ledger: LedgerLineTable[] = [];
  const stock: StockLineTable[] = [];
  // Explicit fields, no spread of a shared base: this runs for every line of every push.
  const { townshipId, period } = ctx;
  const points = (
    householdId: string,
    shopId: string | null,
    kind: LedgerLineTable['kind'],
    category: string,
    amount: number,
    costFen: number,
  ) =>
    ledger.push({
      entryId: e.id,
      townshipId,
      period,
      lineNo: ledger.length,
      deviceId: e.deviceId,
      shopId,
      villageId: ctx.villageOf(householdId),
      householdId,
      kind,
      category,
      points: amount,
      costFen,
    });
  const move = (shopId: string, productId: string, kind: string, qty: number, unitCostFen: number) =>
    stock.push({
      entryId: e.id,
      townshipId,
      period,
      lineNo: stock.length,
      shopId,
      productId,
      kind,
      qty,
      valueFen: qty * unitCostFen,
    });

  switch (e.kind) {
    case 'sale': {
      const cost = e.body.lines.reduce((s, l) => s + l.qty * l.unitCostFen, 0);
      points(e.body.householdId, e.body.shopId, 'redeemed', 'redemption', -e.body.totalPoints, cost);
      for (const l of e.body.lines)
        if (!l.isService) move(e.body.shopId, l.productId, 'sale', -l.qty, l.unitCostFen);
      break;
    }
    case 'sale.void': {
      const cost = e.body.lines.reduce((s, l) => s + l.qty * l.unitCostFen, 0);
      points(e.body.householdId, e.body.shopId, 'voided', e.body.mode, e.body.totalPoints, -cost);
      for (const l of e.body.lines)
        if (!l.isService) move(e.body.shopId, l.productId, 'return', l.qty, l.unitCostFen);
      break;
    }
    case 'points.award':
    case 'points.deduct':
    case 'points.reverse':
      // Two-person rule: a self-approved entry is stored and flagged (points-flags.ts), never counted.
      if (isSelfApproved(e.body)) break;
      points(
        e.body.householdId,
        ctx.deviceShopId,
        POINTS_BUCKET[e.kind],
        ctx.categoryOf(e.body.ruleId),
        e.body.amount,
        0,
      );
      break;
    case 'points.opening':
      // Counts in balances; its own category keeps it apart from the month's awards.
      points(e.body.householdId, null, 'issued', 'opening', e.body.amount, 0);
      break;
    case 'stock.receive':
    case 'stock.donation':
    case 'stock.adjust':
    case 'stock.stocktake':
    case 'stock.writeoff':
      move(e.body.shopId, e.body.productId, e.kind.slice(6), e.body.qty, e.body.unitCostFen);
      break;
    default:
      break;
  }
  return { ledger, stock };
}

/** Households an entry names, so the batch can load their villages and balances at once. */
export function householdOf(e: JournalEntry): string | null {
  if ('householdId' in e.body && typeof e.body.householdId === 'string') return e.body.householdId;
  return null;
}

export function ruleOf(e: JournalEntry): string | null {
  return 'ruleId' in e.body && typeof e.body.ruleId === 'string' ? e.body.ruleId : null;
}
