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

/** One ledger line of entry `e`, numbered after the entry's earlier lines (from `first`). */
function pointsLine(
  out: Projection,
  e: JournalEntry,
  period: string,
  ctx: ProjectionContext,
  first: number,
  householdId: string,
  shopId: string | null,
  kind: LedgerLineTable['kind'],
  category: string,
  amount: number,
  costFen: number,
): void {
  out.ledger.push({
    entryId: e.id,
    townshipId: ctx.townshipId,
    period,
    lineNo: out.ledger.length - first,
    deviceId: e.deviceId,
    shopId,
    villageId: ctx.villageOf(householdId),
    householdId,
    kind,
    category,
    points: amount,
    costFen,
  });
}

/** One stock line of entry `e`, numbered after the entry's earlier moves (from `first`). */
function moveLine(
  out: Projection,
  e: JournalEntry,
  period: string,
  ctx: ProjectionContext,
  first: number,
  shopId: string,
  productId: string,
  kind: string,
  qty: number,
  unitCostFen: number,
): void {
  out.stock.push({
    entryId: e.id,
    townshipId: ctx.townshipId,
    period,
    lineNo: out.stock.length - first,
    shopId,
    productId,
    kind,
    qty,
    valueFen: qty * unitCostFen,
  });
}

/**
 * A sale's points line (its points and its goods' yuan cost) and one stock line per good,
 * signed by `sign`: -1 for the sale (points and stock out), 1 for its void (back in).
 */
function saleLines(
  out: Projection,
  body: Extract<JournalEntry, { kind: 'sale' | 'sale.void' }>['body'],
  e: JournalEntry,
  period: string,
  ctx: ProjectionContext,
  l0: number,
  s0: number,
  sign: 1 | -1,
  kind: LedgerLineTable['kind'],
  category: string,
  moveKind: string,
): void {
  let cost = 0;
  for (const l of body.lines) cost += l.qty * l.unitCostFen;
  pointsLine(
    out,
    e,
    period,
    ctx,
    l0,
    body.householdId,
    body.shopId,
    kind,
    category,
    sign * body.totalPoints,
    -sign * cost,
  );
  for (const l of body.lines)
    if (!l.isService)
      moveLine(out, e, period, ctx, s0, body.shopId, l.productId, moveKind, sign * l.qty, l.unitCostFen);
}

/**
 * Appends the entry's lines, numbered from 0 for the entry, to the batch's `out`: one
 * context for the whole batch, and no arrays or closures per entry, since this runs for
 * every entry of every push. Explicit fields, no spread of a shared base.
 */
export function projectEntry(e: JournalEntry, period: string, ctx: ProjectionContext, out: Projection): void {
  const l0 = out.ledger.length;
  const s0 = out.stock.length;
  switch (e.kind) {
    case 'sale':
      // A sale takes points and goods; its void gives both back.
      saleLines(out, e.body, e, period, ctx, l0, s0, -1, 'redeemed', 'redemption', 'sale');
      break;
    case 'sale.void':
      saleLines(out, e.body, e, period, ctx, l0, s0, 1, 'voided', e.body.mode, 'return');
      break;
    case 'points.award':
    case 'points.deduct':
    case 'points.reverse':
      // Two-person rule: a self-approved entry is stored and flagged (points-flags.ts), never counted.
      if (isSelfApproved(e.body)) break;
      pointsLine(
        out,
        e,
        period,
        ctx,
        l0,
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
      pointsLine(out, e, period, ctx, l0, e.body.householdId, null, 'issued', 'opening', e.body.amount, 0);
      break;
    case 'stock.receive':
    case 'stock.donation':
    case 'stock.adjust':
    case 'stock.stocktake':
    case 'stock.writeoff':
      moveLine(
        out,
        e,
        period,
        ctx,
        s0,
        e.body.shopId,
        e.body.productId,
        e.kind.slice(6),
        e.body.qty,
        e.body.unitCostFen,
      );
      break;
    default:
      break;
  }
}

/** Households an entry names, so the batch can load their villages and balances at once. */
export function householdOf(e: JournalEntry): string | null {
  if ('householdId' in e.body && typeof e.body.householdId === 'string') return e.body.householdId;
  return null;
}

export function ruleOf(e: JournalEntry): string | null {
  return 'ruleId' in e.body && typeof e.body.ruleId === 'string' ? e.body.ruleId : null;
}
